"""Build the book: validate, execute what changed, build into a staging folder, swap on success.

Jupyter Book's own cache keys a notebook on its code cells only, so new data would leave stale
outputs. Here each notebook's key also covers the rows it read (traced through
``northeast.data``, with a digest of the rows taken when the kernel read them) and the package's
code, so editing one CSV value re-executes exactly the notebooks that read that row, even when the
edit lands while the build runs. A damaged cache is discarded with a notice. A failed build exits non-zero and leaves ``_build/html`` as it was.

Layout under ``_build/`` (or ``$NORTHEAST_BUILD_DIR``)::

    html                the published book: a link to .published/book-*, replaced in one rename
                        by a successful build (never missing, never half-written)
    .published/         the folder the link points to (only the files the pages use)
    .stage/executed/    executed notebooks and manifest.json (keys, traced reads, output digests)
    .stage/src/         the book's source as Jupyter Book sees it (executed notebooks, pages)
    .stage/out/         Jupyter Book's output folder, kept for Sphinx's incremental rebuild

The book's source is the project the package sits in (``northeast.paths.ROOT``): ``_config.yml``,
``_toc.yml``, ``book/`` and the notebooks the table of contents names. The tests and the benchmark
build a temporary copy of the project by running ``python -m northeast build`` inside the copy.
"""
from __future__ import annotations

import contextlib
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import data as data_module
from ..paths import ROOT, data_dir
from .cache import (BuildError, Layout, _load_manifest, _name, _sha, in_cache, layout, repair_layout,
                    stale_notebooks)
from .execute import execute_stale
from .publish import (BOOK_FILES, _os_failure, publish, run_jupyter_book, stage_sources, start_jupyter_book,
                      stop_jupyter_book)
# Also importable from here, for the tests and tools that name them as parts of the build.
from .cache import _cached, package_digest  # noqa: F401,E402
from .execute import _error_line, execute, stable_output_ids  # noqa: F401,E402
from .publish import _with_generated_sections, merged  # noqa: F401,E402


@dataclass
class Report:
    """What a build did: written to ``<build dir>/report.json`` after every build, so tests and the
    benchmark read results instead of log lines."""
    scheduled: list[str] = field(default_factory=list)   # stale notebooks the build set out to execute
    executed: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    sphinx_ran: bool = False
    seconds: dict[str, float] = field(default_factory=dict)
    notebook_seconds: dict[str, float] = field(default_factory=dict)   # each executed notebook's run


def write_report(lay: Layout, report: Report, error: str | None) -> None:
    """``report.json`` beside ``html/``: status, error, notebooks scheduled/executed/reused, Sphinx,
    timings (of each phase and each executed notebook)."""
    import json

    record = {"format": 1, "status": "failed" if error else "ok", "error": error,
              "notebooks": {"scheduled": report.scheduled, "executed": report.executed, "reused": report.reused},
              "sphinx": "ran" if report.sphinx_ran else "skipped", "seconds": report.seconds,
              "notebook_seconds": report.notebook_seconds,
              "html": str(lay.html / "index.html")}
    lay.build.mkdir(parents=True, exist_ok=True)
    temporary = lay.build / "report.json.tmp"
    temporary.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    temporary.replace(lay.build / "report.json")



def toc_files() -> list[str]:
    """Every page the table of contents names (without suffix), in order."""
    from .toc import toc_files as pages_in_toc

    return pages_in_toc()


def notebooks_in_book() -> list[Path]:
    """The notebooks the table of contents names (a notebook outside it is neither run nor shown)."""
    paths = [ROOT / (re.sub(r"\.ipynb$", "", f) + ".ipynb") for f in toc_files()]
    return [p for p in paths if p.is_file()]


def _forget_removed(notebooks: list[Path], manifest: dict, lay: Layout) -> None:
    """Drop the cache of notebooks no longer in the book."""
    names = {_name(n) for n in notebooks}
    for name in [n for n in manifest if n not in names]:
        del manifest[name]
        cached = in_cache(lay.executed, name)   # never a path outside the cache, whatever the manifest says
        if cached is not None and (cached.is_file() or cached.is_symlink()):
            cached.unlink()


