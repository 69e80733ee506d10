"""G21 (issue 27, item 1): the site's top-level folders stay inside the site.

``digest init s && cd s && ln -s /etc static && digest build`` published ``public/passwd``
(0640 files becoming 0644). Symlinks *inside* content/, templates/ and static/ were
already refused (case 24, test_output_paths.py); the folders themselves are held to the
same rule as an error (exit 2) naming the folder, unless site.yaml's ``allow_outside``
names it. And a copied file never gains permission bits.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest
from harness import check, front, site_copy
from helpers import digest, snapshot

pytestmark = pytest.mark.reliability

CANARY = "OUTSIDE-CANARY-5d1f"


def _outside(tmp_path: Path, folder: str) -> Path:
    """A folder outside the site holding what ``folder`` would hold, each file a canary."""
    outside = tmp_path / "elsewhere" / folder
    outside.mkdir(parents=True)
    files = {
        "static": ("secret.txt", f"{CANARY}\n"),
        "content": ("secret.md", front(title=CANARY)),
        "templates": ("article.html", CANARY + " {{ article.title }}"),
        "_data": ("secret.yaml", f"value: {CANARY}\n"),
    }
    name, text = files[folder]
    (outside / name).write_text(text)
    if folder == "templates":
        (outside / "base.html").write_text(CANARY)
    return outside


def _canaries(out: Path) -> list[str]:
    return [
        p.relative_to(out).as_posix()
        for p in out.rglob("*")
        if p.is_file() and CANARY.encode() in p.read_bytes()
    ]


@pytest.mark.parametrize("folder", ["static", "content", "templates", "_data"])
def test_g21_a_top_level_folder_linking_outside_the_site_is_refused(
    built_basic: Path, tmp_path: Path, folder: str
) -> None:
    site = site_copy(built_basic, tmp_path / "site")
    outside = _outside(tmp_path, folder)
    if folder == "content":  # the stories too, so that only the link is wrong
        shutil.copytree(site / "content", outside, dirs_exist_ok=True)
    before = snapshot(site / "public")
    if (site / folder).exists():
        shutil.rmtree(site / folder)
    (site / folder).symlink_to(outside)

    for verb in ("build", "check"):
        run = digest(verb, "--site", site)
        check(run, 2, f"{folder}:1", f"a symlink to {outside}, outside the site")
        assert f"allow_outside: [{folder}]" in run.err.splitlines()[0]
    assert snapshot(site / "public") == before
    assert _canaries(site / "public") == []


def test_g21_ln_s_etc_static_publishes_nothing_of_etc(tmp_path: Path) -> None:
    """The issue's own steps: a new site, ``static`` a link to /etc, a first build."""
    site = tmp_path / "s"
    assert digest("init", site).code == 0
    (site / "static").symlink_to("/etc")

    run = digest("build", "--site", site)

    check(run, 2, "static:1", "a symlink to /etc, outside the site")
    assert not (site / "public").exists()


@pytest.mark.parametrize("target", ["/nonexistent-27a", "loop"])
def test_g21_a_dangling_or_looping_top_level_link_is_refused(
    built_basic: Path, tmp_path: Path, target: str
) -> None:
    site = site_copy(built_basic, tmp_path / "site")
    shutil.rmtree(site / "static")
    (site / "static").symlink_to(site / "static" if target == "loop" else target)

    run = digest("build", "--site", site)

    check(run, 2, "static:1", "which leads nowhere (or in a loop)")
    assert "allow_outside: [static]" in run.err


def test_g21_a_top_level_link_to_a_folder_inside_the_site_is_read(
    built_basic: Path, tmp_path: Path
) -> None:
    site = site_copy(built_basic, tmp_path / "site")
    (site / "static").rename(site / "assets")
    (site / "assets" / "inside.txt").write_text("inside\n")
    (site / "static").symlink_to("assets")

    run = digest("build", "--site", site, "-q")

    check(run, 0, None)
    assert (site / "public" / "inside.txt").read_text() == "inside\n"


def test_g21_allow_outside_reads_the_folder_and_sees_its_edits(
    built_basic: Path, tmp_path: Path
) -> None:
    """A static/ shared by several sites, allowed in site.yaml: copied, and an edit there is
    published by the next build (the stop before loading sees the files behind the link)."""
    site = site_copy(built_basic, tmp_path / "site")
    outside = tmp_path / "shared-static"
    shutil.copytree(site / "static", outside)
    (outside / "shared.txt").write_text("first\n")
    shutil.rmtree(site / "static")
    (site / "static").symlink_to(outside)
    with open(site / "site.yaml", "a") as handle:
        handle.write("allow_outside: [static]\n")

    check(digest("build", "--site", site, "-q"), 0, None)
    assert (site / "public" / "shared.txt").read_text() == "first\n"
    (outside / "shared.txt").write_text("second, edited where the link leads\n")
    check(digest("build", "--site", site, "-q"), 0, None)

    assert (site / "public" / "shared.txt").read_text() == "second, edited where the link leads\n"


def test_g21_allow_outside_names_only_known_folders(built_basic: Path, tmp_path: Path) -> None:
    site = site_copy(built_basic, tmp_path / "site")
    lines = len((site / "site.yaml").read_text().splitlines())
    with open(site / "site.yaml", "a") as handle:
        handle.write("allow_outside: [statik]\n")

    run = digest("build", "--site", site)

    check(run, 2, f"site.yaml:{lines + 1}", "(did you mean 'static'?)")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("linked", [False, True], ids=["static", "allowed-outside"])
def test_g21_copied_files_never_gain_permission_bits(
    built_basic: Path, tmp_path: Path, linked: bool
) -> None:
    site = site_copy(built_basic, tmp_path / "site")
    static = site / "static"
    if linked:
        static = tmp_path / "shared"
        shutil.copytree(site / "static", static)
        shutil.rmtree(site / "static")
        (site / "static").symlink_to(static)
        with open(site / "site.yaml", "a") as handle:
            handle.write("allow_outside: [static]\n")
    modes = {"group.txt": 0o640, "owner.txt": 0o600, "public.txt": 0o644, "run.sh": 0o750}
    for name, mode in modes.items():
        (static / name).write_text(name)
        os.chmod(static / name, mode)

    check(digest("build", "--site", site, "-q"), 0, None)
    for name, mode in modes.items():
        published = _mode(site / "public" / name)
        assert published & ~mode == 0, (name, oct(published), oct(mode))
    assert _mode(site / "public" / "group.txt") == 0o640 & ~_umask()

    os.chmod(static / "public.txt", 0o600)  # made narrower: the next build follows
    check(digest("build", "--site", site, "-q"), 0, None)
    assert _mode(site / "public" / "public.txt") & ~0o600 == 0


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
