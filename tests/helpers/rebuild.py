"""The small site of the rebuild tests (tests/sites/rebuild), shared by test_rebuild.py and
test_quick_build.py: a copy to edit, the clock they build at, the story they edit."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from helpers import SITES

NOW = datetime(2024, 5, 10, 12, tzinfo=UTC)
"""After every story's news-window exit (the last: 05-06 10:00), before the scheduled
story publishes (05-20 06:00): a clock at which nothing is about to change."""
ARTICLE = "content/2024/05/2024-05-03-wages.md"


def rebuild_site(tmp_path: Path) -> Path:
    """A fresh copy of tests/sites/rebuild under ``tmp_path``."""
    target = tmp_path / "rebuild"
    shutil.copytree(SITES / "rebuild", target)
    return target
