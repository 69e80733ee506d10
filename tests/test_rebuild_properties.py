"""Issue 14, acceptance 2: random sequences of edits over a generated site; after every
step the warm output equals a clean build's, and the pages rendered include every page
whose bytes changed (a page not rendered kept its old bytes, so it must not have needed new ones).

Warm builds go the way ``digest build`` goes (``build_with_cache``: a build with no source
changed stops before loading), and the steps include doing nothing and moving the clock.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from helpers import snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder import pipeline
from builder.commands.build import build_with_cache
from builder.config import load_config
from builder.incremental.manifest import MANIFEST
from builder.index.publication import Selection

NOW = datetime(2024, 7, 1, tzinfo=UTC)
TOPICS = ("Trade", "Energy", "Health", "Sport")
EDITS = (
    "body",
    "title",
    "topics",
    "date",
    "new",
    "delete",
    "draft",
    "template",
    "config",
    "nothing",
    "clock",
)

edit_steps = st.lists(
    st.tuples(st.sampled_from(EDITS), st.integers(0, 50), st.integers(0, 50)),
    min_size=1,
    max_size=5,
)


def _article(site: Path, n: int, *, title: str, day: int, topics: list[str], draft: bool) -> None:
    (site / "content" / f"story-{n}.md").write_text(
        f"---\ntitle: {title}\ndate: 2024-06-{day:02d}T08:00:00Z\n"
        f"topics: [{', '.join(topics)}]\ndraft: {'true' if draft else 'false'}\n---\n"
        f"Body of story {n}.\n"
    )


def _generated_site(root: Path) -> Path:
    site = root / "site"
    (site / "content").mkdir(parents=True)
    (site / "site.yaml").write_text(
        "title: Generated\nbase_url: https://example.org/\nper_page: 2\n"
    )
    for n in range(5):
        _article(site, n, title=f"Story {n}", day=1 + n, topics=[TOPICS[n % 4]], draft=False)
    return site


def _apply(site: Path, edit: str, a: int, b: int) -> None:
    if edit in ("nothing", "clock"):  # the clock: the test's ``now`` moves
        return
    stories = sorted((site / "content").glob("story-*.md"))
    path = stories[a % len(stories)] if stories else None
    if edit == "new" or path is None:
        n = 100 + len(list((site / "content").glob("story-*.md"))) + a
        _article(site, n, title=f"New {n}", day=1 + b % 28, topics=[TOPICS[b % 4]], draft=False)
        return
    text = path.read_text()
    head, body = text.rsplit("---\n", 1)
    if edit == "body":
        path.write_text(f"{head}---\n{body.strip()} More {b}.\n")
    elif edit == "title":
        path.write_text(text.replace("title: ", f"title: Re{b} ", 1))
    elif edit == "topics":
        path.write_text(text.replace("topics: [", f"topics: [{TOPICS[b % 4]}, ", 1))
    elif edit == "date":
        day = text.split("date: 2024-06-", 1)[1][:2]
        path.write_text(text.replace(f"2024-06-{day}", f"2024-06-{1 + b % 28:02d}", 1))
    elif edit == "delete":
        path.unlink()
    elif edit == "draft":
        flipped = "draft: false" if "draft: true" in text else "draft: true"
        path.write_text(text.replace("draft: true", flipped).replace("draft: false", flipped))
    elif edit == "template":
        (site / "templates").mkdir(exist_ok=True)
        (site / "templates/404.html").write_text(
            '{% extends "base.html" %}{% block content %}<h1>Gone ' + str(b) + "</h1>{% endblock %}"
        )
    elif edit == "config":
        config = (site / "site.yaml").read_text().split("description:", 1)[0]
        (site / "site.yaml").write_text(f"{config}description: Edition {b}\n")


def _build(site: Path, out: Path | None = None, now: datetime = NOW) -> pipeline.BuildStats:
    """A clean build into ``out``, or (no ``out``) a warm one as ``digest build`` makes it."""
    if out is not None:
        return pipeline.build(load_config(site, out), Selection(now=now)).stats
    return build_with_cache(load_config(site), Selection(now=now)).stats


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=edit_steps)
def test_warm_builds_after_random_edits_equal_clean_builds(
    steps: list[tuple[str, int, int]],
) -> None:
    root = Path(tempfile.mkdtemp(prefix="rebuild-props-"))
    try:
        site = _generated_site(root)
        now = NOW
        _build(site, now=now)
        for number, (edit, a, b) in enumerate(steps):
            before = snapshot(site / "public")
            _apply(site, edit, a, b)
            if edit == "clock":  # from June 1 to July 2, by hours: stories become news or due
                now = datetime(2024, 6, 1, tzinfo=UTC) + timedelta(hours=a * 15 + b)
            stats = _build(site, now=now)
            after = snapshot(site / "public")
            changed = {p for p, data in after.items() if before.get(p) != data} - {MANIFEST}
            assert changed <= stats.rendered_paths, (edit, changed - stats.rendered_paths)
            clean = root / f"clean-{number}"
            _build(site, clean, now)
            assert after == snapshot(clean), edit
    finally:
        shutil.rmtree(root, ignore_errors=True)
