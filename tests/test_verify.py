"""Issue 21, item 5: ``digest build --verify`` compares the output with a clean build.

It builds as usual, then builds the same sources again in memory with no cache and no
shortcut and compares every file and the manifest's record of it. On the sample site
and the fixture site it finds nothing; with a fingerprint deliberately broken (a
monkeypatch, so the warm build really keeps a stale page) it names exactly the pages
that differ from a clean build, rewrites them and exits 3; a static file replaced by
one of the same size and modification time (the gap the stop after the index leaves)
is found the same way.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from helpers import REPO, digest, snapshot
from helpers.differential import SEARCH, copy_sources, differences

from builder import incremental
from builder.incremental import fingerprint

NOW = "2026-11-20T12:00:00+00:00"
STALE = re.compile(r"^internal error: (\S+) was stale \(kept from the previous build\)$", re.M)


@pytest.fixture
def trust(make_site) -> Path:  # type: ignore[no-untyped-def]
    """tests/sites/trust without search (so every byte of a clean build is comparable)."""
    site = make_site("trust")
    config = site / "site.yaml"
    config.write_text(config.read_text().replace(SEARCH, ""))
    return site


def build(site: Path, *extra: str):  # type: ignore[no-untyped-def]
    return digest("build", "--site", site, "--now", NOW, *extra)


def clean_output(site: Path, tmp: Path) -> dict[str, bytes]:
    copy = copy_sources(site, tmp / "clean" / site.name)
    assert build(copy, "-q").code == 0
    return snapshot(copy / "public")


def stale_urls(site: Path, tmp: Path) -> set[str]:
    """The URLs of the output files that differ from a clean build's (the manifest aside)."""
    found = differences(snapshot(site / "public"), clean_output(site, tmp))
    paths = [f.rsplit(": ", 1)[0] for f in found if not f.startswith(".newsdigest")]
    return {"/" + p.removesuffix("index.html") for p in paths}


def test_the_sample_site_verifies(tmp_path: Path) -> None:
    site = tmp_path / "sample"
    site.mkdir()
    shutil.copy2(REPO / "site.yaml", site / "site.yaml")
    for folder in ("content", "static"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, site / folder)
    assert build(site, "-q").code == 0
    run = build(site, "--verify")
    assert run.code == 0, run.err
    assert "verified: every output file is what a clean build makes" in run.out
    assert "internal error" not in run.err


def test_the_fixture_site_verifies_after_edits(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site("trust")  # with search: the index is checked by the pages it was made from
    assert build(site, "-q").code == 0
    story = site / "content/2026/11/ferry-timetable.md"
    story.write_text(story.read_text().replace("Ferry timetable changes", "New ferry times"))
    (site / "static/css/extra.css").write_text(".note { color: #333; }\n")
    assert build(site, "-q").code == 0
    run = build(site, "--verify", "-q")
    assert (run.code, STALE.findall(run.err)) == (0, [])


def test_a_broken_fingerprint_is_reported_rewritten_and_exits_3(
    trust: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The related stories left out of the fingerprints: a retitled story stays under its
    old title on the pages that list it as related, which --verify names and rewrites."""
    every_value = fingerprint.Digester._context

    def without_related(self, context):  # type: ignore[no-untyped-def]
        return every_value(self, {k: v for k, v in context.items() if k != "related"})

    monkeypatch.setattr(fingerprint.Digester, "_context", without_related)
    assert build(trust, "-q").code == 0
    story = trust / "content/2026/11/ferry-timetable.md"
    story.write_text(story.read_text().replace("Ferry timetable changes", "New ferry times"))
    assert build(trust, "-q").code == 0  # the broken build keeps some pages it should not
    expected = stale_urls(trust, tmp_path)
    assert expected, "the broken fingerprint left no page stale: the test proves nothing"
    run = build(trust, "--verify")
    assert run.code == 3, run.err
    assert set(STALE.findall(run.err)) == expected
    assert "verify: " in run.err and "the output is rewritten" in run.err
    assert not differences(snapshot(trust / "public"), clean_output(trust, tmp_path))
    assert build(trust, "--verify", "-q").code == 0  # rewritten: nothing left to find


def test_the_headline_bug_is_reported_by_verify(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue's repro with the inputs digest of the code before issue 21 put back."""
    original = incremental.inputs_digest

    def body_only(environment, content, site, static, selection):  # type: ignore[no-untyped-def]
        keys = [f"{a.src_path}\x00{a.url}\x00{hash(str(a.content))}" for a in site.articles]
        return original(environment, keys, site, static, selection)

    monkeypatch.setattr(incremental, "inputs_digest", body_only)
    site = tmp_path / "s"
    assert digest("init", site).code == 0
    (site / "content/2026").mkdir(parents=True)
    (site / "content/2026/a.md").write_text("---\ntitle: Alpha\ndate: 2026-11-01\n---\n\nA.\n")
    charlie = site / "content/2026/c.md"
    charlie.write_text("---\ntitle: Charlie\ndate: 2026-11-02\n---\n\nSee [alpha](a.md).\n")
    assert build(site, "-q").code == 0
    charlie.write_text(charlie.read_text().replace("Charlie", "Delta"))
    assert build(site, "-q").code == 0
    assert "Delta" not in (site / "public/2026/11/02/c/index.html").read_text()
    run = build(site, "--verify")
    assert run.code == 3
    assert "internal error: /2026/11/02/c/ was stale (kept from the previous build)" in run.err
    assert "Delta" in (site / "public/2026/11/02/c/index.html").read_text()


def test_a_static_file_replaced_with_the_same_size_and_time_is_published(
    trust: Path, tmp_path: Path
) -> None:
    """Static files are in the inputs digest by their bytes, not their times: a warm
    build publishes the replacement, and --verify then finds nothing stale."""
    assert build(trust, "-q").code == 0
    css = trust / "static/css/extra.css"
    before = css.stat()
    css.write_text(css.read_text().replace("#246", "#642"))  # same size
    os.utime(css, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert build(trust, "-q").code == 0
    assert "#642" in (trust / "public/css/extra.css").read_text()
    run = build(trust, "--verify")
    assert run.code == 0, run.err
    assert STALE.findall(run.err) == []
    assert not differences(snapshot(trust / "public"), clean_output(trust, tmp_path))


def test_an_output_file_edited_by_hand_is_found(trust: Path) -> None:
    assert build(trust, "-q").code == 0
    page = trust / "public/2026/11/01/harbour-opens/index.html"
    page.write_text(page.read_text().replace("New quay", "Old quay"))
    run = build(trust, "--verify")
    assert run.code == 3
    assert STALE.findall(run.err) == ["/2026/11/01/harbour-opens/"]
    assert "New quay" in page.read_text()
