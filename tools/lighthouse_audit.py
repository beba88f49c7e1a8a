"""Weight and accessibility audit of the built book (`make audit`).

For every page of the table of contents (and the search page) this reports

* its weight computed from the built files: the page, every stylesheet, script, image and icon it
  links, and the images and fonts its stylesheets reference (Font Awesome's fonts only when the
  page has an icon of that style, as a browser does);
* what Lighthouse measures: bytes transferred from a server that compresses text as every static
  host does (GitHub Pages, Netlify, nginx with gzip on), the largest assets, and the scores for
  performance, accessibility and best practices (Lighthouse's default mobile profile, with its
  simulated slow 4G and mid-range phone).

Targets: every page under 1.5 MB (from files, uncompressed) and every Lighthouse category >= 90.
The figures are printed and written between the audit markers in book/quality.md, and a 1280x900
screenshot of the landing page goes to docs/screenshot.png for the README.

    python tools/lighthouse_audit.py                 # build dir from NORTHEAST_BUILD_DIR or _build
    python tools/lighthouse_audit.py --no-lighthouse # weights only, seconds instead of minutes
    python tools/lighthouse_audit.py --pages book/intro.html notebooks/03_trade.html

Lighthouse is pinned in tools/package.json and installed with `npm ci --prefix tools`;
it drives Debian's Chromium (CHROME_PATH, default /usr/bin/chromium). Nothing leaves 127.0.0.1.
"""
from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import http.server
import io
import json
import os
import platform
import re
import subprocess
import sys
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from northeast.tooling.toc import html_pages

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools"
QUALITY_PAGE = ROOT / "book" / "quality.md"
SCREENSHOT = ROOT / "docs" / "screenshot.png"
START, END = "<!-- audit:start -->", "<!-- audit:end -->"

BUDGET_BYTES = 1_500_000          # every page, from files
SCORE_TARGET = 90                 # every Lighthouse category
CATEGORIES = ("performance", "accessibility", "best-practices")
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"]
PLAYWRIGHT_FLAGS = CHROME_FLAGS[1:]
COMPRESSIBLE = (".html", ".css", ".js", ".svg", ".json", ".txt", ".xml", ".map", ".inv")


# --- where the book is and which pages it has ---------------------------------------------------

def html_dir() -> Path:
    build = os.environ.get("NORTHEAST_BUILD_DIR")
    return (Path(build) if build else ROOT / "_build") / "html"


def screenshots_dir() -> Path:
    return html_dir().parent / "screenshots"


def audited_pages() -> list[str]:
    return html_pages() + ["search.html"]


# --- weight from the built files ---------------------------------------------------------------

class _Assets(HTMLParser):
    """The files an HTML page makes the browser fetch: stylesheets, scripts, images, icons."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("href"):
            rel = (a.get("rel") or "").lower().split()
            if {"stylesheet", "icon", "preload", "modulepreload"} & set(rel):
                self.urls.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.urls.append(a["src"])
        elif tag in ("img", "source") and (a.get("src") or a.get("srcset")):
            self.urls.append(a.get("src") or a["srcset"].split(",")[0].split()[0])
        elif tag == "image" and (a.get("href") or a.get("xlink:href")):
            self.urls.append(a.get("href") or a["xlink:href"])


def _local(url: str, base: Path, root: Path) -> Path | None:
    """The file a relative URL names, or None for data:, external and anchor-only URLs."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    target = (root / path.lstrip("/")) if path.startswith("/") else (base.parent / path)
    return Path(os.path.normpath(target))


# Font Awesome's three webfonts, and the icon classes that make a browser fetch each of them.
_ICON_FONTS = [
    (re.compile(r"Brands", re.I), re.compile(r"\bfa-brands\b|\bfab\b")),
    (re.compile(r"font-weight\s*:\s*400"), re.compile(r"\bfa-regular\b|\bfar\b")),
    (re.compile(r"font-weight\s*:\s*900"), re.compile(r"\bfa-solid\b|\bfas\b|\bfa-[a-z0-9-]+\b")),
]


