"""Real content nobody here wrote, from ../shared/corpora (skipped where absent)."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from helpers import SHARED, digest, shared

from builder.text.dates import parse_date

PROBLEM = re.compile(r"^[^\s:][^:]*:\d+: \S.*$")
INFRA = "content/news/2023/{}-infrastructure-as-a-public-service.md"
UNTITLED = "content/news/2018/09/2018-09-24-example.md"


@pytest.fixture(scope="module")
def digitalgov(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("digitalgov")
    shutil.copytree(shared("corpora/digitalgov-news") / "content", site / "content")
    # shortcodes as text here; tests/test_shortcodes_corpus.py builds them with templates
    (site / "site.yaml").write_text(
        "title: Digital.gov news\ntimezone: America/New_York\nshortcodes:\n  hugo: false\n"
    )
    return site


def test_digitalgov_reports_the_url_clash_and_the_untitled_post(digitalgov: Path) -> None:
    """Hugo silently drops one of the two clashing posts; we name both files.

    The corpus also has one post without a title (a Hugo example page). DESIGN §3
    makes ``title`` required, so that is a second error (see the README).
    """
    run = digest("build", "--site", digitalgov, "--expired")  # as before their expirydate

    assert run.code == 1
    errors = [
        line for line in run.err.splitlines() if PROBLEM.match(line) and "warning:" not in line
    ]
    assert errors == [
        f"{UNTITLED}:1: 'title' is required and must not be empty",
        INFRA.format("11/2023-11-20")
        + ":16: /2023/09/06/infrastructure-as-a-public-service/index.html"
        + " is also the output of "
        + INFRA.format("09/2023-09-15")
        + "; its slug comes from 'slug: infrastructure-as-a-public-service' (line 16),"
        + " there from 'slug: infrastructure-as-a-public-service' (line 14):"
        + " set a different 'slug:'",
    ]
    assert not (digitalgov / "public").exists()


def test_digitalgov_builds_once_the_clash_is_gone(digitalgov: Path) -> None:
    (digitalgov / INFRA.format("11/2023-11-20")).unlink()
    (digitalgov / UNTITLED).unlink()
    posts = [p for p in (digitalgov / "content").rglob("*.md") if not p.name.startswith("_")]
    drafts = [p for p in posts if re.search(r"^draft: true", p.read_text(), re.M)]

    run = digest("build", "--site", digitalgov, "--expired")

    assert run.code == 0, run.err[-2000:]
    out = digitalgov / "public"
    pages = list(out.glob("[0-9]*/*/*/*/index.html"))
    assert len(pages) == len(posts) - len(drafts) == 2080
    topic_pages = [p for p in (out / "topics").iterdir() if p.is_dir()]
    assert 45 <= len(topic_pages) <= 60
    # date: 2019-03-05 12:00:00 -0500 -> 5 March, whatever the machine's timezone
    assert (
        out / "2021/12/08/gsas-fedramp-celebrates-10-years-of-impact-on-cloud-security"
    ).is_dir()
    page = (out / "2023/09/06/infrastructure-as-a-public-service/index.html").read_text()
    assert 'datetime="2023-09-06T08:59:00-05:00"' in page


def documents(folder: str) -> list[Path]:
    root = SHARED / "corpora" / folder
    if not root.exists():
        return []
    suffixes = {".md", ".markdown", ".mkdn", ".text", ".txt", ".erb"}
    return sorted(
        p for p in root.rglob("*") if p.is_file() and p.suffix in suffixes and p.name != "SOURCE.md"
    )


EDGE_DOCS = documents("jekyll-test-source") + documents("python-frontmatter-tests")


@pytest.mark.skipif(not EDGE_DOCS, reason=f"{SHARED}/corpora is absent (only beside the project)")
@pytest.mark.parametrize("doc", EDGE_DOCS, ids=[str(p.relative_to(SHARED)) for p in EDGE_DOCS])
def test_edge_case_documents_build_or_give_path_line_errors(doc: Path, tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "site.yaml").write_text("title: edge cases\n")
    shutil.copy(doc, tmp_path / "content" / "doc.md")

    run = digest("build", "--site", tmp_path, "--drafts", "--future")

    assert run.code in (0, 1)
    assert "Traceback" not in run.err and "internal error" not in run.err
    problem_lines = [line for line in run.err.splitlines() if not line.startswith("build failed")]
    assert all(PROBLEM.match(line) for line in problem_lines), run.err
    if run.code == 1:
        assert problem_lines and problem_lines[0].startswith("content/doc.md:")
    else:
        assert len(list((tmp_path / "public").glob("[0-9]*/*/*/*/index.html"))) == 1


def _expected(posts: list[Path], now: datetime) -> tuple[int, int, int]:
    """(published, future, expired) counted from each post's own ``date``/``expirydate`` text.

    Read here with a regular expression, not the builder's front-matter reader; a bare
    ``expirydate: 2025-01-01`` is midnight in the site timezone (America/New_York).
    """
    tz = ZoneInfo("America/New_York")
    published = future = expired = 0
    for post in posts:
        text = post.read_text(encoding="utf-8")
        if re.search(r"^draft: true", text, re.M):
            continue
        day = re.search(r"^date:\s*\"?([^\"\n]+)\"?\s*$", text, re.M)
        assert day, post
        when = parse_date(day.group(1), tz)
        # the last one where a post repeats the key (14 do), as YAML readers and Hugo take
        gone = re.findall(r"^expirydate:\s*\"?(\d{4}-\d{2}-\d{2})\"?\s*$", text, re.M)
        ends = datetime.fromisoformat(gone[-1]).replace(tzinfo=tz) if gone else None
        if when > now:
            future += 1
        elif ends is not None and ends <= now:
            expired += 1
        else:
            published += 1
    return published, future, expired


@pytest.mark.parametrize("now", ["2024-06-01", None])
def test_digitalgov_expirydate_as_of_now(digitalgov: Path, now: str | None) -> None:
    """Issue 15, acceptance 2: Hugo's ``expirydate`` honoured, as of ``--now`` or the clock."""
    if (digitalgov / UNTITLED).exists():
        (digitalgov / INFRA.format("11/2023-11-20")).unlink()
        (digitalgov / UNTITLED).unlink()
    posts = [p for p in (digitalgov / "content").rglob("*.md") if not p.name.startswith("_")]
    clock = datetime(2024, 6, 1, tzinfo=ZoneInfo("America/New_York")) if now else None
    flags = ["--now", now] if now else []

    run = digest("build", "--site", digitalgov, "--out", digitalgov / "as-of", *flags)

    assert run.code == 0, run.err[-2000:]
    published, future, expired = _expected(posts, clock or datetime.now(UTC))
    assert expired >= (10 if now else 1600)  # 12 expired by June 2024; 1,616 in January 2025
    pages = list((digitalgov / "as-of").glob("[0-9]*/*/*/*/index.html"))
    assert len(pages) == published
    assert f"{expired} expired articles" in run.out
    assert (f"{future} future article" in run.out) == bool(future)
