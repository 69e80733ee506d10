"""Watching: real file-system events, and a real ``digest serve`` followed through edits.

The first half drives :class:`builder.preview.watch.Watcher` with a real observer; the
second edits, creates, deletes, renames and moves files under a running
``digest serve`` and checks what it serves after every step, then that the
output is byte-identical to a clean build of the same files.
"""

from __future__ import annotations

import errno
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import pytest
from helpers import digest, snapshot
from helpers.preview import EventStream, ServeProcess, wait_until

from builder.preview import watch
from builder.preview.watch import Changes, Watcher, is_ignored

ARTICLE = "content/2024/05/chip-talks.md"
CHIP_URL = "/2024/05/20/chip-talks/"


# --- the watcher on its own ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rel", "ignored"),
    [
        ("content/2024/a.md", False),
        ("content/new-folder", False),
        ("templates/article.html", False),
        ("static/img/logo.svg", False),
        ("site.yaml", False),
        ("content/2024/.a.md.swp", True),
        ("content/2024/.a.md.swx", True),
        ("content/2024/a.md.swp", True),
        ("content/2024/4913", True),
        ("content/2024/a.md~", True),
        ("content/2024/.#a.md", True),
        ("content/2024/#a.md#", True),
        ("content/.hidden/a.md", True),
        ("static/.DS_Store", True),
        ("public/index.html", True),
        (".digest-cache/parse.db", True),
        ("site.yaml~", True),
        ("notes.txt", True),
    ],
)
def test_what_is_ignored(rel: str, ignored: bool) -> None:
    assert is_ignored(PurePosixPath(rel)) is ignored


@pytest.fixture
def watched(make_site) -> Iterator[tuple[Path, Watcher]]:
    site = make_site("serve")
    watcher = Watcher(site, Changes())
    watcher.start()
    try:
        yield site, watcher
    finally:
        watcher.stop()


def take_until(changes: Changes, wanted: set[str], timeout: float = 15) -> set[str]:
    """Everything taken until ``wanted`` has all been seen (events may arrive split)."""
    seen: set[str] = set()
    deadline = time.monotonic() + timeout
    while not wanted <= seen and time.monotonic() < deadline:
        seen |= changes.take(timeout=0.5)
    assert wanted <= seen, f"never saw {wanted - seen}; saw {seen}"
    return seen


def test_editor_artefacts_are_not_changes(watched) -> None:
    site, watcher = watched
    folder = site / "content" / "2024" / "05"
    for name in (".chip-talks.md.swp", "4913", "chip-talks.md~", ".#chip-talks.md", "#x.md#"):
        (folder / name).write_text("scratch")
    (site / "public-notes.txt").write_text("not part of the site")
    (folder / "real.md").write_text("---\ntitle: Real\ndate: 2024-05-01\n---\n")
    seen = take_until(watcher.changes, {"content/2024/05/real.md"})
    assert seen == {"content/2024/05/real.md"}


def test_temp_file_then_rename_is_seen_at_its_destination(watched) -> None:
    site, watcher = watched
    target = site / ARTICLE
    temp = target.with_name(".chip-talks.md.tmp-1234")  # VS Code / JetBrains style
    temp.write_text(target.read_text() + "\nMore.\n")
    os.replace(temp, target)
    assert ARTICLE in take_until(watcher.changes, {ARTICLE})


def test_both_ends_of_a_move_count(watched) -> None:
    site, watcher = watched
    old, new = "content/2024/05/rare-earths.md", "content/2024/05/rare-earth-rules.md"
    (site / old).rename(site / new)
    take_until(watcher.changes, {old, new})


def test_folders_moved_out_created_and_deleted_are_seen(watched) -> None:
    site, watcher = watched
    (site / "content" / "2024").rename(site / "attic")  # moved out of the watched tree
    take_until(watcher.changes, {"content/2024"})
    (site / "content" / "2025" / "01").mkdir(parents=True)
    (site / "content" / "2025" / "01" / "a.md").write_text("---\ntitle: A\n---\n")
    take_until(watcher.changes, {"content/2025/01/a.md"})
    shutil.rmtree(site / "content" / "2025")
    take_until(watcher.changes, {"content/2025/01/a.md"})


def test_a_folder_created_after_start_is_watched(watched) -> None:
    site, watcher = watched
    assert not (site / "templates").exists()
    (site / "templates").mkdir()
    take_until(watcher.changes, {"templates"})
    time.sleep(0.2)  # the new watch is set up from the observer thread
    (site / "templates" / "article.html").write_text("{% extends 'base.html' %}")
    take_until(watcher.changes, {"templates/article.html"})


