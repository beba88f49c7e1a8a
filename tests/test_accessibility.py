"""Accessibility and valid HTML on every page of the built book.

* axe-core (pinned in tools/package.json, injected into each page with Playwright) finds no
  violation on any page of the table of contents or for contributors at 390 and 1366 px, in light and in dark mode
  (dark as a reader gets it from the system setting); the theme's toggle switches the mode.
* The Nu Html Checker (vnu-jar, pinned in tools/package.json, run with Java) finds no error in any
  HTML page the build writes, the root index.html included.

Both need `npm ci --prefix tools` and a Java runtime: `make test` installs them (Makefile, test-deps).
"""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from test_browser import HTML, PAGES, ROOT, Browser, browser, site  # noqa: F401 (fixtures)

TOOLS = ROOT / "tools" / "node_modules"
AXE = TOOLS / "axe-core" / "axe.min.js"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
# the contributors' pages: built, but outside the table of contents (`orphan: true`)
CONTRIBUTOR_PAGES = [f"book/{p.stem}.html" for p in sorted((ROOT / "book").glob("*.md"))
                     if p.read_text(encoding="utf-8").startswith("---\norphan: true")]
CHECKED = PAGES + CONTRIBUTOR_PAGES
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
SCHEMES = ("light", "dark")
# WCAG 2.1 A and AA, and axe's best practices (landmarks, headings, regions)
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': ' + (n.failureSummary || '').split('\\n')[1])}));
}"""


def _needs(path, what: str) -> None:
    if not path.is_file():
        pytest.fail(f"{path.relative_to(ROOT)} is missing: run `npm ci --prefix tools` ({what}; `make test` does)")


@pytest.fixture(scope="module")
def axe_results(browser, site) -> dict[tuple[str, str, str], list[dict]]:  # noqa: F811
    """Every page in every viewport and mode, checked once by axe."""
    _needs(AXE, "axe-core")
    results = {}
    for label, viewport in VIEWPORTS.items():
        for scheme in SCHEMES:
            context = browser.context(viewport)
            for name in CHECKED:
                page = context.new_page()
                page.emulate_media(color_scheme=scheme)
                page.goto(f"{site}/{name}", wait_until="load")
                page.wait_for_function(f"() => document.documentElement.dataset.theme === '{scheme}'")
                page.add_script_tag(path=str(AXE))
                results[(name, label, scheme)] = page.evaluate(AXE_RUN)
                page.close()
            context.close()
    return results


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", CHECKED)
def test_axe_finds_no_violation(axe_results, name, viewport, scheme):
    violations = axe_results[(name, viewport, scheme)]
    assert not violations, f"{name} at {viewport} width in {scheme} mode:\n" + "\n".join(
        f"  {v['impact']} {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in violations)


def test_dark_mode_follows_the_system_and_the_toggle(browser, site):  # noqa: F811
    context = browser.context(VIEWPORTS["desktop"])
    page = context.new_page()
    page.emulate_media(color_scheme="dark")
    page.goto(f"{site}/{PAGES[1]}", wait_until="load")
    page.wait_for_function("() => document.documentElement.dataset.theme === 'dark'")
    page.locator("button.theme-switch-button").first.click()   # auto (dark) -> light
    page.wait_for_function("() => document.documentElement.dataset.theme === 'light'")
    page.emulate_media(color_scheme="light")
    page.reload(wait_until="load")
    seen = []
    for _ in range(3):   # the toggle cycles auto, light and dark (in an order that depends on the system)
        page.locator("button.theme-switch-button").first.click()
        seen.append(page.evaluate("() => document.documentElement.dataset.theme"))
    context.close()
    assert "dark" in seen, f"the toggle never chose dark mode on a light system: {seen}"


def test_the_nu_html_checker_finds_no_error_on_any_page():
    _needs(VNU, "the Nu Html Checker")
    java = shutil.which("java")
    if not java:
        pytest.fail("no Java runtime: `make test` installs Debian's default-jre-headless")
    pages = sorted(str(p) for p in HTML.rglob("*.html") if not {"_static", "_sources"} & set(p.relative_to(HTML).parts))
    assert str(HTML / "index.html") in pages and len(pages) >= len(PAGES)
    run = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
                         capture_output=True, text=True, timeout=900)
    report = json.loads(run.stderr or run.stdout or '{"messages": []}')
    errors = [f"{m.get('url', '').removeprefix('file:' + str(HTML) + '/')}:{m.get('lastLine', '?')}: {m['message']}"
              for m in report["messages"] if m.get("type") in ("error", "non-document-error")]
    assert not errors, f"{len(errors)} errors:\n" + "\n".join(errors[:40])
    assert run.returncode == 0, run.stderr[-2000:]