def _css_urls(css: str, html: str = "") -> list[str]:
    """URLs a stylesheet makes the page fetch. For each @font-face only its first (preferred)
    source; Font Awesome's fonts only when the page has an icon of that style (the browser
    fetches a webfont only when some text uses it); any other font always."""
    urls = []
    for face in re.findall(r"@font-face\s*{([^}]*)}", css):
        found = re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", face)
        if not found:
            continue
        if "Font Awesome" in face:
            used = [icons for style, icons in _ICON_FONTS if style.search(face)]
            if used and not used[0].search(html):
                continue
        urls.append(found[0])
    rest = re.sub(r"@font-face\s*{[^}]*}", "", css)
    urls += re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", rest)
    urls += re.findall(r"@import\s+['\"]([^'\"]+)['\"]", rest)
    return [u for u in urls if not u.startswith(("data:", "#"))]


def page_files(page: str, root: Path | None = None) -> tuple[dict[Path, int], list[str]]:
    """Every file the page loads with its size in bytes, and the references that are missing."""
    root = root or html_dir()
    start = root / page
    files: dict[Path, int] = {start: start.stat().st_size}
    missing: list[str] = []
    html = start.read_text(encoding="utf-8")
    parser = _Assets()
    parser.feed(html)
    queue = [(u, start) for u in parser.urls]
    while queue:
        url, base = queue.pop(0)
        path = _local(url, base, root)
        if path is None or path in files:
            continue
        if not path.is_file():
            missing.append(f"{url} (from {base.relative_to(root)})")
            continue
        files[path] = path.stat().st_size
        if path.suffix == ".css":
            queue += [(u, path) for u in _css_urls(path.read_text(encoding="utf-8", errors="replace"), html)]
    return files, missing


def page_weight(page: str, root: Path | None = None) -> int:
    return sum(page_files(page, root)[0].values())


# --- a local server that compresses like a real host -------------------------------------------

class _Handler(http.server.SimpleHTTPRequestHandler):
    compress = True

    def log_message(self, *args):
        pass

    def copyfile(self, source, outputfile):
        try:
            super().copyfile(source, outputfile)
        except (BrokenPipeError, ConnectionResetError):   # the browser stopped reading: its business
            pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.compress and accepts and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)


def serve(root: Path, compress: bool = True) -> http.server.ThreadingHTTPServer:
    """Serve root on 127.0.0.1 at a free port, in a daemon thread; call .shutdown() when done."""
    handler = type("Handler", (_Handler,), {"compress": compress})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# --- Lighthouse ---------------------------------------------------------------------------------

def lighthouse_bin() -> Path:
    program = TOOLS / "node_modules" / ".bin" / "lighthouse"
    if not program.exists():
        raise SystemExit("Lighthouse is not installed: run `npm ci --prefix tools` (or `make audit`)")
    return program


def lighthouse_median(url: str, out: Path, runs: int, reuse: bool = False) -> dict:
    """Lighthouse `runs` times; the run with the median performance score (Lighthouse's own
    advice: performance varies from run to run with the machine's load). ``reuse`` reads the
    reports the last audit saved instead of running Lighthouse again."""
    results = []
    for run in range(runs):
        result = lighthouse(url, out.with_name(f"{out.stem}.{run + 1}.json"), reuse)
        results.append(result)
    results.sort(key=lambda r: r["scores"]["performance"])
    chosen = results[len(results) // 2]
    chosen["runs"] = [r["scores"]["performance"] for r in results]
    return chosen


def lighthouse(url: str, out: Path, reuse: bool = False) -> dict:
    if reuse:
        if not out.exists():
            raise SystemExit(f"no saved Lighthouse report {out}: run the audit without --reuse-reports")
    else:
        env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
        command = [str(lighthouse_bin()), url, "--quiet", "--output=json", f"--output-path={out}",
                   "--only-categories=" + ",".join(CATEGORIES), "--chrome-flags=" + " ".join(CHROME_FLAGS)]
        result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
        if result.returncode != 0 or not out.exists():
            raise RuntimeError(f"Lighthouse failed on {url}:\n{(result.stderr or result.stdout)[-2000:]}")
    report = json.loads(out.read_text())
    scores = {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}
    requests = report["audits"]["network-requests"]["details"]["items"]
    transfer = sum(r.get("transferSize", 0) for r in requests)
    problems = []   # (audit, its measured value or ""), for each weighted audit below 0.9
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 0.9:
                shown = audit.get("displayValue") or ""
                problems.append((f"{category}: {audit['title']}", shown))
    return {"scores": scores, "transfer": transfer, "requests": len(requests), "problems": problems,
            "benchmark": report.get("environment", {}).get("benchmarkIndex"), "fetched": report.get("fetchTime")}


# --- screenshot for the README ------------------------------------------------------------------

def readme_screenshot(base_url: str, target: Path = SCREENSHOT) -> None:
    """The landing page at 1280x900, as a palette PNG (small enough to commit)."""
    from PIL import Image
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=os.environ.get("CHROME_PATH", "/usr/bin/chromium"),
                                    args=PLAYWRIGHT_FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base_url + "/" + html_pages()[0], wait_until="networkidle")
        png = page.screenshot()
        browser.close()
    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT)
    target.parent.mkdir(parents=True, exist_ok=True)
    image.save(target, optimize=True)


