"""Where the project's folders are. NORTHEAST_DATA_DIR points the loader at another data folder
(tests and the benchmark use a copy); NORTHEAST_SHARED_DIR at the shared source texts, and
NORTHEAST_TEXTS at more folders of source texts (a curator's own copy of a new article)."""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The files of the data folder the book publishes (validated, staged, offered for download).
DATA_FILES = ("*.csv", "*.md", "datapackage.json")


def data_dir() -> Path:
    return Path(os.environ.get("NORTHEAST_DATA_DIR", ROOT / "data"))


def shared_dir() -> Path:
    return Path(os.environ.get("NORTHEAST_SHARED_DIR", ROOT.parent / "shared"))


def text_dirs() -> list[Path]:
    """Where a source's text (``sources.csv`` column ``path``) is looked for: the shared source
    texts, then each folder NORTHEAST_TEXTS names (separated by ':'), for a text a curator has at
    hand outside ../shared/ and does not publish."""
    extra = [Path(p).expanduser() for p in os.environ.get("NORTHEAST_TEXTS", "").split(os.pathsep) if p.strip()]
    return [shared_dir(), *extra]
