"""Issue 21: a warm build never publishes a stale page.

The headline repro of the issue, as a new user meets it through the real ``digest``
command: a story that links to another story is retitled, and the next build must
publish the new title (it said ``0 written`` and kept the old one). The warm output
is then compared byte for byte, manifest included, with a clean build of a copy of
the same sources in another folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import digest, snapshot

NOW = "2026-12-01T12:00:00+00:00"


def _clean_copy(site: Path, tmp: Path) -> dict[str, bytes]:
    """A clean build of the same sources, copied to another folder."""
    copy = tmp / "clean" / site.name
    ignore = shutil.ignore_patterns("public", ".public.*", ".digest-cache")
    shutil.copytree(site, copy, ignore=ignore)
    assert digest("build", "--site", copy, "--now", NOW, "-q").code == 0
    return snapshot(copy / "public")


def test_a_retitled_story_that_links_to_another_is_published(tmp_path: Path) -> None:
    site = tmp_path / "s"
    assert digest("init", site).code == 0
    (site / "content/2026").mkdir(parents=True)
    alpha = "---\ntitle: Alpha\ndate: 2026-11-01\n---\n\nAlpha body.\n"
    (site / "content/2026/a.md").write_text(alpha)
    charlie = site / "content/2026/c.md"
    charlie.write_text("---\ntitle: Charlie\ndate: 2026-11-02\n---\n\nSee [alpha](a.md).\n")
    assert digest("build", "--site", site, "--now", NOW).code == 0
    charlie.write_text(charlie.read_text().replace("Charlie", "Delta"))
    run = digest("build", "--site", site, "--now", NOW)
    assert run.code == 0, run.err
    assert "(0 written" not in run.out, run.out
    page = (site / "public/2026/11/02/c/index.html").read_text()
    assert "Delta" in page and "Charlie" not in page
    assert "Delta" in (site / "public/index.html").read_text()
    assert snapshot(site / "public") == _clean_copy(site, tmp_path)