# --- report -------------------------------------------------------------------------------------

def kb(n: int) -> str:
    return f"{n / 1000:,.0f} kB"


def run(pages: list[str], with_lighthouse: bool, write: bool, runs: int = 3, reuse: bool = False) -> int:
    root = html_dir()
    if not (root / "index.html").exists():
        raise SystemExit(f"no built book at {root}: run `make book` first")
    rows, failures = [], []
    reports = root.parent / "lighthouse"   # the full Lighthouse reports, for reading the details
    if with_lighthouse:
        reports.mkdir(parents=True, exist_ok=True)
    server = serve(root)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        for page in pages:
            files, missing = page_files(page, root)
            weight = sum(files.values())
            largest = sorted(files.items(), key=lambda kv: -kv[1])[:3]
            row = {"page": page, "bytes": weight, "files": len(files), "missing": missing,
                   "largest": [(str(p.relative_to(root)), n) for p, n in largest]}
            if weight >= BUDGET_BYTES:
                failures.append(f"{page}: {kb(weight)} from files, over the {kb(BUDGET_BYTES)} budget")
            if missing:
                failures.append(f"{page}: missing {', '.join(missing)}")
            if with_lighthouse:
                print(f"lighthouse {page} ...", file=sys.stderr, flush=True)
                row.update(lighthouse_median(f"{base}/{page}", reports / (page.replace("/", "_") + ".json"), runs,
                                             reuse))
                low = [f"{c} {s}" for c, s in row["scores"].items() if s < SCORE_TARGET]
                if low:
                    said = [title + (f" ({value})" if value else "") for title, value in row["problems"]]
                    failures.append(f"{page}: {', '.join(low)}; " + "; ".join(said))
            rows.append(row)
        if write and not reuse:
            readme_screenshot(base)
    finally:
        server.shutdown()
    table = render(rows, with_lighthouse, failures, runs)
    print(table)
    if write and with_lighthouse and set(pages) == set(audited_pages()):
        update_quality_page(table)
        wrote = [QUALITY_PAGE] + ([] if reuse else [SCREENSHOT])
        print("wrote " + " and ".join(str(p.relative_to(ROOT)) for p in wrote), file=sys.stderr)
    for failure in failures:
        print("FAIL", failure, file=sys.stderr)
    return 1 if failures else 0


