"""The chapters as a researcher reruns them (`make lab`): JupyterLab with jupyterlab-myst, in Debian's
Chromium driven by Playwright.

The test starts a Jupyter server from the project's environment on 127.0.0.1 (its own token, its own
configuration, settings and runtime folders, on a copy of the chapter so nothing is saved into
notebooks/), opens each chapter whose prose uses ``{eval}``, runs all cells, and checks that the
rendered Markdown shows, in order, every number the built book shows on that page (its
``pasted-text`` spans), with no raw ``{glue``, ``{eval``, ``{numref`` or ``{doc`` and no error; then
it stops the server. Needs the built book (`make book`) and requirements-lab.txt (`make test`
installs both). Screenshots go to <build dir>/screenshots/lab-*.png.
"""
from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from northeast.tooling import prose

from conftest import pasted_texts

ROOT = Path(__file__).resolve().parent.parent
BUILD = Path(os.environ.get("NORTHEAST_BUILD_DIR", ROOT / "_build"))
CHROMIUM = "/usr/bin/chromium"
RUN_SECONDS = int(os.environ.get("LAB_RUN_SECONDS", "300"))
RAW = ("{glue", "{eval", "{numref", "{doc")
SMART_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
# JupyterLab's settings for the session: every cell kept in the page (no windowing), no news, no
# update check, the extension manager without PyPI.
SETTINGS = {"@jupyterlab/notebook-extension/tracker.jupyterlab-settings": '{"windowingMode": "none"}',
            "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
                '{"fetchNews": "false", "checkForUpdates": false}'}


def chapters_with_eval() -> list[Path]:
    return [p for p in sorted((ROOT / "notebooks").glob("*.ipynb"))
            if prose.expressions(nbformat.read(p, as_version=4))]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A Jupyter server from this environment on 127.0.0.1, serving a folder of chapter copies."""
    if importlib_missing("jupyterlab") or importlib_missing("jupyterlab_myst"):
        pytest.fail("JupyterLab is not installed in this environment: run `make test` (or `make lab`)")
    home = tmp_path_factory.mktemp("lab")
    for relative, text in SETTINGS.items():
        (home / "settings" / relative).parent.mkdir(parents=True, exist_ok=True)
        (home / "settings" / relative).write_text(text)
    (home / "notebooks").mkdir()
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTER_PREFER_ENV_PATH="1", JUPYTER_CONFIG_DIR=str(home / "config"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"), JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"), JUPYTER_DATA_DIR=str(home / "data"))
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={home / 'notebooks'}",
               "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               "--LabApp.extension_manager=readonly"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = open(home / "server.log", "w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the Jupyter server did not start:\n{(home / 'server.log').read_text()[-2000:]}")
                time.sleep(0.5)
        yield {"base": base, "token": token, "folder": home / "notebooks", "log": home / "server.log"}
    finally:
        os.killpg(server.pid, signal.SIGTERM)   # the server and the kernels it started
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()
    assert server.returncode is not None


def importlib_missing(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is None


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


def markdown_texts(page) -> list[str]:
    return page.eval_on_selector_all(".jp-MarkdownCell", "cells => cells.map(c => c.innerText)")


def accept_kernel(page) -> None:
    """JupyterLab may ask which kernel to start: the one the notebook names ("python3", this
    environment's, as JUPYTER_PREFER_ENV_PATH makes it) is preselected."""
    try:
        page.click(".jp-Dialog .jp-Dialog-button.jp-mod-accept", timeout=10_000)
    except Exception:   # no dialog: the kernel was started without asking
        pass


def run_all(page) -> None:
    page.click(".lm-MenuBar-item:has-text('Run')")
    page.click(".lm-Menu-item[data-command='runmenu:run-all']")


def all_cells_ran(page) -> bool:
    prompts = page.eval_on_selector_all(".jp-CodeCell .jp-InputPrompt", "ps => ps.map(p => p.innerText.trim())")
    return bool(prompts) and all(re.fullmatch(r"\[\d+\]:", p) for p in prompts)


def in_order(values: list[str], text: str) -> list[str]:
    """The values not found in ``text`` one after the other (empty when all are, in that order)."""
    missing, position = [], 0
    for value in values:
        found = text.find(value, position)
        if found < 0:
            missing.append(value)
        else:
            position = found + len(value)
    return missing


def normal(text: str) -> str:
    return " ".join(text.translate(SMART_QUOTES).split())


@pytest.mark.parametrize("notebook", chapters_with_eval(), ids=lambda p: p.stem)
def test_a_chapter_run_in_jupyterlab_shows_the_books_numbers_in_its_prose(lab, chromium, notebook):
    built = BUILD / "html" / "notebooks" / f"{notebook.stem}.html"
    assert built.is_file(), f"{built} is missing: run `make book` first"
    expected = [normal(t) for t in pasted_texts(BUILD, f"notebooks/{notebook.stem}") if normal(t)]
    assert expected, f"the book's {notebook.stem} page shows no number from {{eval}}"
    shutil.copy2(notebook, lab["folder"] / notebook.name)

    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    outside = []
    context.route(re.compile(r"^(?!https?://127\.0\.0\.1[:/]).*"),
                  lambda route: (outside.append(route.request.url), route.abort()))
    page = context.new_page()
    try:
        # a workspace of its own, reset: JupyterLab would otherwise reopen the previous chapter's tab
        page.goto(f"{lab['base']}/lab/workspaces/{notebook.stem}/tree/{notebook.name}?reset&token={lab['token']}")
        page.set_default_timeout(60_000)   # a loaded machine (2 cores, several builds) is slow to start a kernel
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=180_000)
        accept_kernel(page)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=300_000)
        run_all(page)
        deadline = time.monotonic() + RUN_SECONDS
        while not all_cells_ran(page) and time.monotonic() < deadline:
            time.sleep(1)
        if not all_cells_ran(page):
            page.screenshot(path=str(lab["folder"].parent / "stuck.png"))
            prompts = page.eval_on_selector_all(".jp-CodeCell .jp-InputPrompt", "ps => ps.map(p => p.innerText)")
            pytest.fail(f"Run All did not finish within {RUN_SECONDS} s; prompts {prompts}; server log:\n"
                        + lab["log"].read_text()[-1500:])
        errors = page.eval_on_selector_all(
            "[data-mime-type='application/vnd.jupyter.stderr'], .myst-RenderedExpressionError",
            "es => es.map(e => e.innerText.slice(0, 300))")
        assert not errors, f"errors in the notebook: {errors}"
        # jupyterlab-myst evaluates the expressions once the kernel is idle again: wait for them
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            text = normal("\n".join(markdown_texts(page)))
            if not in_order(expected, text) and not any(raw in text for raw in RAW):
                break
            time.sleep(1)
        try:   # for the screenshot: the first prose with numbers
            page.locator(".jp-MarkdownCell", has_text=expected[0]).first.scroll_into_view_if_needed(timeout=10_000)
        except Exception:
            pass
        (BUILD / "screenshots").mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(BUILD / "screenshots" / f"lab-{notebook.stem}.png"), full_page=False)
    finally:
        context.close()
    raw = sorted({r for r in RAW if r in text})
    assert not raw, f"raw roles in the rendered Markdown: {raw}"
    assert not in_order(expected, text), f"numbers of the book not shown (in order) in JupyterLab: {in_order(expected, text)}"
    assert not outside, f"requests left 127.0.0.1: {outside[:5]}"
