"""index/related: see_also first, then stories sharing rare topics, and neighbours by topic."""

from __future__ import annotations

from helpers.articles import article, index, site_config

from builder.index.related import build_related


def related_of(stories, config=None):
    config = config or site_config()
    site, _ = index(stories, config)
    return build_related(site.articles, site.topics, config)


def titles(articles) -> list[str]:
    return [a.title for a in articles]


def test_see_also_matches_slugs_and_titles_ignoring_case_and_spacing() -> None:
    target = article("Harbour strike", "2024-05-01", slug="strike")
    other = article("Rare earths", "2024-05-02")
    story = article("Chip talks", "2024-05-03", see_also=["STRIKE", "rare   EARTHS"])
    related, problems = related_of([target, other, story])
    assert titles(related[story.url].see_also) == ["Harbour strike", "Rare earths"]
    assert problems == []


def test_an_unknown_see_also_is_a_warning_at_its_line_and_itself_is_skipped() -> None:
    story = article("Chip talks", see_also=["Chip talks", "Nowhere"])
    related, problems = related_of([story])
    assert related[story.url].see_also == ()
    assert [(p.path, p.line, p.severity) for p in problems] == [
        ("content/chip-talks.md", story.lines["see_also"], "warning")
    ]
    assert problems[0].message == 'see_also: no article titled "Nowhere"'


def test_a_shared_rare_topic_outweighs_a_shared_common_one() -> None:
    story = article("Story", "2024-05-10", topics=["common", "rare"])
    common = article("Common only", "2024-05-09", topics=["common"])  # newer, weaker
    rare = article("Rare only", "2024-05-01", topics=["rare"])
    filler = [article(f"Filler {i}", "2024-04-01", topics=["common"]) for i in range(3)]
    related, _ = related_of([story, common, rare, *filler])
    assert titles(related[story.url].automatic)[:2] == ["Rare only", "Common only"]


def test_equal_scores_prefer_the_more_recent_story() -> None:
    story = article("Story", "2024-05-10", topics=["t"])
    old = article("Old", "2024-01-01", topics=["t"])
    new = article("New", "2024-05-01", topics=["t"])
    related, _ = related_of([story, old, new])
    assert titles(related[story.url].automatic) == ["New", "Old"]


def test_automatic_stories_leave_out_see_also_ones_and_stop_at_the_related_count() -> None:
    config = site_config("related: 2\n")
    chosen = article("Chosen", "2024-05-09", topics=["t"])
    story = article("Story", "2024-05-10", topics=["t"], see_also=["Chosen"])
    others = [article(f"Other {i}", f"2024-05-0{i}", topics=["t"]) for i in range(1, 5)]
    related, _ = related_of([story, chosen, *others], config)
    assert titles(related[story.url].see_also) == ["Chosen"]
    assert titles(related[story.url].automatic) == ["Other 4", "Other 3"]


def test_related_zero_means_none() -> None:
    config = site_config("related: 0\n")
    a, b = article("A", topics=["t"]), article("B", topics=["t"])
    related, _ = related_of([a, b], config)
    assert related[a.url].automatic == ()


def test_neighbours_are_the_older_and_newer_story_of_each_topic() -> None:
    old = article("Old", "2024-01-01", topics=["t", "u"])
    mid = article("Mid", "2024-02-01", topics=["t", "u"])
    new = article("New", "2024-03-01", topics=["t"])
    related, _ = related_of([old, mid, new])
    by_topic = {n.topic.name: (n.prev, n.next) for n in related[mid.url].neighbours}
    assert {k: tuple(a.title if a else None for a in v) for k, v in by_topic.items()} == {
        "t": ("Old", "New"),
        "u": ("Old", None),
    }
    first = related[old.url].neighbours[0]
    assert (first.prev, first.next.title) == (None, "Mid")


def test_a_story_alone_in_its_topic_has_no_neighbours() -> None:
    alone = article("Alone", topics=["solo"])
    related, _ = related_of([alone])
    assert related[alone.url].neighbours == ()
