"""The loaded situation kept on disk, so that a server's first viewer does not wait for validation.

`load_situation` parses and validates every file (about 0.6 s for data/geo); a fresh server's first
page pays that. Here its result is pickled under a name made of the data folder's bytes and the
source of the code that loads it: a changed file or a changed loader makes a new name, never a
stale hit. The cache folder is the app's own (`.cache/situation`, owner-only), never a shared one,
because a pickle runs code when it is read.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from pathlib import Path

from frontmap.data.dataset import Situation, load_situation

PACKAGE_DIR = Path(__file__).resolve().parents[1]
CACHE_DIR = PACKAGE_DIR.parents[1] / ".cache" / "situation"
log = logging.getLogger(__name__)


def cache_key(data_dir: Path) -> str:
    digest = hashlib.sha256()
    for source in sorted(PACKAGE_DIR.rglob("*.py")):  # any change of code may change what loads
        digest.update(source.read_bytes())
    for path in sorted(p for p in data_dir.iterdir() if p.is_file()):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:32]


def load(data_dir: str | Path, cache_dir: Path = CACHE_DIR) -> Situation:
    """`load_situation(data_dir)`, from the disk cache when the same files were loaded before."""
    data_dir = Path(data_dir)
    try:
        path = cache_dir / f"{cache_key(data_dir)}.pickle"
    except OSError:  # an unreadable folder: the loader reports it, file by file
        return load_situation(data_dir)
    if path.exists():
        try:
            return pickle.loads(path.read_bytes())
        except Exception:  # a truncated or foreign file: load afresh and write it again
            log.warning("situation cache %s unreadable; loading %s afresh", path, data_dir)
    sit = load_situation(data_dir)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        with tempfile.NamedTemporaryFile(dir=cache_dir, delete=False) as tmp:
            tmp.write(pickle.dumps(sit))
        os.replace(tmp.name, path)
    except OSError as error:  # a read-only app folder: serve without the cache
        log.warning("situation cache not written: %s", error)
    return sit
