import shutil
from pathlib import Path

import pytest

from frontmap.dataset import DEFAULT_DATA_DIR, load_situation


@pytest.fixture(scope="session")
def situation():
    return load_situation(DEFAULT_DATA_DIR)


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of the shipped data folder, to break on purpose."""
    target = tmp_path / "geo"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    return target
