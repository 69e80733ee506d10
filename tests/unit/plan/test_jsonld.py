"""plan/jsonld: schema.org NewsArticle data for an article page."""

from __future__ import annotations

from helpers.articles import article, index, site_config

from builder.plan.jsonld import news_article

CONFIG = "title: Digest\nbase_url: https://example.org/news/\n"


def test_the_article_as_a_news_article_with_absolute_urls() -> None:
    config = site_config(CONFIG)
    loaded = article("One", "2024-05-01 10:00", topics=["Trade"], summary="Short.", config=config)
    (story,) = index([loaded], config)[0].articles  # with its topic refs
    data = news_article(story, config)
    url = "https://example.org/news/2024/05/01/one/"
    assert data == {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "One",
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": "2024-05-01T10:00:00+00:00",
        "dateModified": "2024-05-01T10:00:00+00:00",
        "keywords": ["Trade"],
        "wordCount": 5,
        "publisher": {"@type": "Organization", "name": "Digest"},
        "description": "Short.",
    }  # no author, image or dateline: none given


def test_authors_fall_back_to_the_site_author() -> None:
    config = site_config(CONFIG + "author: Desk\n")
    assert news_article(article("One", config=config), config)["author"] == [
        {"@type": "Person", "name": "Desk"}
    ]
    own = article("Two", authors=["Ann"], config=config)
    assert news_article(own, config)["author"] == [{"@type": "Person", "name": "Ann"}]


def test_a_site_image_path_becomes_absolute_and_a_full_url_stays() -> None:
    """An array (Google's NewsArticle ``image``), each URL absolute."""
    config = site_config(CONFIG)
    local = article("One", image="/img/a.png", dateline="Delft", config=config)
    remote = article("Two", image="https://cdn.example.com/b.png", config=config)
    assert news_article(local, config)["image"] == ["https://example.org/news/img/a.png"]
    assert news_article(local, config)["dateline"] == "Delft"
    assert news_article(remote, config)["image"] == ["https://cdn.example.com/b.png"]


def test_updated_is_the_date_modified() -> None:
    config = site_config(CONFIG)
    story = article("One", "2024-05-01", updated="2024-05-03 08:00", config=config)
    assert news_article(story, config)["dateModified"] == "2024-05-03T08:00:00+00:00"