def test_site_yaml_is_watched(watched) -> None:
    site, watcher = watched
    with (site / "site.yaml").open("a") as handle:
        handle.write("description: Edited.\n")
    take_until(watcher.changes, {"site.yaml"})


def test_a_change_during_a_build_is_kept_for_the_next_one(watched) -> None:
    site, watcher = watched
    (site / ARTICLE).write_text((site / ARTICLE).read_text() + "\nFirst.\n")
    take_until(watcher.changes, {ARTICLE})
    # "building" now: nobody is taking; this edit must wait for the next take
    other = "content/2024/05/harbour-strike.md"
    (site / other).write_text((site / other).read_text() + "\nSecond.\n")
    time.sleep(0.3)
    assert other in take_until(watcher.changes, {other})


def test_a_burst_of_events_comes_out_as_one_change_set() -> None:
    changes = Changes(quiet=0.2, max_delay=5)
    for i in range(50):
        changes.add([f"content/a{i}.md"])
    assert len(changes.take(timeout=5)) == 50
    assert changes.take(timeout=0.1) == frozenset()


def test_polling_sees_an_edit(make_site) -> None:
    site = make_site("serve")
    watcher = Watcher(site, Changes(), poll=True)
    assert watcher.start().polling
    try:
        time.sleep(0.2)
        (site / ARTICLE).write_text((site / ARTICLE).read_text() + "\nPolled.\n")
        take_until(watcher.changes, {ARTICLE})
    finally:
        watcher.stop()


class _NoInotify(watch.PollingObserver):
    """An observer that fails to start the way inotify does at its watch limit."""

    def start(self) -> None:
        raise OSError(errno.ENOSPC, "inotify watch limit reached")


def test_an_inotify_limit_falls_back_to_polling(make_site, monkeypatch) -> None:
    monkeypatch.setattr(watch, "Observer", _NoInotify)
    site = make_site("serve")
    watcher = Watcher(site, Changes())
    mode = watcher.start()
    try:
        assert mode.polling
        assert "max_user_watches" in (mode.notice or "")
        time.sleep(0.2)
        (site / ARTICLE).write_text((site / ARTICLE).read_text() + "\nStill seen.\n")
        take_until(watcher.changes, {ARTICLE})
    finally:
        watcher.stop()


# --- a running digest serve ----------------------------------------------------------------


def clean_build(site: Path, scratch: Path) -> dict[str, bytes]:
    """The output of ``digest build`` on a copy of the site's current files."""
    if scratch.exists():
        shutil.rmtree(scratch)
    shutil.copytree(site, scratch, ignore=shutil.ignore_patterns("public", ".*"))
    run = digest("build", "--site", scratch)
    assert run.code == 0, run.err
    return snapshot(scratch / "public")


def assert_same_as_clean_build(site: Path, scratch: Path) -> None:
    expected = clean_build(site, scratch)
    wait_until(
        lambda: snapshot(site / "public") == expected, what="the output to equal a clean build"
    )


def page_has(serve: ServeProcess, url: str, text: str, status: int = 200) -> None:
    def check() -> bool:
        got = serve.get(url)
        return got.status == status and text in got.text

    wait_until(check, what=f"{url} -> {status} with {text!r}")


def page_gone(serve: ServeProcess, url: str) -> None:
    wait_until(lambda: serve.get(url).status == 404, what=f"{url} -> 404")


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text().replace(old, new))


