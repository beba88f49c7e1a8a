"""Where the project's folders are. NORTHEAST_DATA_DIR points the loader at another data folder
(tests and the benchmark use a copy); NORTHEAST_SHARED_DIR at the shared source texts."""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The files of the data folder the book publishes (validated, staged, offered for download).
DATA_FILES = ("*.csv", "*.md", "datapackage.json")


def data_dir() -> Path:
    return Path(os.environ.get("NORTHEAST_DATA_DIR", ROOT / "data"))


def shared_dir() -> Path:
    return Path(os.environ.get("NORTHEAST_SHARED_DIR", ROOT.parent / "shared"))
