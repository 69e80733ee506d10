"""index/links: Markdown links to other content files become the pages' URLs, or problems."""

from __future__ import annotations

from datetime import datetime

from helpers.articles import Selection, article, site_config

from builder.index.links import resolve_links

NOW = Selection(now=datetime.fromisoformat("2024-06-01T00:00:00+00:00"))


def test_a_link_to_a_content_file_becomes_its_url_under_the_base_path() -> None:
    config = site_config("base_url: https://example.org/digest/\n")
    target = article("Target", "2024-05-01", src_path="content/2024/target.md", config=config)
    source = article(
        "Source", body="See [it](2024/target.md#part).", src_path="content/source.md", config=config
    )
    linked, problems = resolve_links([target, source], config, NOW)
    assert problems == []
    assert '<a href="/digest/2024/05/01/target/#part">it</a>' in linked[1].content
    assert linked[0] is target  # no links, unchanged


def test_a_missing_target_is_an_error_at_the_link_line() -> None:
    config = site_config()
    source = article("Source", body="Intro.\n\nSee [gone](gone.md).", config=config)
    _, problems = resolve_links([source], config, NOW)
    assert [(p.path, p.line, p.message) for p in problems] == [
        (
            "content/source.md",
            source.links[0][1],
            "broken link 'gone.md': there is no article content/gone.md",
        )
    ]
    assert source.links[0][1] == 7  # 4 lines of front matter, then "Intro.", "", "See"


def test_links_to_drafts_and_future_stories_are_broken_in_this_build() -> None:
    config = site_config()
    draft = article("Draft", draft=True, src_path="content/draft.md")
    future = article("Future", "2024-07-01", src_path="content/future.md")
    source = article("Source", body="[a](draft.md) [b](future.md)")
    _, problems = resolve_links([draft, future, source], config, NOW)
    messages = sorted(p.message for p in problems)
    assert messages == [
        "broken link 'draft.md': content/draft.md is a draft (left out of this build)",
        "broken link 'future.md': content/future.md is dated 2024-07-01, "
        "in the future (left out of this build)",
    ]


def test_a_link_leaving_content_is_broken_and_a_drafts_broken_link_is_not_reported() -> None:
    config = site_config()
    outside = article("Outside", body="[x](../site.yaml.md)")
    draft = article("Draft", body="[x](nowhere.md)", draft=True)
    _, problems = resolve_links([outside, draft], config, NOW)
    assert [p.message for p in problems] == [
        "broken link '../site.yaml.md': it points outside content/"
    ]
