"""What the build tests read back from a built book: its files, a page's text, images and glued values,
and the glued values of an executed notebook; a built book served locally and Debian's Chromium."""
from __future__ import annotations

import ast
import contextlib
import functools
import hashlib
import http.server
import re
import threading
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _page(build: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((build / "html" / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def page_text(build: Path, name: str) -> str:
    return _page(build, name).select_one("main, article, body").get_text(" ")


def page_images(build: Path, name: str) -> set[str]:
    html = (build / "html" / f"{name}.html").read_text(encoding="utf-8")
    return set(re.findall(r'<img[^>]+src="([^"]+\.png)"', html))


def pasted_texts(build: Path, name: str) -> list[str]:
    """The values a page shows through ``{glue:text}`` or ``{eval}``, in page order (myst-nb wraps
    each glued text in ``<span class="pasted-text">``, the build each evaluated one)."""
    return [span.get_text() for span in _page(build, name).select("span.pasted-text")]


def glued(build: Path, notebook: str) -> dict[str, str]:
    """The texts a notebook glued, by name, from its executed copy in the build's cache; for a
    chapter that uses ``{eval}``, its expressions' results, by expression."""
    from northeast.tooling.prose import METADATA_KEY, shown

    nb = nbformat.read(build / ".stage" / "executed" / notebook, as_version=4)
    values = {expr: shown(result) for expr, result in nb.metadata.get(METADATA_KEY, {}).get("expressions", {}).items()}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            scrap = output.get("metadata", {}).get("scrapbook")
            if scrap:
                values[scrap["name"]] = ast.literal_eval(output["data"][scrap["mime_prefix"] + "text/plain"])
    return values


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@contextlib.contextmanager
def served(folder: Path):
    """A built book served on 127.0.0.1 (a free port) for as long as the block runs; yields its address."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@contextlib.contextmanager
def debian_chromium():
    """Debian's Chromium driven by Playwright (never a browser downloaded at run time)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def small_book(project: Path, toc: str) -> None:
    """Give a copy of the project a small table of contents. The real book also builds its contributor
    pages outside its contents (``only_build_toc_files: false``); a small book builds only what it lists."""
    (project / "_toc.yml").write_text(toc)
    config = project / "_config.yml"
    config.write_text(config.read_text().replace("only_build_toc_files: false", "only_build_toc_files: true"))
