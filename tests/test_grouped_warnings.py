"""Issue 22, item 7: warnings a person can read, on tests/sites/warnings (eight stories
whose image has no alt text and no topics, one with a typo in a key).

Three of a kind are shown with their lines, then one count line for the rest; ``-v`` and
``check --format json`` list every one; errors are never folded away.
"""

from __future__ import annotations

import json

from helpers import digest

from builder.commands.options import SHOWN_OF_A_KIND, readable
from builder.errors import Problem

NOW = ("--now", "2030-01-01")
ALT = "image has no alt text (write image: {src: …, alt: …})"
TOPICS = "no topics: the story appears on no topic page"
ODD = "content/2024-05-09-the-odd-one.md:4: warning: unknown key 'sumary'"


def lines_with(text: str, message: str) -> list[str]:
    return [line for line in text.splitlines() if line.endswith(f"warning: {message}")]


def test_build_shows_three_of_a_kind_and_counts_the_rest(make_site) -> None:
    run = digest("build", "--site", make_site("warnings"), *NOW)
    assert run.code == 0, run.err
    shown = lines_with(run.err, ALT)
    assert len(shown) == SHOWN_OF_A_KIND == 3
    assert all(line.startswith("content/2024-05-0") and ".md:3: " in line for line in shown)
    assert f"and 5 more: {ALT}" in run.err.splitlines()
    assert any(line.startswith(ODD) for line in run.err.splitlines())  # not buried


def test_build_verbose_lists_every_warning(make_site) -> None:
    run = digest("build", "--site", make_site("warnings"), *NOW, "-v")
    assert len(lines_with(run.err, ALT)) == 8
    assert "more:" not in run.err


def test_check_groups_each_kind_and_still_counts_them_all(make_site) -> None:
    run = digest("check", "--site", make_site("warnings"), *NOW)
    assert run.code == 0, run.out
    out = run.out.splitlines()
    assert len(lines_with(run.out, ALT)) == len(lines_with(run.out, TOPICS)) == 3
    assert out[-3:] == [
        f"and 5 more: {TOPICS}",
        f"and 5 more: {ALT}",
        "checked 9 content files (9 articles): 0 errors, 17 warnings",
    ]
    assert any(line.startswith(ODD) for line in out)


def test_check_json_lists_every_one(make_site) -> None:
    run = digest("check", "--site", make_site("warnings"), *NOW, "--format", "json")
    items = json.loads(run.out)
    assert len(items) == 17
    assert sum(item["message"] == ALT for item in items) == 8
    assert len({item["path"] for item in items if item["message"] == ALT}) == 8


def test_strict_fails_and_the_report_is_grouped_too(make_site) -> None:
    run = digest("build", "--site", make_site("warnings"), *NOW, "--strict")
    assert run.code == 1
    assert len(lines_with(run.err, ALT)) == 3 and f"and 5 more: {ALT}" in run.err


def test_errors_are_never_folded_away() -> None:
    errors = [Problem(f"content/{n}.md", 2, "title is required") for n in range(6)]
    warnings = [Problem(f"content/{n}.md", 3, "same", "warning") for n in range(5)]
    lines = readable([*errors, *warnings])
    assert lines == [
        *(str(p) for p in errors),
        *(str(p) for p in warnings[:3]),
        "and 2 more: same",
    ]
