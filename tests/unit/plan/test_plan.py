"""plan: the pages of a site, their templates and values, collisions and unsafe URLs."""

from __future__ import annotations

from helpers.articles import article, index, site_config

from builder.model import OutputFile, Page
from builder.plan import find_collisions, plan_pages, unsafe_urls


def planned(stories, yaml_text: str = ""):
    config = site_config(yaml_text)
    site, _ = index(stories, config)
    return site, plan_pages(site, config)


def test_every_page_of_a_small_site_in_a_fixed_order() -> None:
    stories = [article("One", "2024-05-01", topics=["Trade"]), article("Two", "2024-05-02")]
    _, pages = planned(stories)
    assert [(p.url, p.template) for p in pages] == [
        ("/", "home.html"),
        ("/2024/05/02/two/", "article.html"),
        ("/2024/05/01/one/", "article.html"),
        ("/topics/trade/", "topic.html"),
        ("/topics/", "topics.html"),
        ("/authors/", "authors.html"),
        ("/editions/2024-05-02/", "edition.html"),
        ("/editions/2024-05-01/", "edition.html"),
        ("/editions/", "editions.html"),
        ("/editions/2024-05-02/email.html", "email.html"),
        ("/editions/2024-05-02/email.txt", "email.txt"),
        ("/editions/2024-05-01/email.html", "email.html"),
        ("/editions/2024-05-01/email.txt", "email.txt"),
        ("/archive/", "archive.html"),
        ("/archive/2024/05/", "archive.html"),
        ("/404.html", "404.html"),
        ("/assets/style.css", "style.css"),
        ("/feed.xml", "feed.xml"),
        ("/topics/trade/feed.xml", "feed.xml"),
        ("/editions/feed.xml", "feed.xml"),
        ("/news-sitemap.xml", "news-sitemap.xml"),
        ("/sitemap.xml", "sitemap.xml"),
        ("/robots.txt", "robots.txt"),
    ]
    assert len({p.out_path for p in pages}) == len(pages)
    with_search = [p.url for p in planned(stories, "search:\n  engine: pagefind\n")[1]]
    assert with_search.index("/search/") == with_search.index("/assets/style.css") + 1


def test_an_article_page_knows_its_source_line_related_stories_and_lastmod() -> None:
    story = article("One", "2024-05-01", slug="first", updated="2024-05-03")
    site, pages = planned([story])
    page = next(p for p in pages if p.template == "article.html")
    assert (page.src_path, page.src_line) == ("content/one.md", story.lines["slug"])
    assert page.context["article"] is site.articles[0]
    assert page.context["related"] == site.related[page.url]
    assert page.context["page"].title == "One"
    assert page.context["jsonld"]["headline"] == "One"
    assert page.lastmod == story.updated


def test_topic_and_month_pages_are_paginated_by_per_page() -> None:
    stories = [article(f"S{i}", f"2024-05-0{i}", topics=["t"]) for i in range(1, 6)]
    _, pages = planned(stories, "per_page: 2\n")
    topic = [p for p in pages if p.template == "topic.html"]
    assert [p.url for p in topic] == ["/topics/t/", "/topics/t/page/2/", "/topics/t/page/3/"]
    assert [[a.title for a in p.context["articles"]] for p in topic] == [
        ["S5", "S4"],
        ["S3", "S2"],
        ["S1"],
    ]
    assert topic[1].lastmod == stories[2].date  # the newest story the page shows
    months = [p.url for p in pages if p.template == "archive.html"]
    assert months == [
        "/archive/",
        "/archive/2024/05/",
        "/archive/2024/05/page/2/",
        "/archive/2024/05/page/3/",
    ]


def test_the_home_page_leads_with_the_first_story_of_each_group_of_the_latest_edition() -> None:
    stories = [
        article("China A", "2024-05-02 10:00", topics=["China"]),
        article("China B", "2024-05-02 11:00", topics=["China"]),
        article("Trade", "2024-05-02 09:00", topics=["Trade"]),
        article("Yesterday", "2024-05-01", topics=["Trade"]),
        article("Older", "2024-04-30", topics=["Trade"]),
    ]
    site, pages = planned(stories)
    home = pages[0].context
    assert home["edition"] is site.editions[0]
    assert [a.title for a in home["lead"]] == ["China B", "Trade"]
    assert [a.title for a in home["articles"]] == ["China A", "Yesterday", "Older"]
    assert [t.name for t in home["topics"]] == ["Trade", "China"]  # the busiest topic first


def test_no_editions_no_editions_index() -> None:
    _, pages = planned([article("One")], "editions:\n  daily: false\n")
    assert not [p for p in pages if p.url.startswith("/editions/")]


def test_two_sources_of_one_file_are_one_problem_naming_both() -> None:
    pages = [Page("/a/", "article.html", {}, "content/a.md", 3), Page("/topics/", "t.html", {})]
    static = [OutputFile("a/index.html", copy_from=None)]
    problems = find_collisions(pages, static)
    assert [(p.path, p.line, p.message) for p in problems] == [
        ("content/a.md", 3, "/a/index.html is also the output of static/a/index.html")
    ]


def test_names_that_differ_only_in_case_or_unicode_form_collide() -> None:
    pages = [
        Page("/Story/", "article.html", {}, "content/one.md", 2),
        Page("/story/", "article.html", {}, "content/two.md", 5),
        Page("/caf\u00e9/", "article.html", {}, "content/three.md", 1),
        Page("/cafe\u0301/", "article.html", {}, "content/four.md", 1),
    ]
    problems = find_collisions(pages, [])
    assert [(p.path, p.line) for p in problems] == [("content/one.md", 2), ("content/three.md", 1)]
    assert problems[0].message == (
        "/Story/index.html is also the output of content/two.md (the names differ only in case)"
    )


def test_a_generated_page_is_never_the_one_blamed() -> None:
    pages = [Page("/topics/", "topics.html", {}), Page("/topics/", "article.html", {}, "c.md", 4)]
    (problem,) = find_collisions(pages, [])
    assert (problem.path, problem.line) == ("c.md", 4)
    assert "the generated page /topics/" in problem.message


def test_urls_that_would_leave_the_output_folder() -> None:
    pages = [
        Page("/fine/", "article.html", {}, "content/ok.md"),
        Page("/../up/", "article.html", {}, "content/up.md"),
        Page("relative/", "article.html", {}, "content/rel.md"),
        Page("/a//b/", "article.html", {}),
    ]
    problems = unsafe_urls(pages)
    assert [p.path for p in problems] == ["content/up.md", "content/rel.md", "site.yaml"]
    assert problems[0].message == "URL '/../up/' would leave the output folder"


def test_home_topics_tie_by_name() -> None:
    stories = [article("A", topics=["Zebra"]), article("B", topics=["apple"])]
    _, pages = planned(stories)
    assert [t.name for t in pages[0].context["topics"]] == ["apple", "Zebra"]
