"""An editor's first mistakes get a hint at their line (issue 13, "What to build" 3)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import SITES, digest

from builder.cli import main
from builder.text.hints import edit_distance, near_miss
from builder.text.slugs import MAX_HEADLINE_SLUG, headline_slug, slugify

HINTS = SITES / "hints"
C = "content/"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_every_hint_of_the_hints_site_at_its_line() -> None:
    run = digest("check", "--site", HINTS)

    assert run.code == 1
    assert run.out.splitlines() == [
        f"{C}key-typos.md:3: warning: unknown key 'dates' (did you mean 'date'?);"
        " kept as an extra field",
        f"{C}key-typos.md:5: warning: unknown key 'topic' (did you mean 'topics'?);"
        " kept as an extra field",
        f"{C}key-typos.md:6: warning: unknown key 'tag' (did you mean 'tags'?);"
        " kept as an extra field",
        f"{C}key-typos.md:7: warning: unknown key 'sumary' (did you mean 'summary'?);"
        " kept as an extra field",
        f"{C}near-miss.md:4: warning: topic 'Netherland' is not in the vocabulary"
        " (did you mean 'Netherlands'?); it makes a topic page of its own, /topics/netherland/",
        f"{C}near-miss.md:4: warning: topic 'chip' is not in the vocabulary"
        " (did you mean 'chips' (an alias of 'Semiconductors')?);"
        " it makes a topic page of its own, /topics/chip/",
        f"{C}near-miss.md:4: warning: topic 'semiconductor' is not in the vocabulary"
        " (did you mean 'Semiconductors'?); it makes a topic page of its own,"
        " /topics/semiconductor/",
        f"{C}tab.md:5: invalid YAML: a tab in the indentation (column 1);"
        " indent with spaces, YAML does not allow tabs",
        f"{C}title-typo.md:2: 'title' is required: unknown key 'titel' (did you mean 'title'?)",
        "checked 4 content files (2 articles, 2 not loaded): 2 errors, 7 warnings",
    ]


def test_near_miss_topics_warn_in_a_build_too_and_still_build(make_site) -> None:
    site = make_site("hints")
    for name in ("tab", "title-typo"):
        (site / "content" / f"{name}.md").unlink()

    run = digest("build", "--site", site)

    assert run.code == 0, run.err
    assert "near-miss.md:4: warning: topic 'Netherland' is not in the vocabulary" in run.err
    assert (site / "public" / "topics" / "netherland" / "index.html").is_file()  # still allowed
    assert digest("build", "--site", site, "--strict").code == 1


def test_a_different_place_is_not_a_near_miss() -> None:
    """``Austria`` is two edits from ``Australia``: a new topic, not a typo."""
    vocabulary = [slugify(n) for n in ("Australia", "Netherlands", "Semiconductors")]
    assert near_miss("austria", vocabulary) is None
    assert near_miss("netherland", vocabulary) == "netherlands"
    assert near_miss("netherlands", vocabulary) is None  # known: nothing to say
    assert near_miss("semiconductor", vocabulary) == "semiconductors"
    assert near_miss("eu", ["us"]) is None  # too short to guess
    assert edit_distance("kitten", "sitting") == 3


def test_a_tab_in_front_matter_deeper_in_the_list_names_its_column(make_site) -> None:
    site = make_site("hints")
    write(
        site / "content" / "tab.md",
        "---\ntitle: T\ndate: 2024-04-02\ntopics:\n  - A\n  \t- B\n---\n",
    )
    run = digest("check", "--site", site)
    assert f"{C}tab.md:6: invalid YAML: a tab in the indentation (column 3)" in run.out


def test_a_tab_in_site_yaml_says_tab(make_site) -> None:
    site = make_site("basic")
    write(site / "site.yaml", "title: T\nfeeds:\n\tentries: 3\n")
    run = digest("build", "--site", site)
    assert run.code == 2
    assert run.err.startswith("site.yaml:3: invalid YAML: a tab in the indentation (column 1)")


@pytest.mark.parametrize(
    ("yaml_text", "expected"),
    [
        ("timezone: Europe/Amsterdm\n", "unknown timezone 'Europe/Amsterdm' (did you mean"
         " 'Europe/Amsterdam'?)"),
        ("timezone: europe/berlin\n", "(did you mean 'Europe/Berlin'?)"),
        ("timezone: Nowhere/Atall\n", "(use an IANA name such as 'Europe/Amsterdam' or 'UTC')"),
        ("feeds:\n  entires: 3\n", "unknown key 'feeds.entires' (did you mean 'feeds.entries'?)"),
        ("editions:\n  dayly: true\n", "unknown key 'editions.dayly' (did you mean"
         " 'editions.daily'?)"),
        ("markdown:\n  engin: cmark-gfm\n", "unknown key 'markdown.engin' (did you mean"
         " 'markdown.engine'?)"),
    ],
)  # fmt: skip
def test_site_yaml_hints(make_site, yaml_text: str, expected: str) -> None:
    site = make_site("basic")
    write(site / "site.yaml", yaml_text)
    run = digest("check", "--site", site)
    assert run.code == 2
    assert expected in run.err


def test_duplicate_title_names_the_copy_not_the_original(make_site) -> None:
    """``x-2.md`` sorts before ``x.md``; the warning must still be on ``x-2.md``, the copy."""
    site = make_site("basic")
    story = "---\ntitle: Twin story\ndate: 2024-03-05 09:00\ntopics: [A]\n---\nText.\n"
    write(site / "content" / "twin" / "x.md", story)
    write(site / "content" / "twin" / "x-2.md", story)

    run = digest("check", "--site", site)

    assert (
        f'{C}twin/x-2.md:2: warning: duplicate title "Twin story" on 2024-03-05: also {C}twin/x.md'
    ) in run.out
    assert "twin/x.md:2: warning: duplicate title" not in run.out


def test_check_counts_drafts_and_scheduled_stories(make_site) -> None:
    """tests/sites/basic holds one draft and one story dated 2099."""
    run = digest("check", "--site", make_site("basic"))
    assert run.out.splitlines()[-1].startswith(
        "checked 8 content files (6 articles, 1 draft skipped, 1 scheduled story skipped)"
    )


def test_summary_names_the_output_folder_relative_to_the_site(make_site, tmp_path) -> None:
    site = make_site("basic")
    assert " -> public (" in digest("build", "--site", site).out
    elsewhere = tmp_path / "elsewhere"
    assert f" -> {elsewhere} (" in digest("build", "--site", site, "--out", elsewhere).out


def test_long_headlines_give_slugs_capped_at_a_word() -> None:
    headline = "The regional council approves a long-delayed plan " * 4
    slug = headline_slug(headline)
    assert len(slug) <= MAX_HEADLINE_SLUG
    assert slugify(headline).startswith(slug + "-")  # cut where a word ends
    short = "Council approves the harbour plan"
    assert headline_slug(short) == slugify(short)  # shorter slugs never change


def test_digest_new_caps_the_slug(make_site) -> None:
    site = make_site("newsroom")
    run = digest("new", "Word " * 40, "--site", site)
    assert run.code == 0, run.err
    assert len(Path(run.out.strip()).stem) <= MAX_HEADLINE_SLUG


@pytest.mark.parametrize("verb", ["init", "build", "serve", "new", "import", "check"])
def test_every_verb_help_has_a_description_and_examples(verb: str, capsys) -> None:
    with pytest.raises(SystemExit):
        main([verb, "--help"])
    out = capsys.readouterr().out
    assert "\n\n" in out.split("options:")[0]  # a paragraph under the usage line
    assert f"examples:\n  digest {verb}" in out
