"""G15: the output files are exactly the planned pages, and two sources of one output file
(by slug, case, Unicode form or a static file) are each named, never one silently kept."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from harness import check, front, site_copy, write_corpus
from helpers import digest, snapshot

from builder.config import load_config
from builder.index.publication import Selection
from builder.pipeline import build
from builder.write import MANIFEST

pytestmark = pytest.mark.reliability


def test_g15_output_files_equal_planned_pages_no_silent_overwrite(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_corpus(site, 90, topics=9)
    config = load_config(site)
    result = build(config, Selection(False, False, datetime.now(UTC)))

    out_paths = [o.out_path for o in result.outputs]
    on_disk = sorted(
        p.relative_to(config.output_dir).as_posix()
        for p in config.output_dir.rglob("*")
        if p.is_file() and p.name != MANIFEST
    )
    assert len(out_paths) == len(set(out_paths)) == len(on_disk)
    assert sorted(out_paths) == on_disk
    articles = [p for p in on_disk if p.startswith("2024/") and p.endswith("/index.html")]
    assert len(articles) == 90
    topics = {p.split("/")[1] for p in on_disk if p.startswith("topics/") and p.count("/") >= 2}
    assert len(topics) == 9


def test_g15_every_collision_in_one_build_names_both_files(
    built_basic: Path, tmp_path: Path
) -> None:
    site = site_copy(built_basic, tmp_path / "site")
    before = snapshot(site / "public")
    pairs = {
        ("content/dup-a.md", "content/dup-b.md"): "slug: same\n",
        ("content/Story.md", "content/story.md"): "",
        ("content/strasse.md", "content/straße.md"): "",
        ("content/cafe\u0301.md", "content/caf\u00e9.md"): "",
    }
    for (a, b), extra in pairs.items():
        (site / a).write_text(front(title="A", extra=extra))
        (site / b).write_text(front(title="B", extra=extra))
    (site / "static" / "feed.xml").write_text("<feed/>")

    run = digest("build", "--site", site)

    check(run, 1, None)
    lines = [line for line in run.err.splitlines() if "is also the output of" in line]
    assert len(lines) == len(pairs) + 1
    for a, b in pairs:
        assert any(line.startswith(a) and b in line for line in lines) or any(
            line.startswith(b) and a in line for line in lines
        ), (a, b, lines)
    assert any(line.startswith("static/feed.xml:1:") for line in lines)
    assert snapshot(site / "public") == before
