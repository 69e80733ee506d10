"""load: one content file's bytes -> an Article, or problems at a line of the file."""

from __future__ import annotations

import codecs

import pytest
from helpers.articles import placed, site_config

from builder.config import SiteConfig
from builder.load import Loaded, load_article
from builder.load.markdown import MarkdownRenderer
from builder.model import SourceFile


def load(data: bytes, path: str = "content/story.md", config: SiteConfig | None = None) -> Loaded:
    config = config or site_config()
    return load_article(SourceFile(path, data), config, MarkdownRenderer(config.markdown))


def problems(loaded: Loaded) -> list[tuple[str, int, str]]:
    return [(p.path, p.line, p.message) for p in loaded.problems]


def test_the_url_comes_from_the_permalink_the_local_date_and_the_slug() -> None:
    config = site_config("timezone: Asia/Tokyo\npermalinks:\n  article: /news/{year}/{slug}/\n")
    data = b"---\ntitle: Late story\ndate: 2023-12-31T20:00:00+00:00\n---\nText.\n"
    loaded = load(data, "content/2023/late-story.md", config).article
    assert loaded is not None
    story = placed(loaded, config)
    assert (story.slug, story.url) == ("late-story", "/news/2024/late-story/")


def test_a_dated_file_name_gives_the_date_and_the_rest_of_the_name_the_slug() -> None:
    story = load(b"---\ntitle: T\n---\nx\n", "content/2024-05-03-chip-talks.md").article
    assert story is not None
    assert (story.slug, story.date.date().isoformat()) == ("chip-talks", "2024-05-03")


def test_the_body_is_html_with_a_summary_a_word_count_and_front_matter_lines() -> None:
    data = b"---\ntitle: T\ndate: 2024-05-01\ntopics: [a, b]\n---\nOne *two* three.\n"
    story = load(data).article
    assert story is not None
    assert str(story.content) == "<p>One <em>two</em> three.</p>"
    assert (story.summary, story.word_count, story.topic_names) == ("One two three.", 3, ("a", "b"))
    assert story.lines == {"title": 2, "date": 3, "topics": 4}


def test_utf16_with_a_bom_and_crlf_load_like_utf8() -> None:
    text = "---\r\ntitle: Café\r\ndate: 2024-05-01\r\n---\r\nText.\r\n"
    utf16 = load(codecs.BOM_UTF16_LE + text.encode("utf-16-le")).article
    utf8 = load(text.encode()).article
    assert utf16 is not None and utf8 is not None
    assert (utf16.title, utf16.content) == (utf8.title, utf8.content) == ("Café", utf8.content)


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (b"---\ntitle: T\ndate: 2024-05-01\n---\nok\n\xff\n", 6, "not valid UTF-8: byte 0xff"),
        (b"---\ntitle: T\ndate: 2024-05-01\n---\n\nA\x00B\n", 6, "the file contains a NUL byte"),
        (b"---\ntitle: T\n---\nno date\n", 2, "'date' is required"),
    ],
)
def test_bad_bytes_are_one_problem_at_their_line(data: bytes, line: int, message: str) -> None:
    loaded = load(data)
    assert loaded.article is None
    ((path, found_line, text),) = problems(loaded)
    assert (path, found_line) == ("content/story.md", line)
    assert text.startswith(message)


def test_a_file_over_max_article_bytes_is_refused_before_it_is_parsed() -> None:
    config = site_config("max_article_bytes: 100\n")
    data = b"---\ntitle: T\ndate: 2024-05-01\n---\n" + b"x" * 100  # 134 bytes
    loaded = load(data, config=config)
    assert loaded.article is None
    assert problems(loaded)[0][1:] == (
        1,
        "file is 134 bytes, over max_article_bytes (100); split it or raise the limit in site.yaml",
    )


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("content/2024-05-01-.md", "no slug: the file name '2024-05-01-' has no letters or digits"),
        ("content/2024-05-01-con.md", "the file name gives the slug 'con', reserved on Windows"),
    ],
)
def test_a_file_name_that_gives_no_usable_slug_asks_for_one(path: str, message: str) -> None:
    loaded = load(b"---\ntitle: T\n---\nx\n", path)
    assert loaded.article is None
    assert problems(loaded)[0][2].startswith(message)


def test_an_unknown_front_matter_key_is_kept_for_templates() -> None:
    story = load(b"---\ntitle: T\ndate: 2024-05-01\nmood: calm\n---\nx\n").article
    assert story is not None
    assert story.extra == {"mood": "calm"}
