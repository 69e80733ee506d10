"""``digest new``: a draft with today's date in the site timezone, never overwriting."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from helpers import digest, digest_process, snapshot

from builder.config import load_config
from builder.load.frontmatter import parse, split


def meta_of(site: Path, path: Path):
    return parse(split(path.read_text(encoding="utf-8")), load_config(site).tz)


def test_new_writes_a_dated_draft_and_prints_its_path(make_site) -> None:
    site = make_site("newsroom")
    before = datetime.now(UTC).replace(microsecond=0)

    run = digest("new", "Harbour: a “new” ferry’s first day", "--site", site, "--topics", "Port, x")

    after = datetime.now(UTC)
    assert run.code == 0, run.err
    path = Path(run.out.strip())
    meta = meta_of(site, path)
    assert meta.title == "Harbour: a “new” ferry’s first day"
    assert meta.draft is True
    assert meta.topics == ("Port", "x")
    assert meta.date is not None and before <= meta.date <= after
    local = meta.date.astimezone(ZoneInfo("Europe/Amsterdam"))
    assert meta.date.utcoffset() == local.utcoffset()
    name = "harbour-a-new-ferry-s-first-day.md"
    assert path == site / "content" / f"{local:%Y}" / f"{local:%m}" / name


def test_a_new_draft_is_left_out_of_the_build_until_published(make_site) -> None:
    site = make_site("newsroom")
    path = Path(digest("new", "Lorem draft", "--site", site).out.strip())

    assert "1 draft skipped" in digest("build", "--site", site).out
    path.write_text(path.read_text().replace("draft: true\n", "") + "Text.\n")
    assert "built 2 articles" in digest("build", "--site", site).out


def test_new_refuses_to_overwrite(make_site) -> None:
    site = make_site("newsroom")
    path = Path(digest("new", "Same title", "--site", site).out.strip())
    path.write_text(path.read_text() + "The editor's text.\n")
    before = snapshot(site)

    run = digest("new", "Same  title", "--site", site)

    assert run.code == 1
    rel = path.relative_to(site).as_posix()
    assert run.err.strip() == f"{rel}:1: already exists; nothing written (edit that file instead)"
    assert snapshot(site) == before


def test_title_without_letters_is_a_usage_error(make_site) -> None:
    site = make_site("newsroom")
    before = snapshot(site)
    run = digest("new", "?!", "--site", site)
    assert run.code == 2
    assert "no letters or digits" in run.err
    assert snapshot(site) == before


def test_new_as_a_real_process(make_site) -> None:
    site = make_site("newsroom")
    run = digest_process("new", "Process test", "--site", site)
    assert run.code == 0, run.err
    assert Path(run.out.strip()).parent.parent.parent == site / "content"
    assert Path(run.out.strip()).is_file()
