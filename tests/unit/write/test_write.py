"""write: staging, the swap, the manifest, foreign files, unchanged files keep their inode."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import snapshot
from helpers.articles import site_config

from builder.incremental import manifest
from builder.model import OutputFile
from builder.write import MANIFEST, WriteStats, refuse_output_dir, write_site

try:  # issue 11 moves every exception class into builder/errors.py
    from builder.errors import OutputRefused, WriteFailed  # type: ignore[attr-defined]
except ImportError:  # before that move
    from builder.write import OutputRefused, WriteFailed


def files(**named: bytes) -> list[OutputFile]:
    """Output files; ``a__b_html`` stands for ``a/b.html``."""
    return [OutputFile(k.replace("__", "/").replace("_", "."), v) for k, v in named.items()]


def leftovers(out: Path) -> list[str]:
    """Hidden siblings of the output but the previous generation (the one that may stay)."""
    previous = f".{out.name}.previous"
    return sorted(
        p.name for p in out.parent.iterdir() if p.name.startswith(".") and p.name != previous
    )


def test_a_first_write_creates_the_files_and_a_manifest_of_them(tmp_path: Path) -> None:
    out = tmp_path / "public"
    stats = write_site(files(index_html=b"home", a__index_html=b"a"), out)
    assert stats == WriteStats(written=2, unchanged=0, removed=0)
    assert snapshot(out).keys() == {"index.html", "a/index.html", MANIFEST}
    assert set(manifest.read(out).files) == {"index.html", "a/index.html"}  # type: ignore[union-attr]
    assert leftovers(out) == []  # no staging folder is left behind


def test_writing_the_same_files_again_touches_nothing(tmp_path: Path) -> None:
    out = tmp_path / "public"
    write_site(files(index_html=b"home", a__index_html=b"a"), out)
    before = {p: os.stat(out / p) for p in ("index.html", "a/index.html")}
    stats = write_site(files(index_html=b"home", a__index_html=b"a"), out)
    assert stats == WriteStats(written=0, unchanged=2, removed=0)
    for path, old in before.items():
        now = os.stat(out / path)
        assert (now.st_ino, now.st_mtime_ns) == (old.st_ino, old.st_mtime_ns)


def test_a_changed_file_is_written_and_the_unchanged_one_keeps_its_inode(tmp_path: Path) -> None:
    out = tmp_path / "public"
    write_site(files(index_html=b"home", a__index_html=b"a"), out)
    inode = os.stat(out / "a/index.html").st_ino
    stats = write_site(files(index_html=b"new home", a__index_html=b"a"), out)
    assert stats == WriteStats(written=1, unchanged=1, removed=0)
    assert (out / "index.html").read_bytes() == b"new home"
    assert os.stat(out / "a/index.html").st_ino == inode


def test_files_no_longer_built_go_and_files_the_builder_never_wrote_stay(tmp_path: Path) -> None:
    out = tmp_path / "public"
    write_site(files(index_html=b"home", old_html=b"old"), out)
    (out / "CNAME").write_text("digest.example.org")
    (out / "keep").mkdir()
    (out / "keep" / "notes.txt").write_text("mine")
    stats = write_site(files(index_html=b"home"), out)
    assert stats == WriteStats(written=0, unchanged=1, removed=1)
    assert snapshot(out).keys() == {"index.html", "CNAME", "keep/notes.txt", MANIFEST}
    assert (out / "CNAME").read_text() == "digest.example.org"


def test_rewrite_writes_every_file_afresh(tmp_path: Path) -> None:
    out = tmp_path / "public"
    write_site(files(index_html=b"home"), out)
    inode = os.stat(out / "index.html").st_ino
    stats = write_site(files(index_html=b"home"), out, rewrite=True)
    assert stats == WriteStats(written=1, unchanged=0, removed=0)
    assert os.stat(out / "index.html").st_ino != inode


def test_a_static_file_is_copied_from_its_source(tmp_path: Path) -> None:
    source = tmp_path / "logo.svg"
    source.write_bytes(b"<svg/>")
    out = tmp_path / "public"
    write_site([OutputFile("img/logo.svg", copy_from=source)], out)
    assert (out / "img/logo.svg").read_bytes() == b"<svg/>"


def test_a_failure_before_the_swap_leaves_the_previous_output_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "public"
    write_site(files(index_html=b"home", a__index_html=b"a"), out)
    before = snapshot(out)

    def fail() -> None:
        raise RuntimeError("a page failed to render")

    with pytest.raises(RuntimeError):
        write_site(files(index_html=b"changed", b_html=b"b"), out, before_swap=fail)
    assert snapshot(out) == before
    assert leftovers(out) == []


def test_a_path_leaving_the_output_folder_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    out = tmp_path / "public"
    write_site(files(index_html=b"home"), out)
    before = snapshot(out)
    with pytest.raises(OutputRefused, match="would leave the output folder"):
        write_site([OutputFile("index.html", b"x"), OutputFile("../escape.html", b"x")], out)
    assert snapshot(out) == before
    assert not (tmp_path / "escape.html").exists()


def test_a_folder_the_builder_did_not_write_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "public"
    out.mkdir()
    (out / "thesis.tex").write_text("years of work")
    with pytest.raises(OutputRefused, match="holds files newsdigest did not write"):
        write_site(files(index_html=b"home"), out)
    assert snapshot(out) == {"thesis.tex": b"years of work"}


def test_an_os_error_becomes_write_failed_naming_the_output(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    out = tmp_path / "file" / "public"
    with pytest.raises(WriteFailed, match=r"the previous output in .* is unchanged"):
        write_site(files(index_html=b"home"), out)


def test_what_a_killed_build_left_is_repaired_by_the_next(tmp_path: Path) -> None:
    out = tmp_path / "public"
    write_site(files(index_html=b"home"), out)
    out.rename(tmp_path / ".public.old")  # killed between the two renames of a swap
    (tmp_path / ".public.staging-99").mkdir()
    stats = write_site(files(index_html=b"home"), out)
    assert stats == WriteStats(written=0, unchanged=1, removed=0)  # the old site came back
    assert leftovers(out) == []


@pytest.mark.parametrize(
    ("output_dir", "reason"),
    [
        (".", "is the site folder or one of its parents"),
        ("..", "is the site folder or one of its parents"),
        ("content/out", "is inside content/, templates/ or static/"),
        ("static", "is inside content/, templates/ or static/"),
    ],
)
def test_the_output_may_not_be_or_hold_what_the_user_wrote(
    tmp_path: Path, output_dir: str, reason: str
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    problem = refuse_output_dir(site_config(f"output_dir: {output_dir}\n", site_dir=site))
    assert problem is not None
    assert (problem.path, problem.line) == ("site.yaml", 1)
    assert reason in problem.message


def test_an_output_beside_the_site_is_fine(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    assert refuse_output_dir(site_config("output_dir: ../public\n", site_dir=site)) is None