def render(rows: list[dict], with_lighthouse: bool, failures: list[str], runs: int = 1) -> str:
    chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True).stdout.strip()
    version = json.loads((TOOLS / "package.json").read_text())["dependencies"]["lighthouse"]
    fetched = [r["fetched"] for r in rows if r.get("fetched")]   # the last run's time (of saved reports too)
    last = dt.datetime.fromisoformat(max(fetched).replace("Z", "+00:00")) if fetched else dt.datetime.now()
    when = last.astimezone().strftime("%Y-%m-%d %H:%M %Z")
    lines = [f"Measured {when} on {platform.node()} ({platform.system()} {platform.machine()}, "
             f"{os.cpu_count()} CPUs), {chromium or 'Chromium'}, Lighthouse {version} "
             "(default mobile profile: simulated slow 4G, 4x CPU slowdown; "
             f"{'the median of ' + str(runs) + ' runs' if runs > 1 else 'one run'} a page), by `make audit`.", ""]
    # narrow columns, so that the table fits the text column on a desktop (a phone scrolls it)
    head = "| Page | From files | Gzip |"
    rule = "|---|---:|---:|"
    if with_lighthouse:
        head += " Perf. | Access. | Best pr. |"
        rule += "---:|---:|---:|"
    lines += ["Pages by file name; sizes of the page with every file it loads, as stored and as sent "
              "compressed; Lighthouse's performance, accessibility and best-practices scores "
              "(with the range of the runs where they differ).", "", head, rule]
    for row in rows:
        line = f"| `{Path(row['page']).stem}` | {kb(row['bytes'])} | {kb(row['transfer']) if 'transfer' in row else '-'} |"
        if with_lighthouse:
            shown = [str(row["scores"][c]) for c in CATEGORIES]
            if len(set(row.get("runs", []))) > 1:
                shown[0] += f" ({min(row['runs'])}–{max(row['runs'])})"
            line += " " + " | ".join(shown) + " |"
        lines.append(line)
    lines.append("")
    heaviest = max(rows, key=lambda r: r["bytes"])
    largest = ", ".join(f"`{Path(p).name}` {kb(n)}" for p, n in heaviest["largest"])
    lines.append(f"Heaviest page: `{heaviest['page']}`, {kb(heaviest['bytes'])} from files "
                 f"(budget {kb(BUDGET_BYTES)}); its largest files: {largest}.")
    if with_lighthouse:
        marks = sorted(r["benchmark"] for r in rows if r.get("benchmark"))
        if marks:
            lines.append(f"Lighthouse's CPU benchmark index of this machine during the runs: {marks[0]:.0f} to "
                         f"{marks[-1]:.0f} (performance scores drop when the machine is busy).")
        lowest = {c: min(r["scores"][c] for r in rows) for c in CATEGORIES}
        lines.append("Lowest scores: " + ", ".join(f"{c} {s}" for c, s in lowest.items()) +
                     f" (target {SCORE_TARGET}).")
        notes = {}   # each audit below 0.9: its measured values and the pages where it is
        for r in rows:
            for title, value in r.get("problems", []):
                values, pages = notes.setdefault(title, ([], []))
                values.append(value)
                pages.append(f"`{Path(r['page']).stem}`")
        if notes:
            lines += ["", "Lighthouse audits below 0.9, and where:", ""]
            for title, (values, pages) in sorted(notes.items()):
                shown = sorted({v for v in values if v})
                measured = f" ({shown[0]} to {shown[-1]})" if len(shown) > 1 else f" ({shown[0]})" if shown else ""
                where = "every page" if len(pages) == len(rows) else ", ".join(pages)
                lines.append(f"- {title}{measured}: {where}")
    lines += ["", "All targets met." if not failures else "Targets missed:", ""]
    lines += [f"- {f}" for f in failures]
    return "\n".join(lines).rstrip() + "\n"


def update_quality_page(table: str) -> None:
    text = QUALITY_PAGE.read_text()
    if START not in text or END not in text:
        raise SystemExit(f"{QUALITY_PAGE} has no {START} ... {END} section")
    before, rest = text.split(START, 1)
    after = rest.split(END, 1)[1]
    QUALITY_PAGE.write_text(f"{before}{START}\n{table}{END}{after}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", nargs="*", help="HTML pages relative to the HTML folder (default: every page)")
    parser.add_argument("--no-lighthouse", action="store_true", help="weights only")
    parser.add_argument("--runs", type=int, default=3,
                        help="Lighthouse runs per page; the median performance run is reported (default 3)")
    parser.add_argument("--no-write", action="store_true",
                        help="do not update book/quality.md and docs/screenshot.png")
    parser.add_argument("--reuse-reports", action="store_true",
                        help="write the table from the Lighthouse reports the last audit saved (same build), "
                             "without running Lighthouse again")
    args = parser.parse_args(argv)
    pages = args.pages or audited_pages()
    return run(pages, with_lighthouse=not args.no_lighthouse, write=not args.no_write, runs=args.runs,
               reuse=args.reuse_reports)


if __name__ == "__main__":
    sys.exit(main())
