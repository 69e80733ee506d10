"""``digest check``: every problem of tests/sites/check, with path and line, in text and JSON."""

from __future__ import annotations

import json

import pytest
from helpers import REPO, SITES, digest, digest_process, snapshot

D = "content/2024/03/"
# (path, line, severity, message): one of each problem the check site holds
EXPECTED = [
    (
        D + "bad-front-matter.md",
        3,
        "error",
        "date: '2024-02-30' is not a real date (day is out of range for month)",
    ),
    (
        D + "broken-links.md",
        9,
        "error",
        "broken link '../02/gone.md': there is no article content/2024/02/gone.md",
    ),
    (
        D + "broken-links.md",
        11,
        "error",
        "broken link 'draft.md': content/2024/03/draft.md is a draft (left out of this build)",
    ),
    (D + "no-topic.md", 2, "warning", "no topics: the story appears on no topic page"),
    (
        D + "off-vocabulary.md",
        4,
        "error",
        "topic 'Harbor' is not in the vocabulary of site.yaml (topics_strict)"
        " (did you mean 'Harbour'?)",
    ),
    (
        D + "same-url-a.md",
        4,
        "error",
        f"/2024/03/04/same/index.html is also the output of {D}same-url-b.md; its slug comes"
        " from 'slug: same' (line 4), there from 'slug: same' (line 5): set a different 'slug:'",
    ),
    (D + "see-also.md", 5, "warning", 'see_also: no article titled "No such story"'),
    (
        D + "twin-2.md",
        2,
        "warning",
        f'duplicate title "Twin  headline" on 2024-03-05: also {D}twin-1.md',
    ),
]


def as_text(path: str, line: int, severity: str, message: str) -> str:
    return f"{path}:{line}: {'warning: ' if severity == 'warning' else ''}{message}"


def test_text_reports_every_problem_with_path_and_line() -> None:
    before = snapshot(SITES / "check")

    run = digest("check", "--site", SITES / "check")

    assert run.code == 1
    lines = run.out.splitlines()
    assert lines[:-1] == [as_text(*item) for item in EXPECTED]
    assert lines[-1] == (
        "checked 12 content files (10 articles, 1 draft skipped, 1 not loaded): "
        "5 errors, 3 warnings"
    )
    assert snapshot(SITES / "check") == before  # nothing written


def test_json_lists_the_same_problems() -> None:
    run = digest("check", "--site", SITES / "check", "--format", "json")

    assert run.code == 1
    items = json.loads(run.out)
    assert [(i["path"], i["line"], i["severity"], i["message"]) for i in items] == EXPECTED


def test_every_problem_is_one_a_build_reports_too_except_the_checks_own(tmp_path) -> None:
    """check and build agree: the build fails on the same errors (and writes nothing)."""
    run = digest("build", "--site", SITES / "check", "--out", tmp_path / "public")
    errors = [as_text(*item) for item in EXPECTED if item[2] == "error"]
    assert run.code == 1
    assert [line for line in run.err.splitlines() if ": warning: " not in line][:-1] == errors
    assert not (tmp_path / "public").exists()


def test_the_sample_site_is_clean() -> None:
    run = digest("check", "--site", REPO)
    assert run.code == 0, run.out + run.err
    assert run.out.splitlines()[-1].endswith(": 0 errors, 0 warnings")


def test_the_sample_site_as_a_real_process_in_json() -> None:
    run = digest_process("check", "--format", "json", cwd=REPO)
    assert run.code == 0, run.err
    assert json.loads(run.out) == []


def test_warnings_alone_exit_0_and_1_under_strict(make_site) -> None:
    site = make_site("check")
    content = site / "content" / "2024" / "03"
    for name in ("bad-front-matter", "broken-links", "off-vocabulary", "same-url-a"):
        (content / f"{name}.md").unlink()

    run = digest("check", "--site", site)
    assert run.code == 0, run.out
    assert run.out.splitlines()[-1] == (
        "checked 8 content files (7 articles, 1 draft skipped): 0 errors, 3 warnings"
    )
    assert digest("check", "--site", site, "--strict").code == 1


def test_drafts_are_checked_with_drafts(make_site) -> None:
    site = make_site("check")
    draft = site / "content" / "2024" / "03" / "draft.md"
    draft.write_text(draft.read_text() + "\n[nowhere](nowhere.md)\n")

    plain = digest("check", "--site", site).out
    with_drafts = digest("check", "--site", site, "--drafts").out

    assert "draft.md:10: broken link 'nowhere.md'" not in plain
    assert f"{D}draft.md:10: broken link 'nowhere.md'" in with_drafts
    assert "broken link 'draft.md'" not in with_drafts  # the draft is published then


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_bad_site_yaml_exits_2_in_both_formats(make_site, fmt) -> None:
    site = make_site("check")
    (site / "site.yaml").write_text("title: x\ntopics_strict: perhaps\n")

    run = digest("check", "--site", site, "--format", fmt)

    assert run.code == 2
    if fmt == "json":
        assert json.loads(run.out)[0]["path"] == "site.yaml"
        assert json.loads(run.out)[0]["line"] == 2
    else:
        assert run.err.startswith("site.yaml:2: topics_strict must be true or false")
