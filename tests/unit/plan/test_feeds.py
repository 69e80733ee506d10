"""plan/feeds: which feeds exist, what they hold, and the JSON Feed."""

from __future__ import annotations

from helpers.articles import article, index, site_config

from builder.plan.feeds import EPOCH, feed_pages, json_feed


def feeds_of(stories, yaml_text: str = "title: Digest\n"):
    config = site_config(yaml_text)
    site, _ = index(stories, config)
    return {p.url: p for p in feed_pages(site, config)}, config


def test_a_site_feed_a_feed_per_topic_and_one_for_editions() -> None:
    pages, _ = feeds_of([article("One", topics=["Trade"])])
    assert list(pages) == ["/feed.xml", "/topics/trade/feed.xml", "/editions/feed.xml"]
    topic = pages["/topics/trade/feed.xml"].context["feed"]
    assert (topic.title, topic.alternate) == ("Trade — Digest", "/topics/trade/")
    assert {p.template for p in pages.values()} == {"feed.xml"}


def test_entries_are_the_newest_stories_up_to_feeds_entries() -> None:
    stories = [article(f"S{i}", f"2024-05-0{i}", updated=f"2024-06-0{i}") for i in range(1, 5)]
    pages, _ = feeds_of(stories, "feeds:\n  entries: 2\n")
    feed = pages["/feed.xml"].context["feed"]
    assert [e.title for e in feed.entries] == ["S4", "S3"]
    assert feed.updated == stories[3].updated  # the newest entry's, never the build time
    entry = feed.entries[0]
    assert (entry.url, entry.published, entry.summary) == (
        stories[3].url,
        stories[3].date,
        "Some text for the story.",
    )
    assert entry.content == "<p>Some text for the story.</p>"


def test_an_entry_lists_its_authors_and_topics_as_categories() -> None:
    story = article("One", topics=["Trade", "China"], authors=["Ann", "Bo"])
    entry = feeds_of([story])[0]["/feed.xml"].context["feed"].entries[0]
    assert (entry.authors, entry.categories) == (("Ann", "Bo"), ("Trade", "China"))


def test_an_empty_site_feed_is_dated_at_the_epoch() -> None:
    pages, _ = feeds_of([])
    assert list(pages) == ["/feed.xml"]
    assert pages["/feed.xml"].context["feed"].updated == EPOCH


def test_an_edition_is_one_entry_of_its_headlines_escaped_and_grouped() -> None:
    stories = [
        article("Fish & <chips>", "2024-05-01 10:00", topics=["Food"]),
        article("Plain", "2024-05-01 11:00"),
    ]
    pages, _ = feeds_of(stories)
    (entry,) = pages["/editions/feed.xml"].context["feed"].entries
    assert (entry.title, entry.url, entry.summary) == (
        "Wednesday 1 May 2024",
        "/editions/2024-05-01/",
        "2 stories",
    )
    assert "<h2>Food</h2><ul><li><a href=" in entry.content
    assert ">Fish &amp; &lt;chips&gt;</a>" in entry.content
    assert "<h2>Other stories</h2>" in entry.content


def test_weekly_editions_have_their_own_feed() -> None:
    pages, _ = feeds_of([article("One")], "editions:\n  daily: false\n  weekly: true\n")
    assert list(pages) == ["/feed.xml", "/editions/weekly/feed.xml"]


def test_the_json_feed_uses_absolute_urls_of_the_base_url() -> None:
    yaml_text = "title: Digest\nbase_url: https://example.org/news/\nfeeds:\n  json: true\n"
    story = article("One", "2024-05-01", topics=["Trade"])
    pages, config = feeds_of([story], yaml_text)
    data = pages["/feed.json"].context["jsonfeed"]
    assert data == json_feed(pages["/feed.xml"].context["feed"], config)
    assert (data["home_page_url"], data["feed_url"]) == (
        "https://example.org/news/",
        "https://example.org/news/feed.json",
    )
    (item,) = data["items"]
    assert item["id"] == item["url"] == "https://example.org/news/2024/05/01/one/"
    assert (item["tags"], item["date_published"]) == (["Trade"], story.date.isoformat())


def test_no_json_feed_unless_asked() -> None:
    assert "/feed.json" not in feeds_of([article("One")])[0]
