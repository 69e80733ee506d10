"""Catalogue group A (cases 1-9): front matter. Lines are counted from the top of the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from harness import Case, check, front, ids, run_case, site_copy
from helpers import Run, digest, snapshot

pytestmark = pytest.mark.reliability

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(12)
)

CASES = [
    # 1. malformed YAML: the line of the file (not of the block), the column in the message
    Case(
        "01-unquoted-colon",
        {"content/a.md": "---\ndate: 2024-03-05\ntitle: Breaking: news\n---\n"},
        1,
        "content/a.md:3",
        "invalid YAML: mapping values are not allowed in this context (column 16)",
    ),
    Case(
        "01-bad-indent",
        {"content/a.md": "---\ntitle: x\ndate: 2024-03-05\n  topics: a\n---\n"},
        1,
        "content/a.md:4",
        "invalid YAML",
    ),
    Case(
        "01-unterminated-quote",
        {"content/a.md": '---\ntitle: "x\ndate: 2024-03-05\n---\n'},
        1,
        "content/a.md:2",
        "invalid YAML",
    ),
    Case(
        "01-blank-lines-before-front-matter",
        {"content/a.md": "\n\n---\ntitle: x\ndate: 2024-03-05\nbad: [\n---\n"},
        1,
        "content/a.md:7",
        "invalid YAML",
    ),
    # 2. fences
    Case(
        "02-not-terminated",
        {"content/a.md": "---\ntitle: x\ndate: 2024-03-05\nbody\n"},
        1,
        "content/a.md:1",
        "front matter not terminated (opened at line 1",
    ),
    Case("02-empty-file", {"content/a.md": ""}, 1, "content/a.md:1", "empty file"),
    Case(
        "02-no-front-matter",
        {"content/a.md": "# Just Markdown\n"},
        1,
        "content/a.md:1",
        "no front matter",
    ),
    Case(
        "02-only-front-matter",
        {"content/a.md": front(title="Only", body="")},
        0,
        exists=("2024/03/05/a/index.html",),
    ),
    Case(
        "02-dashes-inside-body-stay-body",
        {"content/a.md": front(title="Dashes", body="Para\n\n---\n\ntitle: not yaml\n")},
        0,
        page_has={"2024/03/05/a/index.html": "title: not yaml"},
    ),
    # 3. Python tags (the canary is checked in its own test below)
    Case(
        "03-python-tag",
        {"content/a.md": front(extra="x: !!python/object/apply:os.system ['true']\n")},
        1,
        "content/a.md:4",
        "could not determine a constructor",
    ),
    # 4. alias bomb
    Case(
        "04-alias-bomb",
        {"content/a.md": f"---\ntitle: t\ndate: 2024-03-05\n{BOMB}---\n"},
        1,
        "content/a.md:2",
        "too many YAML aliases",
    ),
    # 5. impossible dates, with the line of the date key
    Case(
        "05-month-13",
        {"content/a.md": "---\ntitle: x\n\ndate: 2024-13-45\n---\n"},
        1,
        "content/a.md:4",
        "date: '2024-13-45' is not a real date",
    ),
    Case(
        "05-february-30",
        {"content/a.md": front(date="2024-02-30")},
        1,
        "content/a.md:3",
        "is not a real date",
    ),
    Case(
        "05-updated-bad",
        {"content/a.md": front(extra="updated: 2024-04-31\n")},
        1,
        "content/a.md:4",
        "is not a real date",
    ),
    # dates past what the clock arithmetic holds (issue 27, item 8): once an OverflowError
    Case(
        "05-year-9999",
        {"content/a.md": front(date="9999-12-31")},
        1,
        "content/a.md:3",
        "date: '9999-12-31' is out of range (use a year from 0002 to 9998)",
    ),
    Case(
        "05-year-1-east-of-utc",
        {"content/a.md": front(date="0001-01-01T00:00+05:00")},
        1,
        "content/a.md:3",
        "date: '0001-01-01T00:00+05:00' is out of range",
    ),
    Case(
        "05-expires-9999",
        {"content/a.md": front(extra="expires: 9999-12-31 23:59\n")},
        1,
        "content/a.md:4",
        "expires: '9999-12-31 23:59' is out of range",
    ),
    Case(
        "05-publish-date-year-1",
        {"content/a.md": front(extra="publish_date: 0001-01-01\n")},
        1,
        "content/a.md:4",
        "publish_date: '0001-01-01' is out of range",
    ),
    Case(
        "05-the-first-and-last-years-build",
        {
            "content/a.md": front(date="0002-01-01T00:00+14:00"),
            "content/b.md": front(date="2024-03-05", extra="expires: 9998-12-31T23:59-12:00\n"),
        },
        0,
        exists=("0001/12/31/a/index.html", "2024/03/05/b/index.html"),
    ),
    # 6. YAML 1.1 coercions: the text the editor wrote, never False or 1.1
    Case(
        "06-title-NO",
        {"content/a.md": front(title="NO")},
        0,
        page_has={"2024/03/05/a/index.html": "<h1>NO</h1>"},
    ),
    Case(
        "06-title-1.10",
        {"content/a.md": front(title="1.10")},
        0,
        page_has={"2024/03/05/a/index.html": "<h1>1.10</h1>"},
    ),
    Case(
        "06-extra-time-and-octal-id",
        {"content/a.md": front(title="Extras", extra="time: 12:30\nid: 01234\n")},
        0,
        exists=("2024/03/05/a/index.html",),
    ),
    Case(
        "06-date-without-seconds-is-a-datetime",
        {"content/a.md": front(title="Ten", date="2024-03-10 10:00")},
        0,
        exists=("2024/03/10/a/index.html",),
    ),
    # 7. duplicate keys
    Case(
        "07-duplicate-title",
        {"content/a.md": "---\ntitle: a\ndate: 2024-03-05\ntitle: b\n---\n"},
        1,
        "content/a.md:4",
        "duplicate key 'title' (first at line 2)",
    ),
    Case(
        "07-duplicate-extra-key-warns",
        {"content/a.md": front(extra="x: 1\nx: 2\n")},
        0,
        "content/a.md:5",
        "warning: duplicate key 'x' (first at line 4); the last value is used",
    ),
    # 8. required and typed fields
    Case(
        "08-no-title",
        {"content/a.md": "---\ndate: 2024-03-05\n---\n"},
        1,
        "content/a.md:1",
        "'title' is required",
    ),
    Case(
        "08-empty-title",
        {"content/a.md": "---\ntitle: ''\ndate: 2024-03-05\n---\n"},
        1,
        "content/a.md:2",
        "'title' is required",
    ),
    Case(
        "08-title-list",
        {"content/a.md": "---\ntitle: [a, b]\ndate: 2024-03-05\n---\n"},
        1,
        "content/a.md:2",
        "title must be text",
    ),
    Case(
        "08-topics-mapping",
        {"content/a.md": front(extra="topics: {a: 1}\n")},
        1,
        "content/a.md:4",
        "must be text",
    ),
    Case(
        "08-tags-comma-string-is-a-list",
        {"content/a.md": front(extra='tags: "news, world"\n')},
        0,
        exists=("topics/news/index.html", "topics/world/index.html"),
    ),
    Case("08-topics-null", {"content/a.md": front(extra="topics: null\n")}, 0),
    Case(
        "08-draft-not-bool",
        {"content/a.md": front(extra="draft: maybe\n")},
        1,
        "content/a.md:4",
        "draft must be true or false",
    ),
    # 9. dates and time zones
    Case(
        "09-naive-late-evening-in-site-timezone",
        {"content/late.md": front(title="Late", date="2024-03-10 23:30")},
        0,
        exists=("2024/03/10/late/index.html",),
    ),
    Case(
        "09-dst-gap-warns",
        {"content/a.md": front(date="2024-03-31 02:30")},
        0,
        "content/a.md:3",
        "warning: 2024-03-31 02:30 does not exist in Europe/Berlin",
    ),
    Case(
        "09-dst-overlap-warns",
        {"content/a.md": front(date="2024-10-27 02:30")},
        0,
        "content/a.md:3",
        "warning: 2024-10-27 02:30 happens twice in Europe/Berlin",
    ),
    Case(
        "09-future-is-reported-skipped",
        {"content/a.md": front(date="2999-01-01")},
        0,
        stdout_has="2 future articles skipped",
    ),
    Case(
        "09-draft-is-reported-skipped",
        {"content/a.md": front(extra="draft: true\n")},
        0,
        stdout_has="2 drafts",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_front_matter_case(built_basic: Path, tmp_path: Path, case: Case) -> None:
    run_case(built_basic, tmp_path, case)


def test_03_python_tag_spawns_no_process(built_basic: Path, tmp_path: Path) -> None:
    site = site_copy(built_basic, tmp_path / "site")
    canary = tmp_path / "CANARY"
    (site / "content" / "a.md").write_text(
        f"---\ntitle: t\ndate: 2024-03-05\nx: !!python/object/apply:os.system ['touch {canary}']\n"
        f"y: !!python/object/apply:subprocess.call [['touch', '{canary}']]\n---\n"
    )
    before = snapshot(site / "public")

    run = digest("build", "--site", site)

    check(run, 1, "content/a.md:4", "could not determine a constructor")
    assert not canary.exists()
    assert snapshot(site / "public") == before


def test_08_all_problems_of_a_build_are_reported_together(built_basic: Path, tmp_path: Path):
    site = site_copy(built_basic, tmp_path / "site")
    for case in CASES:
        if case.code == 1:
            (site / "content" / f"{case.id}.md").write_bytes(case.files["content/a.md"].encode())
    run = digest("build", "--site", site)
    check(run, 1, None)
    named = {line.split(":")[0] for line in run.err.splitlines() if ".md:" in line}
    assert named == {f"content/{c.id}.md" for c in CASES if c.code == 1}


@pytest.mark.parametrize("verb", ["build", "check", "schedule"])
@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01T00:00+05:00"])
def test_05_a_date_past_the_clock_is_a_line_error_for_every_verb(
    built_basic: Path, tmp_path: Path, verb: str, date: str
) -> None:
    """Before issue 27 (item 8) each of these was ``internal error: OverflowError``."""
    site = site_copy(built_basic, tmp_path / "site")
    before = snapshot(site / "public")
    (site / "content" / "a.md").write_text(front(date=date))

    run = digest(verb, "--site", site)

    reported = Run(run.code, "", run.out) if verb == "check" else run  # check: on stdout
    check(reported, 1, "content/a.md:3", f"date: '{date}' is out of range")
    assert snapshot(site / "public") == before


@pytest.mark.parametrize("now", ["9999-12-31", "0001-01-01T00:00+05:00"])
def test_05_a_clock_past_the_arithmetic_is_a_usage_error(
    built_basic: Path, tmp_path: Path, now: str
) -> None:
    site = site_copy(built_basic, tmp_path / "site")
    run = digest("build", "--site", site, "--now", now)
    check(run, 2, "error", f"--now '{now}' is out of range")
