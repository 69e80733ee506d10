"""G7's editor: seeded operations on a 50-article site, saved the ways real editors save.

Shared by ``test_editing_while_serving.py`` (which asserts on the outcome) and
``benchmarks/bench_reliability.py`` (which prints it). Every operation is one an
editor or a file manager really performs, because each gives watchdog a
different pattern of events (RELIABILITY.md cases 31-35):

* ``in-place``: truncate, write half, flush, write the rest (several ``modified``
  events before the file is complete, and a half-written file in between);
* ``tmp-rename``: a hidden temporary file moved over the article (VS Code,
  JetBrains): only a ``moved`` event reaches the article's path;
* ``vim``: the ``4913`` probe, a ``.x.md.swp`` swap file, the article renamed to
  ``x.md~``, a new ``x.md`` written, the backup deleted; some swap files are left,
  as by an editor still open, so the output must ignore them;
* ``create`` and ``delete`` of articles; ``rename-dir`` of a desk folder;
  ``move-out`` of a desk folder to ``attic/`` beside ``content/`` and ``move-in``
  of one back.

Slugs come from file names that are never reused, so no state the simulation
reaches has a URL collision: the output must always end equal to a clean build.
"""

from __future__ import annotations

import os
import random
import shutil
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

TOPICS = ("China", "Trade", "Energy", "Labour", "Climate", "Courts", "Health", "Transport")
WEIGHTS = {
    "in-place": 35,
    "tmp-rename": 20,
    "vim": 15,
    "create": 8,
    "delete": 8,
    "rename-dir": 5,
    "move-out": 4,
    "move-in": 5,
}
SITE_YAML = (
    "title: Editor simulation (synthetic)\nbase_url: https://digest.example.org/\n"
    "timezone: UTC\nper_page: 5\n"
)
EDITOR_ARTEFACT_MARKS = (".swp", "~", ".tmp", "4913")
"""Parts of a file name that only an editor's leftovers have."""


