"""The front-matter splitter and reader, without the file system."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from builder.errors import DateError, FrontMatterError
from builder.load.frontmatter import normalize_newlines, parse, split
from builder.text.dates import date_from_filename, parse_date

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


def _tz(hours: float) -> timezone:
    return timezone(timedelta(hours=hours))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # YAML 1.1's own examples (yaml.org/type/timestamp.html)
        ("2001-12-14t21:59:43.10-05:00", datetime(2001, 12, 14, 21, 59, 43, 100000, _tz(-5))),
        ("2001-12-14 21:59:43.10 -5", datetime(2001, 12, 14, 21, 59, 43, 100000, _tz(-5))),
        ("2001-12-15T02:59:43.1Z", datetime(2001, 12, 15, 2, 59, 43, 100000, UTC)),
        ("2001-12-15 2:59:43.10", datetime(2001, 12, 15, 2, 59, 43, 100000, BERLIN)),
        # every offset form, with and without a space before it
        ("2016-03-23 9:00:00 -4", datetime(2016, 3, 23, 9, tzinfo=_tz(-4))),
        ("2016-03-23 9:00:00-4", datetime(2016, 3, 23, 9, tzinfo=_tz(-4))),
        ("2016-03-23 09:00:00 +05", datetime(2016, 3, 23, 9, tzinfo=_tz(5))),
        ("2016-03-23 09:00:00+05", datetime(2016, 3, 23, 9, tzinfo=_tz(5))),
        ("2016-03-23 09:00:00 -04:00", datetime(2016, 3, 23, 9, tzinfo=_tz(-4))),
        ("2016-03-23 09:00:00-0400", datetime(2016, 3, 23, 9, tzinfo=_tz(-4))),
        ("2016-03-23 09:00:00 +5:30", datetime(2016, 3, 23, 9, tzinfo=_tz(5.5))),
        ("2016-03-23 09:00:00 Z", datetime(2016, 3, 23, 9, tzinfo=UTC)),
        ("2016-03-23T09:00:00.123456789+01:00", datetime(2016, 3, 23, 9, 0, 0, 123456, _tz(1))),
        # one-digit months, days and hours
        ("2016-3-5", datetime(2016, 3, 5, tzinfo=BERLIN)),
        ("2016-3-5 7:05:00 +1", datetime(2016, 3, 5, 7, 5, tzinfo=_tz(1))),
    ],
)
def test_every_yaml_1_1_timestamp_form_is_a_date(text: str, expected: datetime) -> None:
    value = parse_date(text, BERLIN)
    assert value == expected
    assert value.utcoffset() == expected.utcoffset()


def test_a_jekyll_date_with_a_one_digit_offset_is_13_utc() -> None:
    meta = read("---\ntitle: t\ndate: 2016-03-23 9:00:00 -4\n---\n")
    assert meta.date.astimezone(UTC) == datetime(2016, 3, 23, 13, tzinfo=UTC)


@pytest.mark.parametrize(
    "text", ["2016-03-23 9:00:00 -400", "2016-03-23 9:00:00 -24", "2016-03-23 9:00:00 +5:7"]
)
def test_malformed_offsets_are_still_refused(text: str) -> None:
    with pytest.raises(DateError):
        parse_date(text, BERLIN)


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


def _bomb(levels: int) -> str:
    """Each level ten aliases of the one before: ``levels * 10`` aliases, 10**(levels+1) values."""
    rows = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    rows += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, levels + 1)]
    return "\n".join(rows) + "\n"


def test_alias_bomb_under_the_alias_count_is_refused_by_its_expanded_size() -> None:
    bomb = _bomb(7)
    assert bomb.count("*") == 70  # under MAX_ALIASES: only the expanded size catches it
    with pytest.raises(FrontMatterError, match="expand to over 100,000 values") as caught:
        read(f"---\ntitle: t\n{bomb}---\n")
    assert caught.value.line == 7  # l4 (111,111 values) is the first one over the limit


def test_a_recursive_alias_is_refused_at_its_line() -> None:
    with pytest.raises(FrontMatterError, match="refers to the value that contains it") as caught:
        read("---\ntitle: t\nloop: &a [x, *a]\n---\n")
    assert caught.value.line == 3


def test_ordinary_anchors_and_aliases_still_work() -> None:
    meta = read(
        "---\ntitle: t\nbase: &b {role: staff, team: web}\n"
        "people:\n  - <<: *b\n    name: Ann\n  - *b\n" + _bomb(3) + "---\n"
    )
    assert meta.extra["people"] == [
        {"role": "staff", "team": "web", "name": "Ann"},
        {"role": "staff", "team": "web"},
    ]
    assert len(meta.extra["l3"]) == 10  # 10,000 values after expansion: allowed


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


# issue 23: Jekyll's published: false and permalink:


@pytest.mark.parametrize(
    ("keys", "draft"),
    [
        ("published: false", True),
        ("published: true", False),
        ("draft: true\npublished: true", True),
        ("draft: false\npublished: false", True),
    ],
)
def test_published_false_is_a_draft(keys: str, draft: bool) -> None:
    meta = read(f"---\ntitle: x\n{keys}\n---\n")
    assert meta.draft is draft
    assert meta.warnings == ()  # 'published' is known: no "did you mean 'publishdate'?"


def test_published_must_be_true_or_false() -> None:
    with pytest.raises(FrontMatterError) as caught:
        read("---\ntitle: x\npublished: soon\n---\n")
    assert caught.value.line == 3
    assert caught.value.message == "published must be true or false, not 'soon'"


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("/about/", "/about/"),
        ("about", "/about"),
        ("/:year/:month/:title.html", "/:year/:month/:title.html"),
        ("/news/2024/x/", "/news/2024/x/"),
    ],
)
def test_a_permalink_is_kept_as_a_site_path(raw: str, kept: str) -> None:
    meta = read(f"---\ntitle: x\npermalink: {raw}\n---\n")
    assert meta.permalink == kept and meta.extra["permalink"] == kept


@pytest.mark.parametrize(
    "raw", ["/../x/", "/a/%2e%2e/b/", "/a//b/", "/a\\\\b/", "/nul/", "/a/./b", "/x:y/", "/\u202ex/"]
)
def test_a_permalink_that_could_leave_the_output_is_refused_at_its_line(raw: str) -> None:
    with pytest.raises(FrontMatterError) as caught:
        read(f'---\ntitle: x\npermalink: "{raw}"\n---\n')
    assert caught.value.line == 3 and "permalink" in caught.value.message


@pytest.mark.parametrize(
    ("extra", "summary"),
    [
        ("description: What it is about.\n", "What it is about."),
        ("description: Not this.\nsummary: This.\n", "This."),
        ("description: ''\n", None),
        ("description: [a, list]\n", None),  # not text: kept in extra, as before, no error
    ],
)
def test_description_is_the_summary_when_summary_is_absent(extra: str, summary) -> None:
    meta = read(f"---\ntitle: x\ndate: 2024-05-01\n{extra}---\nbody\n")
    assert meta.summary == summary
    assert "description" in meta.extra  # templates that read it there still find it
