"""``digest import``: wire copy -> content files, on the seed story and invented fixtures."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from helpers import SITES, digest, shared, snapshot

from builder.config import load_config
from builder.errors import WireError
from builder.load import load_article
from builder.load.frontmatter import normalize_newlines, parse, split
from builder.load.markdown import MarkdownRenderer, plain_text
from builder.model import Source, SourceFile
from builder.newsroom.wire import (
    body_markdown,
    escape_markdown,
    parse_wire,
    split_dateline,
)

WIRE = SITES / "wire"
SEED_NAME = "000_a5d978bcece5565e.txt"


def import_one(site: Path, wire_file: Path, *args: str) -> Path:
    """Import one file into ``site``; the path the command printed, checked to exist."""
    run = digest("import", wire_file, "--site", site, *args)
    assert run.code == 0, run.err
    printed = Path(run.out.strip())
    assert printed.is_file()
    return printed


def load(site: Path, path: Path):
    """The article as the build loads it (our own loader, not PyYAML directly)."""
    config = load_config(site)
    src_path = path.resolve().relative_to(config.site_dir).as_posix()
    loaded = load_article(
        SourceFile(src_path, path.read_bytes()), config, MarkdownRenderer(config.markdown)
    )
    assert loaded.article is not None, loaded.problems
    return loaded.article


def paragraphs_of(html: str) -> list[str]:
    return [plain_text(p) for p in re.findall(r"<p>(.*?)</p>", html, re.DOTALL)]


# --- the seed story (acceptance 1) -------------------------------------------------


def test_importing_the_seed_story(make_site) -> None:
    seed = shared("seed") / SEED_NAME
    if not seed.is_file():
        pytest.skip(f"{seed} is absent")
    site = make_site("newsroom")
    raw = seed.read_text(encoding="utf-8")
    blocks = [b.strip() for b in normalize_newlines(raw).split("\n\n") if b.strip()]
    teasers = [b for b in blocks if b.startswith("See also")]
    story_blocks = [b for b in blocks[1:] if not b.startswith("See also")]

    path = import_one(site, seed, "--date", "2023-05-23")

    assert path.relative_to(site).as_posix().startswith("content/2023/05/china-asks-")
    article = load(site, path)
    assert article.title == blocks[0]
    assert article.dateline == "BEIJING"
    assert len(teasers) == 2
    kept = tuple(article.extra["wire_see_also"])
    assert kept == tuple(t.removeprefix("See also").strip(" \u00a0") for t in teasers)
    assert all("See also" not in s and "\u00a0" not in s for s in kept)
    assert article.see_also == ()  # the agency's stories are not ours: nothing to resolve
    body = paragraphs_of(article.content)
    assert len(body) == 15
    assert body[0] == story_blocks[0].removeprefix("BEIJING — ")
    assert body[1:] == story_blocks[1:]
    assert article.summary.startswith(body[0][:60])
    assert "“" in article.content and "’" in article.content  # curly quotes kept as they are


# --- invented fixtures -------------------------------------------------------------

# (fixture, expected front matter as our loader reads it, number of body paragraphs)
FIXTURES = [
    (
        "em_dash.txt",
        {
            "title": (
                "Lorem test story: Millbrook council votes to repaint the fictional footbridge"
            ),
            "dateline": "MILLBROOK",
            "see_also": ("Invented headline about a made-up bakery contest",),
        },
        2,
    ),
    (
        "en_dash_region.txt",
        {
            "title": "Test wire copy — North Haven opens a lorem ipsum library",
            "dateline": "NORTH HAVEN, Vestland (TEST)",
            "see_also": (
                "A second teaser about nothing in particular",
                "A third teaser, after a space and a no-break space",
                "The last teaser",
            ),
        },
        3,
    ),
    (
        "no_dateline.txt",
        {
            "title": "Placeholder report: the Millbrook fair, with no dateline at all",
            "dateline": None,
            "see_also": (),
        },
        2,
    ),
    (
        "crlf.txt",
        {
            "title": "Test fixture: a CRLF file from an imaginary agency",
            "dateline": "LOREMVILLE",
            "see_also": ("Lorem teaser one", "Lorem teaser two"),
        },
        2,
    ),
]


@pytest.mark.parametrize(("name", "expected", "count"), FIXTURES, ids=[f[0] for f in FIXTURES])
def test_fixture_front_matter(make_site, name, expected, count) -> None:
    site = make_site("newsroom")

    path = import_one(site, WIRE / name, "--date", "2024-06-01 08:30", "--topics", "Port, Lorem")

    article = load(site, path)
    assert article.title == expected["title"]
    assert article.dateline == expected["dateline"]
    assert tuple(article.extra.get("wire_see_also", ())) == expected["see_also"]
    assert article.see_also == ()
    assert article.topic_names == ("Port", "Lorem")
    assert article.date.isoformat() == "2024-06-01T08:30:00+02:00"  # site timezone, summer
    assert len(paragraphs_of(article.content)) == count
    assert path.relative_to(site).parts[:3] == ("content", "2024", "06")


def test_paragraph_text_renders_exactly_as_written(make_site) -> None:
    site = make_site("newsroom")
    path = import_one(site, WIRE / "en_dash_region.txt", "--date", "2024-06-01")

    body = paragraphs_of(load(site, path).content)

    assert body == [
        "The imaginary town of North Haven opened a library on Tuesday that lends only "
        "*placeholder* books, dolor_sit_amet [edition] included.",
        "1. This paragraph starts like a numbered list & keeps <angle> brackets.",
        "# Not a heading, just a hash at the start of a paragraph.",
    ]


def test_summary_is_the_first_paragraph_and_crlf_leaves_no_carriage_return(make_site) -> None:
    site = make_site("newsroom")
    path = import_one(site, WIRE / "crlf.txt", "--date", "2024-06-01")

    article = load(site, path)

    assert article.summary == ("First paragraph of a test story, written with Windows line ends.")
    assert b"\r" not in path.read_bytes()
    assert paragraphs_of(article.content)[1] == "Second paragraph, wrapped over two lines."


def test_long_first_paragraph_is_cut_at_a_word_boundary(make_site, tmp_path) -> None:
    words = " ".join(f"lorem{i}" for i in range(100))
    wire = tmp_path / "long.txt"
    wire.write_text(f"A long test story\n\nTESTVILLE — {words}\n", encoding="utf-8")
    site = make_site("newsroom")

    article = load(site, import_one(site, wire, "--date", "2024-06-01"))

    assert article.summary.endswith("…")
    assert words.startswith(article.summary[:-1])
    assert article.summary[:-1].split()[-1] in words.split()


# --- front matter is YAML, emitted, and loads back ---------------------------------

HOSTILE_HEADLINES = [
    "NO",
    "2024",
    "- starts like a list: and has a colon # and a hash",
    "“Quoted” headline with ‘single’ quotes, an apostrophe’s and 'ascii' ones",
    '"Double" and \\ backslash',
    "yes: true",
    "@at [brackets] {braces} & *stars* | pipe % percent",
]


@pytest.mark.parametrize("headline", HOSTILE_HEADLINES)
def test_front_matter_round_trips_through_our_loader(make_site, tmp_path, headline) -> None:
    wire = tmp_path / "story.txt"
    teaser = "Teaser: “quoted”, with a colon"
    wire.write_text(
        f"{headline}\n\nTESTVILLE — Body: text # here.\n\nSee also {teaser}\n", encoding="utf-8"
    )
    site = make_site("newsroom")
    path = import_one(site, wire, "--date", "2024-06-01T10:00:00Z", "--topics", "a: b, NO")

    text = path.read_text(encoding="utf-8")
    meta = parse(split(text), load_config(site).tz)

    assert meta.title == headline
    assert meta.dateline == "TESTVILLE"
    assert meta.extra["wire_see_also"] == [teaser]
    assert meta.see_also == ()
    assert meta.topics == ("a: b", "NO")
    assert meta.summary == "Body: text # here."
    assert meta.date is not None and meta.date.isoformat() == "2024-06-01T10:00:00+00:00"


# --- never overwrite (acceptance 4) ------------------------------------------------


def test_second_import_is_refused_and_changes_nothing(make_site) -> None:
    site = make_site("newsroom")
    first = import_one(site, WIRE / "em_dash.txt", "--date", "2024-06-01")
    first.write_text(first.read_text() + "\nAn editor's later change.\n")
    before = snapshot(site)

    run = digest("import", WIRE / "em_dash.txt", "--site", site, "--date", "2024-06-02")

    assert run.code == 1
    assert run.out == ""
    assert f"{WIRE / 'em_dash.txt'}:1: content/2024/06/{first.stem}.md already exists" in run.err
    assert f"--force-new to import it again as {first.stem}-2" in run.err
    assert snapshot(site) == before


def test_force_new_writes_a_numbered_copy(make_site) -> None:
    site = make_site("newsroom")
    first = import_one(site, WIRE / "em_dash.txt", "--date", "2024-06-01")
    before = first.read_bytes()

    second = import_one(site, WIRE / "em_dash.txt", "--date", "2024-06-01", "--force-new")
    third = import_one(site, WIRE / "em_dash.txt", "--date", "2024-06-01", "--force-new")

    assert (second.stem, third.stem) == (f"{first.stem}-2", f"{first.stem}-3")
    assert first.read_bytes() == before
    assert digest("build", "--site", site, "-q").code == 0  # three URLs, no collision


def test_several_files_one_bad_the_others_written(make_site) -> None:
    site = make_site("newsroom")

    run = digest(
        "import", WIRE / "em_dash.txt", WIRE / "empty.txt", WIRE / "no_dateline.txt",
        WIRE / "headline_only.txt", WIRE / "missing.txt", "--site", site, "--date", "2024-06-01",
    )  # fmt: skip

    assert run.code == 1
    assert len(run.out.splitlines()) == 2
    assert f"{WIRE / 'empty.txt'}:1: empty wire copy" in run.err
    assert f"{WIRE / 'headline_only.txt'}:1: no story text after the headline" in run.err
    assert f"{WIRE / 'missing.txt'}:1: cannot read the file" in run.err
    assert "Traceback" not in run.err


def test_wire_copy_that_is_not_utf8_names_its_line(make_site, tmp_path) -> None:
    wire = tmp_path / "latin1.txt"
    wire.write_bytes("Headline\n\nTESTVILLE — caf\u00e9\n".encode("latin-1", "replace"))
    site = make_site("newsroom")
    before = snapshot(site)

    run = digest("import", wire, "--site", site)

    assert run.code == 1
    assert run.err.startswith(f"{wire}:3: not valid UTF-8")
    assert snapshot(site) == before


def test_bad_date_is_a_usage_error(make_site) -> None:
    site = make_site("newsroom")
    run = digest("import", WIRE / "em_dash.txt", "--site", site, "--date", "2024-02-30")
    assert run.code == 2
    assert "--date" in run.err and "not a real date" in run.err
    assert not (site / "content" / "2024" / "02").exists()


def test_default_date_is_now_in_the_site_timezone(make_site) -> None:
    site = make_site("newsroom")
    before = datetime.now(UTC).replace(microsecond=0)
    article = load(site, import_one(site, WIRE / "em_dash.txt"))
    after = datetime.now(UTC)
    assert before <= article.date <= after
    amsterdam = article.date.astimezone(ZoneInfo("Europe/Amsterdam"))
    assert article.date.utcoffset() == amsterdam.utcoffset()


def test_imported_story_builds(make_site) -> None:
    site = make_site("newsroom")
    path = import_one(site, WIRE / "em_dash.txt", "--date", "2024-06-01")

    run = digest("build", "--site", site)

    assert run.code == 0, run.err
    html = (site / "public" / "2024" / "06" / "01" / path.stem / "index.html").read_text()
    assert "MILLBROOK" in html and "“in a cheerful yellow.”" in html


def test_wire_copy_can_never_become_a_shortcode_or_liquid_tag(make_site, tmp_path) -> None:
    site = make_site("newsroom")
    wire = tmp_path / "templates.txt"
    wire.write_text(
        'Templates in the news\n\nBERLIN — Hackers wrote {{< ref "x.md" >}} and '
        "{% for x in y %} and {{ site.url }} into the story.\n"
    )
    path = import_one(site, wire, "--date", "2024-06-02")
    assert "{{" not in path.read_text().split("---", 2)[2]

    run = digest("build", "--site", site)

    assert run.code == 0, run.err
    html = (site / "public/2024/06/02" / path.stem / "index.html").read_text()
    body = html[html.index('<div class="body">') :]
    assert "wrote {{&lt; ref" in body and "{% for x in y %} and {{ site.url }} into" in body


# --- the pure parts ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "dateline", "rest"),
    [
        ("BEIJING — China’s minister", "BEIJING", "China’s minister"),
        ("SÃO PAULO – Text", "SÃO PAULO", "Text"),
        ("ST. JOHN'S, Newfoundland (AP) — x", "ST. JOHN'S, Newfoundland (AP)", "x"),
        ("Millbrook — lower case", None, "Millbrook — lower case"),
        ("BEIJING - a hyphen is no dateline", None, "BEIJING - a hyphen is no dateline"),
        ("I — alone", None, "I — alone"),
        ("A sentence with NATO — later", None, "A sentence with NATO — later"),
    ],
)
def test_split_dateline(paragraph, dateline, rest) -> None:
    assert split_dateline(paragraph) == (dateline, rest)


def test_see_also_needs_a_space_and_text() -> None:
    story = parse_wire("H\n\nSee alsoX is a word\n\nSee also\n\nSee also  real teaser\n")
    assert story.see_also == ("real teaser",)
    assert story.paragraphs == ("See alsoX is a word", "See also")


def test_blank_lines_before_the_headline_and_a_bom_are_skipped() -> None:
    story = parse_wire("\ufeff\n \n  Headline  here \nBody")
    assert (story.headline, story.paragraphs) == ("Headline here", ("Body",))


def test_empty_wire_copy_is_an_error() -> None:
    with pytest.raises(WireError, match="empty wire copy"):
        parse_wire(" \n\n")


@pytest.mark.parametrize(
    "text",
    [
        *("# x", "- x", "+ x", "> x", "1. x", "7) x", "a *b* _c_ `d` [e](f.md) <g> &amp; \\ h"),
        *("---", '{{< ref "x.md" >}}', "{% for x in y %}", "{{ site.url }} {{{% x %}", "{{% a %}}"),
    ],
)
def test_escaped_markdown_renders_to_the_same_text(text) -> None:
    renderer = MarkdownRenderer(load_config(SITES / "newsroom").markdown)
    assert plain_text(renderer.to_html(escape_markdown(text))) == text


def test_body_is_one_markdown_paragraph_per_wire_paragraph() -> None:
    story = parse_wire("H\n\nA\nwrapped\n\nB\n")
    assert body_markdown(story) == "A wrapped\n\nB\n"


# --- issue 13: source, the copy's own date, topics: [], teasers kept, re-import ------------


def test_source_name_and_link_are_written(make_site) -> None:
    site = make_site("newsroom")
    plain = import_one(site, WIRE / "em_dash.txt", "--date", "2024-06-01", "--source", "AP")
    linked = import_one(
        site, WIRE / "no_dateline.txt", "--date", "2024-06-01",
        "--source", "Test Agency https://agency.example/",
    )  # fmt: skip

    assert load(site, plain).source == Source("AP")
    assert load(site, linked).source == Source("Test Agency", "https://agency.example/")


@pytest.mark.parametrize("value", ["https://agency.example/", "AP javascript:alert(1)://x", "  "])
def test_a_bad_source_is_a_usage_error(make_site, value: str) -> None:
    site = make_site("newsroom")
    before = snapshot(site)
    run = digest("import", WIRE / "em_dash.txt", "--site", site, "--source", value)
    assert run.code == 2
    assert run.err.startswith("error: --source: ")
    assert snapshot(site) == before


def test_topics_key_is_always_written(make_site) -> None:
    site = make_site("newsroom")
    path = import_one(site, WIRE / "em_dash.txt", "--date", "2024-06-01")
    assert "\ntopics: []\n" in path.read_text(encoding="utf-8")


def test_teasers_are_kept_for_the_editor_and_strict_check_passes(make_site) -> None:
    """The wire's "See also" names the agency's stories: as see_also they could never resolve."""
    site = make_site("newsroom")
    path = import_one(site, WIRE / "em_dash.txt", "--date", "2024-06-01", "--topics", "Port")

    assert load(site, path).extra["wire_see_also"] == [
        "Invented headline about a made-up bakery contest"
    ]
    run = digest("check", "--site", site, "--strict")
    assert run.code == 0, run.out
    assert "see_also" not in run.out


@pytest.mark.parametrize(
    ("copy", "expected"),
    [
        ("Headline\n\nWASHINGTON, Sept. 4, 2019 (AP) — Text.\n", "2019-09-04T00:00:00+02:00"),
        ("Headline\n\nLONDON, 23 May 2023 (TEST) – Text.\n", "2023-05-23T00:00:00+02:00"),
        ("Headline\nPublished: 23 May 2023 10:15\n\nText.\n", "2023-05-23T10:15:00+02:00"),
        ("Headline\n\nText first.\n\nMay 2, 2021\n\nMore text.\n", "2021-05-02T00:00:00+02:00"),
        ("Headline\n\n2022-01-31\n\nText.\n", "2022-01-31T00:00:00+01:00"),
    ],
)
def test_the_copy_dates_itself_without_date(make_site, tmp_path, copy, expected) -> None:
    site = make_site("newsroom")
    wire = tmp_path / "story.txt"
    wire.write_text(copy, encoding="utf-8")

    run = digest("import", wire, "--site", site)

    assert run.code == 0, run.err
    assert run.err == ""  # no "dated now" warning
    article = load(site, Path(run.out.strip()))
    assert article.date.isoformat() == expected
    assert not any(
        re.fullmatch(r"(Published: )?[\w ,-:]+\d", p) for p in paragraphs_of(article.content)
    )


def test_an_explicit_date_wins_over_the_copy(make_site, tmp_path) -> None:
    site = make_site("newsroom")
    wire = tmp_path / "story.txt"
    wire.write_text("Headline\n\nWASHINGTON, Sept. 4, 2019 (AP) — Text.\n", encoding="utf-8")
    path = import_one(site, wire, "--date", "2024-06-01")
    assert load(site, path).date.date().isoformat() == "2024-06-01"


def test_without_any_date_now_is_used_and_said(make_site) -> None:
    site = make_site("newsroom")
    run = digest("import", WIRE / "em_dash.txt", "--site", site)
    assert run.code == 0
    assert run.err.startswith(
        f"{WIRE / 'em_dash.txt'}:1: warning: no date in the copy (dateline or date line)"
        " and no --date: dated now, "
    )


def test_dateline_without_a_year_is_the_latest_such_day() -> None:
    from datetime import date

    story = parse_wire("H\n\nLONDON, Dec. 30 (TEST) — Text.\n", today=date(2025, 1, 2))
    assert story.date is not None and story.date.value == date(2024, 12, 30)
    assert parse_wire("H\n\nLONDON, Feb. 30 (TEST) — Text.\n").date is None  # no such day


def test_a_re_import_flags_the_later_file(make_site) -> None:
    site = make_site("newsroom")
    first = import_one(site, WIRE / "em_dash.txt", "--date", "2024-06-01", "--topics", "Port")

    run = digest(
        "import", WIRE / "em_dash.txt", "--site", site, "--date", "2024-06-01",
        "--topics", "Port", "--force-new",
    )  # fmt: skip

    assert run.code == 0
    copy = f"content/2024/06/{first.stem}-2.md"
    assert run.err == (
        f"{copy}:2: warning: imported again: a copy of content/2024/06/{first.stem}.md"
        " (delete one of them before publishing)\n"
    )
    check = digest("check", "--site", site).out
    assert f"{copy}:2: warning: duplicate title" in check
    assert f"content/2024/06/{first.stem}.md:2: warning: duplicate title" not in check
