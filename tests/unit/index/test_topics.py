"""index/topics: canonical topic names, slugs, keyword topics, the strict vocabulary."""

from __future__ import annotations

from helpers.articles import article, site_config

from builder.index.topics import build_topics, check_topic_names, check_vocabulary

VOCABULARY = """\
    topics:
      Semiconductors:
        aliases: [chips, chipmaking]
        description: The chip industry.
        keywords: [lithography]
      Export controls: {}
    """


def test_aliases_and_case_variants_are_one_topic_under_the_vocabulary_name() -> None:
    config = site_config(VOCABULARY)
    one = article("One", topics=["chips"], config=config)
    two = article("Two", topics=["SEMICONDUCTORS", "chipmaking"], config=config)
    linked, topics = build_topics([one, two], config)
    assert [(t.name, t.slug, t.url, t.count) for t in topics] == [
        ("Semiconductors", "semiconductors", "/topics/semiconductors/", 2)
    ]
    assert topics[0].description == "The chip industry."
    assert [ref.name for ref in linked[1].topics] == ["Semiconductors"]  # the alias collapsed


def test_a_topic_outside_the_vocabulary_is_named_by_its_most_common_spelling() -> None:
    config = site_config()
    stories = [
        article("A", topics=["export-controls"]),
        article("B", topics=["Export controls"]),
        article("C", topics=["Export controls"]),
    ]
    _, topics = build_topics(stories, config)
    assert [(t.name, t.slug, t.count) for t in topics] == [
        ("Export controls", "export-controls", 3)
    ]


def test_equal_spelling_counts_choose_the_alphabetically_first_whatever_the_order() -> None:
    config = site_config()
    a, b = article("A", topics=["trade"]), article("B", topics=["Trade"])
    assert build_topics([a, b], config)[1][0].name == "Trade"
    assert build_topics([b, a], config)[1][0].name == "Trade"


def test_topics_are_ordered_by_name_ignoring_case_and_members_keep_the_article_order() -> None:
    config = site_config()
    first = article("First", topics=["zinc", "Apples"])
    second = article("Second", topics=["banana", "zinc"])
    linked, topics = build_topics([first, second], config)
    assert [t.name for t in topics] == ["Apples", "banana", "zinc"]
    assert [a.title for a in topics[2].articles] == ["First", "Second"]
    assert topics[2].articles[0] is linked[0]  # the members carry their refs


def test_a_keyword_in_the_text_adds_the_topic_marked_automatic() -> None:
    config = site_config(VOCABULARY)
    story = article("Machines", body="New lithography machines.", config=config)
    other = article("Words", body="Lithographer and chipper are other words.", config=config)
    linked, topics = build_topics([story, other], config)
    assert [(r.name, r.automatic) for r in linked[0].topics] == [("Semiconductors", True)]
    assert linked[1].topics == ()  # whole words only
    assert topics[0].articles == (linked[0],)


def test_a_keyword_inside_a_link_address_does_not_count() -> None:
    config = site_config(VOCABULARY)
    story = article("Link", body="[a page](https://example.org/lithography)", config=config)
    assert build_topics([story], config)[0][0].topics == ()


def test_min_hits_asks_for_that_many_mentions() -> None:
    config = site_config(VOCABULARY + "topic_keywords_min_hits: 2\n")
    once = article("Once", body="Lithography.", config=config)
    twice = article("Twice", body="Lithography, and more lithography.", config=config)
    linked, _ = build_topics([once, twice], config)
    assert (linked[0].topics, [r.name for r in linked[1].topics]) == ((), ["Semiconductors"])


def test_a_topic_the_editor_wrote_is_not_automatic_even_if_a_keyword_matches() -> None:
    config = site_config(VOCABULARY)
    story = article("Both", topics=["chips"], body="Lithography.", config=config)
    refs = build_topics([story], config)[0][0].topics
    assert [(r.name, r.automatic) for r in refs] == [("Semiconductors", False)]


def test_a_topic_without_letters_or_digits_is_a_problem_at_the_topics_line() -> None:
    story = article("Stars", topics=["***", "fine"])
    problems = check_topic_names(story)
    assert [(p.path, p.line, p.message) for p in problems] == [
        ("content/stars.md", story.lines["topics"], "topic '***' has no letters or digits")
    ]


def test_strict_vocabulary_names_the_unknown_topic_and_suggests_the_closest() -> None:
    config = site_config(VOCABULARY + "topics_strict: true\n")
    story = article("Typo", topics=["Semiconductor", "chips"], config=config)
    problems = check_vocabulary([story], config)
    assert len(problems) == 1
    assert problems[0].line == story.lines["topics"]
    assert "topic 'Semiconductor' is not in the vocabulary" in problems[0].message
    assert "(did you mean 'Semiconductors'?)" in problems[0].message


def test_without_topics_strict_any_topic_is_allowed() -> None:
    config = site_config(VOCABULARY)
    assert check_vocabulary([article("New", topics=["Fisheries"], config=config)], config) == []
