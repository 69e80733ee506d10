"""Topic vocabulary on tests/sites/vocabulary: aliases, keyword auto-topics, topics_strict."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers import SITES, digest

from builder.config import load_config
from builder.index.publication import Selection
from builder.model import Site, TopicRef
from builder.pipeline import index_site

NOW = Selection(now=datetime(2030, 1, 1, tzinfo=UTC))


def site_of(folder: Path) -> Site:
    site, problems, _ = index_site(load_config(folder), NOW)
    assert not problems, problems
    return site


def topics_by_file(site: Site) -> dict[str, list[tuple[str, bool]]]:
    return {
        Path(a.src_path).stem: [(ref.name, ref.automatic) for ref in a.topics]
        for a in site.articles
    }


@pytest.fixture(scope="module")
def topics() -> dict[str, list[tuple[str, bool]]]:
    return topics_by_file(site_of(SITES / "vocabulary"))


def test_a_keyword_inside_another_word_does_not_match(topics) -> None:
    # "chipper", "Chipping", "chips-and-dip", "microchips": none is the whole word "chip"
    assert topics["chipper"] == [("Weather", False)]


def test_a_keyword_matches_as_a_whole_word_in_any_case(topics) -> None:
    assert topics["chip"] == [("Weather", False), ("Semiconductors", True)]
    assert topics["hyphen"] == [("Semiconductors", True)]  # "chip-making": a hyphen ends a word
    assert topics["title-only"] == [("Weather", False), ("Semiconductors", True)]


def test_aliases_in_any_case_map_to_the_canonical_topic_chosen_by_the_editor(topics) -> None:
    # the body mentions "lithography" too, but the editor's choice is not automatic
    assert topics["alias"] == [("Semiconductors", False), ("Harbour", False)]


def test_keyword_in_a_link_address_only_does_not_count(topics) -> None:
    assert topics["link-only"] == [("Weather", False)]


def test_min_hits_per_topic_counts_all_its_keywords(topics) -> None:
    assert topics["ferry-once"] == [("Weather", False)]  # one "Ferry", min_hits 2
    # "Ferry" in the title, "ferry" and "quay side" (across a line break) in the body
    assert topics["ferry-twice"] == [("Weather", False), ("Harbour", True)]


def test_site_wide_min_hits(make_site) -> None:
    folder = make_site("vocabulary")
    yaml_path = folder / "site.yaml"
    yaml_path.write_text(
        yaml_path.read_text().replace("topic_keywords_min_hits: 1", "topic_keywords_min_hits: 2")
    )
    topics = topics_by_file(site_of(folder))
    assert topics["chip"] == [("Weather", False)]
    assert topics["hyphen"] == []


def test_topic_pages_and_descriptions(topics) -> None:
    site = site_of(SITES / "vocabulary")
    semis = next(t for t in site.topics if t.name == "Semiconductors")
    assert semis.description == "Invented description for the chip topic."
    assert sorted(a.slug for a in semis.articles) == ["alias", "chip", "hyphen", "title-only"]


def test_automatic_topics_are_on_the_built_pages(tmp_path) -> None:
    out = tmp_path / "public"
    run = digest("build", "--site", SITES / "vocabulary", "--out", out)
    assert run.code == 0, run.err
    topic_page = (out / "topics" / "semiconductors" / "index.html").read_text()
    assert "Hyphenated" in topic_page and "A chipper morning" not in topic_page
    assert "Invented description for the chip topic." in topic_page
    story = topic_page[topic_page.index("Hyphenated") :]
    assert 'class="auto" title="Added from keywords in the story"' in story.split("</article>")[0]


def test_topics_strict_rejects_a_topic_outside_the_vocabulary(make_site) -> None:
    folder = make_site("vocabulary")
    (folder / "site.yaml").write_text(
        (folder / "site.yaml").read_text() + "topics_strict: true\n", encoding="utf-8"
    )
    (folder / "content" / "stray.md").write_text(
        "---\ntitle: Stray\ndate: 2024-02-09\ntags:\n  - Weather\n  - Semiconductor\n---\nx\n"
    )

    run = digest("build", "--site", folder)

    assert run.code == 1
    assert run.err.splitlines()[0] == (
        "content/stray.md:4: topic 'Semiconductor' is not in the vocabulary of site.yaml"
        " (topics_strict) (did you mean 'Semiconductors'?)"
    )
    assert not (folder / "public").exists()


def test_without_topics_strict_a_new_topic_is_fine(make_site) -> None:
    folder = make_site("vocabulary")
    (folder / "content" / "stray.md").write_text(
        "---\ntitle: Stray\ndate: 2024-02-09\ntopics: [Brand new]\n---\nx\n"
    )
    assert digest("build", "--site", folder, "-q").code == 0


@pytest.mark.parametrize(
    ("yaml_text", "line", "words"),
    [
        ("topics_strict: maybe\n", 1, "topics_strict must be true or false"),
        ("topic_keywords_min_hits: 0\n", 1, "topic_keywords_min_hits must be a whole number"),
        ("topics:\n  A:\n    min_hits: x\n", 3, "topic 'A': min_hits must be a whole number"),
        (
            "topics:\n  A:\n    min_hit: 2\n",
            3,
            "unknown key 'topics.A.min_hit' (did you mean 'topics.A.min_hits'?)",
        ),
    ],
)
def test_bad_vocabulary_settings_name_the_line(make_site, yaml_text, line, words) -> None:
    folder = make_site("vocabulary")
    (folder / "site.yaml").write_text(yaml_text)
    run = digest("build", "--site", folder)
    assert run.code == 2
    assert run.err.startswith(f"site.yaml:{line}: ")
    assert words in run.err


def test_an_automatic_ref_is_the_same_topic_as_a_chosen_one() -> None:
    """Editions count topic refs: an automatic and a chosen ref of one topic must count once."""
    chosen = TopicRef("Harbour", "harbour", "/topics/harbour/")
    automatic = TopicRef("Harbour", "harbour", "/topics/harbour/", automatic=True)
    assert chosen == automatic and hash(chosen) == hash(automatic)
    assert len(Counter([chosen, automatic])) == 1
