"""index: what is published, in which order, and the Site the plan stage gets."""

from __future__ import annotations

from datetime import datetime

from helpers.articles import Selection, article, index, site_config

NOW = datetime.fromisoformat("2024-06-01T00:00:00+00:00")


def test_drafts_and_future_stories_are_left_out_and_counted() -> None:
    stories = [
        article("Published", "2024-05-01"),
        article("Draft", "2024-05-02", draft=True),
        article("Future", "2024-07-01"),
    ]
    site, problems = index(stories, selection=Selection(now=NOW))
    assert [a.title for a in site.articles] == ["Published"]
    assert (site.skipped_drafts, site.skipped_future) == (1, 1)
    assert problems == []


def test_drafts_and_future_flags_bring_them_back() -> None:
    stories = [article("Draft", "2024-05-02", draft=True), article("Future", "2024-07-01")]
    site, _ = index(stories, selection=Selection(drafts=True, future=True, now=NOW))
    assert [a.title for a in site.articles] == ["Future", "Draft"]
    assert (site.skipped_drafts, site.skipped_future) == (0, 0)


def test_newest_first_and_equal_dates_by_url_whatever_the_input_order() -> None:
    stories = [
        article("Bravo", "2024-05-01 10:00"),
        article("Alpha", "2024-05-01 10:00"),
        article("Older", "2024-04-01"),
        article("Newer", "2024-05-02"),
    ]
    expected = ["Newer", "Alpha", "Bravo", "Older"]
    assert [a.title for a in index(stories)[0].articles] == expected
    assert [a.title for a in index(reversed(stories))[0].articles] == expected


def test_the_site_holds_topics_editions_archive_and_related_of_published_stories_only() -> None:
    stories = [
        article("One", "2024-05-01", topics=["Trade"]),
        article("Two", "2024-05-02", topics=["trade"]),
        article("Hidden", "2024-05-03", topics=["Secret"], draft=True),
    ]
    site, _ = index(stories, selection=Selection(now=NOW))
    assert [(t.name, t.count) for t in site.topics] == [("Trade", 2)]
    assert all(a.topics for a in site.articles)  # refs attached
    assert [e.key for e in site.editions] == ["2024-05-02", "2024-05-01"]
    assert [(y.year, y.count) for y in site.archive] == [(2024, 2)]
    assert set(site.related) == {a.url for a in site.articles}
    assert site.weekly == ()


def test_problems_of_published_stories_only() -> None:
    config = site_config("topics:\n  Trade: {}\ntopics_strict: true\n")
    bad = article("Bad", topics=["!!!"], config=config)
    unknown = article("Unknown", topics=["Trad"], config=config)
    draft = article("Draft", topics=["???"], draft=True, config=config)
    _, problems = index([bad, unknown, draft], config, Selection(now=NOW))
    assert sorted((p.path, p.message.split(" (")[0]) for p in problems) == [
        ("content/bad.md", "topic '!!!' has no letters or digits"),
        ("content/unknown.md", "topic 'Trad' is not in the vocabulary of site.yaml"),
    ]
