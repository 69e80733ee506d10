"""Publication time (issue 15, item 1): publish_date, expires, --now, --expired, the schedule.

The fixture site ``tests/sites/schedule`` (Europe/Paris) has a live story that
expires on 10 December, one written in November that publishes on 2 December at
06:00, one expired since June (Hugo's ``expirydate``), one with Hugo's
``publishDate``/``expiryDate`` and a scheduled draft. Every build gives ``--now``.
"""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers import digest

from builder.config import load_config
from builder.index.publication import Selection
from builder.preview.rebuild import Rebuilder, rebuild_on_changes
from builder.preview.state import PreviewState
from builder.preview.watch import Changes

NOW = "2026-12-01T12:00+01:00"
LIVE = "2026/11/01/live/index.html"
SCHEDULED = "2026/11/20/scheduled/index.html"
EXPIRED = "2026/01/05/expired/index.html"
HUGO = "2026/11/15/hugo-keys/index.html"


def built(site: Path, *flags: str) -> tuple[str, set[str]]:
    run = digest("build", "--site", site, *flags)
    assert run.code == 0, run.err
    out = site / "public"
    pages = {p.relative_to(out).as_posix() for p in out.glob("2026/*/*/*/index.html")}
    return run.out, pages


def test_before_publish_date_and_after_expires_left_out(make_site) -> None:
    out, pages = built(make_site("schedule"), "--now", NOW)
    assert pages == {LIVE}
    assert "built 1 article (1 draft, 2 future articles, 1 expired article skipped)" in out


def test_summary_prints_the_next_change(make_site) -> None:
    out, _ = built(make_site("schedule"), "--now", NOW)
    assert (
        out.splitlines()[-1] == "next change 2026-12-02 06:00 +01:00: 'Scheduled story' publishes"
    )


def test_the_publish_moment_comes(make_site) -> None:
    """Published from 06:00 on 2 December (naive: Paris time), not from its November date."""
    site = make_site("schedule")
    _, before = built(site, "--now", "2026-12-02T05:59+01:00")
    _, after = built(site, "--now", "2026-12-02T06:00")  # naive --now: the site timezone
    assert SCHEDULED not in before
    assert after == {LIVE, SCHEDULED}


def test_expires_leaves_out_from_that_moment(make_site) -> None:
    site = make_site("schedule")
    out, pages = built(site, "--now", "2026-12-10T00:00+01:00")
    assert LIVE not in pages and {SCHEDULED, HUGO} <= pages
    assert "next change 2027-01-01 00:00 +01:00: 'Hugo keys' expires" in out
    _, later = built(site, "--now", "2027-01-01T00:00+01:00")
    assert later == {SCHEDULED}


def test_expired_flag_keeps_expired_stories(make_site) -> None:
    _, pages = built(make_site("schedule"), "--now", NOW, "--expired")
    assert pages == {LIVE, EXPIRED}


def test_future_flag_keeps_scheduled_stories(make_site) -> None:
    out, pages = built(make_site("schedule"), "--now", NOW, "--future")
    assert pages == {LIVE, SCHEDULED, HUGO}
    assert "next change 2026-12-10 00:00 +01:00: 'Live story' expires" in out


def test_schedule_json_lists_every_upcoming_change(make_site) -> None:
    run = digest("schedule", "--site", make_site("schedule"), "--now", NOW, "--format", "json")
    assert run.code == 0, run.err
    assert json.loads(run.out) == [
        {
            "at": "2026-12-02T06:00:00+01:00",
            "kind": "publishes",
            "title": "Scheduled story",
            "src_path": "content/scheduled.md",
        },
        {
            "at": "2026-12-04T09:00:00+01:00",  # publishDate: 2026-12-04T08:00:00Z
            "kind": "publishes",
            "title": "Hugo keys",
            "src_path": "content/hugo-keys.md",
        },
        {
            "at": "2026-12-10T00:00:00+01:00",
            "kind": "expires",
            "title": "Live story",
            "src_path": "content/live.md",
        },
        {
            "at": "2027-01-01T00:00:00+01:00",
            "kind": "expires",
            "title": "Hugo keys",
            "src_path": "content/hugo-keys.md",
        },
    ]


def test_schedule_text(make_site) -> None:
    run = digest("schedule", "--site", make_site("schedule"), "--now", "2026-12-20")
    assert run.out.splitlines() == [
        "2027-01-01 00:00 +01:00  expires    'Hugo keys'  content/hugo-keys.md"
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("publish_date: 2026-13-01", "publish_date: '2026-13-01' is not a real date"),
        ("expires: soon", "expires: 'soon' is not a date"),
    ],
)
def test_malformed_times_are_errors_at_their_line(make_site, line: str, message: str) -> None:
    site = make_site("schedule")
    (site / "content" / "bad.md").write_text(f"---\ntitle: Bad\ndate: 2026-11-01\n{line}\n---\nx\n")
    run = digest("build", "--site", site, "--now", NOW)
    assert run.code == 1
    assert f"content/bad.md:4: {message}" in run.err
    assert not (site / "public").exists()


def test_expires_before_publish_date_is_an_error(make_site) -> None:
    site = make_site("schedule")
    (site / "content" / "bad.md").write_text(
        "---\ntitle: Bad\ndate: 2026-11-01\nexpires: 2026-11-05\npublish_date: 2026-11-06\n---\nx\n"
    )
    run = digest("build", "--site", site, "--now", NOW)
    assert run.code == 1
    assert "content/bad.md:4: expires (2026-11-05T00:00:00+01:00) is before publish_date" in run.err


def test_expires_before_date_alone_is_a_warning(make_site) -> None:
    """Hugo sites write an expiry day equal to the story's own day: expired at once."""
    site = make_site("schedule")
    (site / "content" / "odd.md").write_text(
        "---\ntitle: Odd\ndate: 2026-11-01 10:00\nexpirydate: 2026-11-01\n---\nx\n"
    )
    run = digest("build", "--site", site, "--now", NOW)
    assert run.code == 0
    assert (
        "content/odd.md:4: warning: expires (2026-11-01T00:00:00+01:00) is before date"
        " (2026-11-01T10:00:00+01:00): the story is never published" in run.err
    )
    assert "2 expired articles skipped" in run.out


def test_bad_now_is_a_usage_error(make_site) -> None:
    run = digest("build", "--site", make_site("schedule"), "--now", "tomorrow")
    assert run.code == 2
    assert "--now 'tomorrow' is not an ISO date" in run.err


def test_serve_rebuilds_when_the_next_change_comes_due(make_site) -> None:
    """A clock the test moves: no edit, yet the scheduled story appears at 06:00."""
    site = make_site("schedule")
    now = [datetime(2026, 12, 2, 4, 0, tzinfo=UTC)]  # 05:00 in Paris

    def configure() -> tuple:  # type: ignore[type-arg]
        return load_config(site), Selection(now=now[0])

    out = site / "public"
    rebuilder = Rebuilder(configure, PreviewState(out), clock=lambda: now[0])
    assert rebuilder.rebuild()
    assert not (out / SCHEDULED).exists()
    assert not rebuilder.due()
    stop = threading.Event()
    loop = threading.Thread(target=rebuild_on_changes, args=(Changes(), rebuilder, stop))
    loop.start()
    try:
        now[0] = datetime(2026, 12, 2, 5, 0, tzinfo=UTC)  # 06:00 in Paris
        deadline = time.monotonic() + 20
        while not (out / SCHEDULED).exists() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        loop.join()
    assert (out / SCHEDULED).exists()
    assert not rebuilder.due()  # the next change (4 December) is not due yet
