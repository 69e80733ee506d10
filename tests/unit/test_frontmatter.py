"""The front-matter splitter and reader, without the file system."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from builder.dates import date_from_filename, parse_date
from builder.errors import DateError, FrontMatterError
from builder.load.frontmatter import normalize_newlines, parse, split

BERLIN = ZoneInfo("Europe/Berlin")


def read(text: str):
    return parse(split(normalize_newlines(text)), BERLIN)


def test_split_keeps_file_line_numbers() -> None:
    part = split("\n\n---\ntitle: x\n---\nbody\n")
    assert (part.yaml_line, part.body_line) == (4, 6)
    assert part.body == "body\n"


def test_dots_close_front_matter() -> None:
    assert split("---\ntitle: x\n...\nbody").body == "body"


def test_dashes_inside_the_body_stay_in_the_body() -> None:
    part = split("---\ntitle: x\n---\none\n---\ntwo\n")
    assert part.body == "one\n---\ntwo\n"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("title: NO", "NO"),
        ("title: 2024", "2024"),
        ("title: 1.10", "1.10"),
        ("title: 12:30", "12:30"),
        ("title: '  padded  '", "padded"),
    ],
)
def test_titles_stay_the_text_the_editor_wrote(raw: str, expected: str) -> None:
    assert read(f"---\n{raw}\ndate: 2024-01-01\n---\n").title == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-05-23", datetime(2023, 5, 23, tzinfo=BERLIN)),
        (
            "2019-03-05 12:00:00 -0500",
            datetime(2019, 3, 5, 12, tzinfo=timezone(timedelta(hours=-5))),
        ),
        ("2019-03-05 9:00:00 -0500", datetime(2019, 3, 5, 9, tzinfo=timezone(timedelta(hours=-5)))),
        (
            "2019-03-05  10:40:00 -0500",
            datetime(2019, 3, 5, 10, 40, tzinfo=timezone(timedelta(hours=-5))),
        ),
        ("2024-03-10T10:00:00Z", datetime(2024, 3, 10, 10, tzinfo=UTC)),
        (
            "2024-03-10T10:00:00+08:00",
            datetime(2024, 3, 10, 10, tzinfo=timezone(timedelta(hours=8))),
        ),
        ("2024-03-10 23:30", datetime(2024, 3, 10, 23, 30, tzinfo=BERLIN)),
    ],
)
def test_date_forms(text: str, expected: datetime) -> None:
    value = parse_date(text, BERLIN)
    assert value == expected
    assert value.utcoffset() == expected.utcoffset()


def test_naive_dates_are_in_the_site_timezone_not_utc() -> None:
    value = parse_date("2024-03-10 23:30", BERLIN)
    assert value.astimezone(UTC).hour == 22


@pytest.mark.parametrize("text", ["2024-13-45", "2024-02-30", "yesterday", "2024-01-01 25:00"])
def test_bad_dates_raise_date_error(text: str) -> None:
    with pytest.raises(DateError):
        parse_date(text, BERLIN)


def test_date_from_file_name() -> None:
    assert date_from_filename("2024-03-01-story", BERLIN) == datetime(2024, 3, 1, tzinfo=BERLIN)
    assert date_from_filename("story", BERLIN) is None
    assert date_from_filename("2024-02-30-story", BERLIN) is None


def test_topics_comma_string_and_fallbacks() -> None:
    assert read("---\ntitle: t\ntopics: a, b ,a\n---\n").topics == ("a", "b")
    assert read("---\ntitle: t\ntags: [x]\ncategories: [y]\n---\n").topics == ("x",)
    assert read("---\ntitle: t\ncategories: y\n---\n").topics == ("y",)


def test_unknown_keys_are_kept_as_extra_with_their_lines() -> None:
    meta = read("---\ntitle: t\nweight: 3\ndeck: hello\n---\n")
    assert meta.extra == {"weight": 3, "deck": "hello"}
    assert meta.lines["deck"] == 4


def test_repeated_extra_key_is_a_warning_not_an_error() -> None:
    meta = read("---\ntitle: t\nx: 1\nx: 2\n---\n")
    assert meta.extra["x"] == 2
    assert meta.warnings == ((4, "duplicate key 'x' (first at line 3); the last value is used"),)


def test_alias_bomb_is_refused() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(12)
    )
    with pytest.raises(FrontMatterError, match="too many YAML aliases"):
        read(f"---\ntitle: t\n{bomb}---\n")


def test_source_as_text_or_mapping() -> None:
    assert read("---\ntitle: t\nsource: dotgov\n---\n").source.name == "dotgov"
    meta = read("---\ntitle: t\nsource:\n  name: AP\n  url: https://apnews.com/x\n---\n")
    assert (meta.source.name, meta.source.url) == ("AP", "https://apnews.com/x")


@pytest.mark.parametrize(
    ("value", "kind"),
    [("2024-03-31 02:30", "does not exist"), ("2024-10-27 02:30", "happens twice")],
)
def test_local_times_at_a_clock_change_are_warned_about(value: str, kind: str) -> None:
    meta = read(f"---\ntitle: t\ndate: {value}\n---\n")
    assert meta.warnings == (
        (3, f"{value} {kind} in Europe/Berlin (a clock change); write it with an offset"),
    )


def test_times_with_an_offset_or_away_from_clock_changes_are_fine() -> None:
    assert read("---\ntitle: t\ndate: 2024-03-31 02:30 +01:00\n---\n").warnings == ()
    assert read("---\ntitle: t\ndate: 2024-06-01 02:30\n---\n").warnings == ()