@dataclass
class Editor:
    """The site being edited, and what has been done to it."""

    site: Path
    rng: random.Random
    serial: int = 0
    """The next article or folder number; numbers are never reused."""
    revision: int = 0
    done: Counter[str] = field(default_factory=Counter)

    @property
    def content(self) -> Path:
        return self.site / "content"

    @property
    def attic(self) -> Path:
        return self.site / "attic"

    def articles(self) -> list[Path]:
        return sorted(self.content.rglob("*.md"))

    def desks(self) -> list[Path]:
        return sorted(p for p in self.content.iterdir() if p.is_dir())

    def new_article(self, folder: Path) -> Path:
        self.serial += 1
        path = folder / f"story-{self.serial:04d}.md"
        path.write_text(self.text(self.serial))
        return path

    def text(self, number: int) -> str:
        """An article whose title and body say which revision of the run wrote it."""
        self.revision += 1
        day = date(2024, 5, 1) + timedelta(days=number % 28)
        topics = self.rng.sample(TOPICS, 2)
        return (
            f"---\ntitle: Story {number}, revision {self.revision}\n"
            f"date: {day.isoformat()} {number % 24:02d}:{number % 60:02d}:00\n"
            f"topics: [{', '.join(topics)}]\n---\n\n"
            f"Synthetic story {number} for the editor simulation, revision {self.revision}.\n\n"
            + "More text of the synthetic story. " * self.rng.randint(1, 40)
            + "\n"
        )

    def step(self) -> str:
        """One operation, chosen by weight among those the site's state allows."""
        articles, desks = self.articles(), self.desks()
        allowed = dict(WEIGHTS)
        if len(articles) <= 35:
            allowed.pop("delete")
        if len(articles) >= 65:
            allowed.pop("create")
        if len(desks) <= 3:
            allowed.pop("move-out")
        if not (self.attic.is_dir() and any(self.attic.iterdir())):
            allowed.pop("move-in")
        if not articles:
            for kind in ("in-place", "tmp-rename", "vim", "delete"):
                allowed.pop(kind, None)
        kind = self.rng.choices(list(allowed), weights=list(allowed.values()))[0]
        getattr(self, "_" + kind.replace("-", "_"))(articles, desks)
        self.done[kind] += 1
        return kind

    def _number(self, path: Path) -> int:
        return int(path.stem.split("-")[1])

    def _in_place(self, articles: list[Path], desks: list[Path]) -> None:
        path = self.rng.choice(articles)
        text = self.text(self._number(path))
        half = len(text) // 2
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text[:half])
            handle.flush()
            time.sleep(0.002)  # a reader may see the half-written file: that must not stick
            handle.write(text[half:])

    def _tmp_rename(self, articles: list[Path], desks: list[Path]) -> None:
        path = self.rng.choice(articles)
        temp = path.with_name(f".{path.name}.{self.revision}.tmp")
        temp.write_text(self.text(self._number(path)))
        os.replace(temp, path)

    def _vim(self, articles: list[Path], desks: list[Path]) -> None:
        path = self.rng.choice(articles)
        swap = path.with_name(f".{path.name}.swp")
        swap.write_bytes(b"b0VIM 9.0 synthetic swap file")
        probe = path.parent / "4913"
        probe.write_text("")
        probe.unlink()
        backup = path.with_name(path.name + "~")
        path.rename(backup)
        path.write_text(self.text(self._number(path)))
        backup.unlink()
        if self.rng.random() < 0.5:  # the editor was closed; else its swap file stays
            swap.unlink()

    def _create(self, articles: list[Path], desks: list[Path]) -> None:
        self.new_article(self.rng.choice(desks))

    def _delete(self, articles: list[Path], desks: list[Path]) -> None:
        self.rng.choice(articles).unlink()

    def _rename_dir(self, articles: list[Path], desks: list[Path]) -> None:
        self.serial += 1
        self.rng.choice(desks).rename(self.content / f"desk-{self.serial:04d}")

    def _move_out(self, articles: list[Path], desks: list[Path]) -> None:
        self.attic.mkdir(exist_ok=True)
        desk = self.rng.choice(desks)
        desk.rename(self.attic / desk.name)

    def _move_in(self, articles: list[Path], desks: list[Path]) -> None:
        desk = self.rng.choice(sorted(self.attic.iterdir()))
        desk.rename(self.content / desk.name)


def make_site(site: Path, seed: int, articles: int = 50, desks: int = 5) -> Editor:
    """A fresh site of ``articles`` articles spread over ``desks`` folders."""
    (site / "content").mkdir(parents=True)
    (site / "site.yaml").write_text(SITE_YAML)
    editor = Editor(site, random.Random(seed))
    folders = []
    for _ in range(desks):
        editor.serial += 1
        folders.append(site / "content" / f"desk-{editor.serial:04d}")
        folders[-1].mkdir()
    for i in range(articles):
        editor.new_article(folders[i % desks])
    return editor


def simulate(editor: Editor, operations: int = 200, seconds: float = 10.0) -> float:
    """Run the operations evenly over ``seconds``; the monotonic time of the last one."""
    started = time.monotonic()
    for i in range(operations):
        delay = started + i * seconds / operations - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        editor.step()
    return time.monotonic()


def copy_for_clean_build(site: Path, target: Path) -> Path:
    """The site's files as they are now, editor leftovers included, without any output."""
    if target.exists():
        shutil.rmtree(target)
    leave_out = shutil.ignore_patterns("public", ".public.*", ".digest-cache")
    shutil.copytree(site, target, ignore=leave_out)
    return target


def artefacts_in(out: Path) -> list[str]:
    """Output files named after an editor's leftovers (there must be none)."""
    return sorted(
        p.relative_to(out).as_posix()
        for p in out.rglob("*")
        if any(mark in p.name for mark in EDITOR_ARTEFACT_MARKS)
    )