def test_serve_follows_every_kind_of_edit(make_site, tmp_path: Path) -> None:
    site = make_site("serve")
    content = site / "content"
    with ServeProcess(site) as serve:
        page_has(serve, CHIP_URL, "Chip talks resume in The Hague")

        edit(site / ARTICLE, "Chip talks resume", "Chip talks restart")  # in place
        page_has(serve, CHIP_URL, "Chip talks restart in The Hague")
        page_has(serve, "/topics/china/", "Chip talks restart")

        new = content / "2024" / "05" / "ferry-link.md"  # create
        new.write_text(
            "---\ntitle: Ferry link reopens\ndate: 2024-05-23\ntopics: [Trade]\n---\nText.\n"
        )
        page_has(serve, "/2024/05/23/ferry-link/", "Ferry link reopens")
        page_has(serve, "/", "Ferry link reopens")

        (content / "2024" / "05" / "harbour-strike.md").unlink()  # delete
        page_gone(serve, "/2024/05/21/harbour-strike/")
        page_gone(serve, "/topics/labour/")

        temp = content / "2024" / "05" / ".ferry-link.md.tmp"  # temp file, then rename
        temp.write_text(new.read_text().replace("reopens", "reopens early"))
        os.replace(temp, new)
        page_has(serve, "/2024/05/23/ferry-link/", "Ferry link reopens early")

        backup = new.with_name("ferry-link.md~")  # vim: rename to backup, write anew
        new.rename(backup)
        (new.parent / "4913").write_text("")
        (new.parent / "4913").unlink()
        new.write_text(backup.read_text().replace("early", "late"))
        backup.unlink()
        page_has(serve, "/2024/05/23/ferry-link/", "Ferry link reopens late")

        rare = content / "2024" / "05" / "rare-earths.md"  # rename: a new slug
        rare.rename(rare.with_name("rare-earth-rules.md"))
        page_has(serve, "/2024/05/22/rare-earth-rules/", "New rules for rare earth exports")
        page_gone(serve, "/2024/05/22/rare-earths/")

        (content / "2024").rename(site / "attic")  # a folder moved out of content/
        page_gone(serve, CHIP_URL)
        page_gone(serve, "/2024/05/23/ferry-link/")

        (content / "wires" / "2024").mkdir(parents=True)  # moved back, into a new sub-folder
        (site / "attic").rename(content / "wires" / "2024" / "may")
        page_has(serve, CHIP_URL, "Chip talks restart in The Hague")

        templates = site / "templates"  # a new templates/ folder overriding the theme
        templates.mkdir()
        (templates / "404.html").write_text(
            "{% extends 'base.html' %}{% block content %}<h1>Lost in the wires</h1>{% endblock %}"
        )
        page_has(serve, "/nowhere/", "Lost in the wires", status=404)

        edit(site / "site.yaml", "title: Preview Digest", "title: Evening Preview")
        page_has(serve, "/", "Evening Preview")

        static = site / "static" / "img"
        static.rename(site / "static" / "images")  # static folder renamed
        wait_until(lambda: serve.get("/images/logo.svg").status == 200, what="moved static")
        page_gone(serve, "/img/logo.svg")

        assert_same_as_clean_build(site, tmp_path / "clean")
        assert serve.stop() == 0
    assert "Traceback" not in "\n".join(serve.err)


def test_a_hundred_quick_saves_end_identical_to_a_clean_build(make_site, tmp_path: Path) -> None:
    site = make_site("serve")
    article = site / ARTICLE
    original = article.read_text()
    with ServeProcess(site) as serve:
        before = serve.builds()
        for i in range(100):
            text = original.replace("Officials met", f"Officials met ({i})")
            if i % 3 == 0:  # some saves the VS Code way, the rest in place
                temp = article.with_name(f".chip-talks.md.{i}.tmp")
                temp.write_text(text)
                os.replace(temp, article)
            else:
                article.write_text(text)
        page_has(serve, CHIP_URL, "Officials met (99)")
        assert_same_as_clean_build(site, tmp_path / "clean")
        assert serve.builds() - before < 100  # debounced, not one build per save
    assert "Traceback" not in "\n".join(serve.err)


def test_a_broken_article_shows_in_the_browser_and_the_last_good_site_stays(
    make_site,
) -> None:
    site = make_site("serve")
    with ServeProcess(site) as serve:
        stream = EventStream(serve.port)
        try:
            first = stream.next()
            assert first["problems"] == []
            good = serve.get(CHIP_URL).body
            edit(site / ARTICLE, "title: Chip talks", 'title: "Chip talks')
            failed = stream.wait_for(lambda e: bool(e["problems"]))
            assert any(p.startswith(f"{ARTICLE}:2: ") for p in failed["problems"]), failed
            assert failed["build"] == first["build"]
            assert serve.get(CHIP_URL).body == good  # still the last good page
            assert any(line.startswith(f"{ARTICLE}:2: ") for line in serve.err)
            edit(site / ARTICLE, 'title: "Chip talks', "title: Chip talks again")
            fixed = stream.wait_for(lambda e: not e["problems"])
            assert fixed["build"] > first["build"]
            page_has(serve, CHIP_URL, "Chip talks again")
        finally:
            stream.close()


def test_a_broken_site_yaml_while_serving_is_reported_then_fixed(make_site) -> None:
    site = make_site("serve")
    with ServeProcess(site) as serve:
        stream = EventStream(serve.port)
        try:
            stream.next()
            good = (site / "site.yaml").read_text()
            (site / "site.yaml").write_text(good + "descripton: typo\n")
            failed = stream.wait_for(lambda e: bool(e["problems"]))
            assert any(
                p.startswith("site.yaml:9: unknown key 'descripton'") for p in failed["problems"]
            )
            (site / "site.yaml").write_text(good + "description: Fixed.\n")
            stream.wait_for(lambda e: not e["problems"])
            page_has(serve, "/", "Fixed.")
        finally:
            stream.close()