@contextlib.contextmanager
def _locked(lay: Layout, log=print):
    """One build at a time per build folder: a second build waits for the first, then finds most
    of its work done (builds into other folders are not affected)."""
    import fcntl

    lay.build.mkdir(parents=True, exist_ok=True)
    with open(lay.build / ".lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log(f"another build is running in {lay.build}; waiting for it (or set NORTHEAST_BUILD_DIR)")
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def build(force: bool = False, log=print) -> int:
    """The whole build; returns the exit code. Prints what it did and why it failed."""
    lay = layout()
    started = time.perf_counter()
    report = Report()
    try:
        run(force=force, log=log, lay=lay, report=report)
    except OSError as exc:  # a full disk, a file that cannot be written
        error: BuildError | None = _os_failure(exc, "the build could not write its files")
    except BuildError as exc:
        error = exc
    else:
        error = None
    try:
        write_report(lay, report, None if error is None else str(error))
    except OSError:
        pass   # the report is a convenience: a full disk is already reported above
    if error is not None:
        print(f"build failed: {error}", file=sys.stderr)
        print(f"the previous book in {lay.html} was left as it was" if lay.html.exists() else "no book was published",
              file=sys.stderr)
        return 1
    timings = ", ".join(f"{k} {v:.1f} s" for k, v in report.seconds.items())
    log(f"executed {len(report.executed)}, reused {len(report.reused)}; "
        f"Sphinx {'ran' if report.sphinx_ran else 'skipped (nothing changed)'}")
    log(f"took {time.perf_counter() - started:.1f} s ({timings})")
    log(f"book: {lay.html}/index.html")
    return 0


def _published_digest(lay: Layout) -> str:
    """The digest of the source the published book was built from ('' when unknown or damaged)."""
    try:
        return lay.published.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def run(force: bool = False, log=print, lay: Layout | None = None, report: Report | None = None) -> Report:
    """Validate, execute the stale notebooks, stage, build with Sphinx when the source changed,
    publish. Raises BuildError; ``lay.html`` is only ever replaced by a complete new book."""
    from ..validate import check

    lay = lay or layout()
    report = report if report is not None else Report()
    folder = data_dir().resolve()
    repair_layout(lay, log)
    with _locked(lay, log):
        started = time.perf_counter()
        problems, notices = check(folder, audit_checks=True)
        if problems:
            raise BuildError("the data do not validate:\n" + "\n".join(map(str, problems)))
        data_module.validated_here(folder)   # the pages generated from the data read it without validating again
        for item in notices:
            log(str(item))
        report.seconds["validate"] = time.perf_counter() - started
        notebooks = notebooks_in_book()
        manifest = _load_manifest(lay, log)
        _forget_removed(notebooks, manifest, lay)
        stale = stale_notebooks(notebooks, manifest, folder, force, executed=lay.executed, log=log)
        report.reused = [_name(n) for n in notebooks if n not in stale]
        report.scheduled = [_name(n) for n in stale]
        if stale:
            log(f"executing {len(stale)} of {len(notebooks)} notebooks: {', '.join(n.stem for n in stale)}")
        # New outputs will change pages: Jupyter Book loads Sphinx while the kernels run.
        runner = start_jupyter_book(lay) if stale else None
        try:
            started = time.perf_counter()
            execute_stale(stale, manifest, folder, report, lay)
            report.seconds["execute"] = time.perf_counter() - started
            started = time.perf_counter()
            digest = stage_sources(notebooks, folder, lay)
            report.seconds["stage"] = time.perf_counter() - started
            if not force and lay.html.exists() and _published_digest(lay) == digest:
                return report
            _sphinx(lay, force, report, runner)
        finally:
            stop_jupyter_book(runner)
        publish(lay)
        lay.published.write_text(digest)
    return report


def _sphinx(lay: Layout, force: bool, report: Report, runner) -> None:
    """Forget which source the published book was built from (a failed Sphinx run must not count
    as published), then let Jupyter Book build the staged source."""
    started = time.perf_counter()
    if lay.published.is_dir():
        shutil.rmtree(lay.published)
    lay.published.unlink(missing_ok=True)
    # A changed table of contents or configuration changes pages whose source did not change
    # (their previous/next links, numbering): Sphinx must then write every page again.
    book_files = _sha(*((ROOT / name).read_bytes() for name in BOOK_FILES if (ROOT / name).is_file()))
    stamp = lay.stage / "book-files.sha256"
    changed = not stamp.is_file() or stamp.read_bytes() != book_files.encode()
    run_jupyter_book(lay, fresh=force or changed, runner=runner)
    stamp.write_text(book_files)
    report.sphinx_ran = True
    report.seconds["sphinx"] = time.perf_counter() - started
