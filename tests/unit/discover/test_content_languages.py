"""The language of a content file from its path (issue 26): a folder per language, or the
language in the file name, and the path its translations share."""

from __future__ import annotations

import pytest

from builder.discover.languages import language_of, name_language

CODES = ("en", "ja", "pt-BR")


@pytest.mark.parametrize(
    ("src_path", "code", "shared", "by_name"),
    [
        ("content/ja/blog/2024/x.md", "ja", "blog/2024/x.md", False),
        ("content/en/blog/2024/x.md", "en", "blog/2024/x.md", False),
        ("content/blog/2024/x.md", "en", "blog/2024/x.md", False),
        ("content/news/post.ja.md", "ja", "news/post.md", True),
        ("content/news/bundle/index.ja.md", "ja", "news/bundle/index.md", True),
        ("content/ja/news/post.ja.md", "ja", "news/post.md", True),
        ("content/pt-br/x.md", "pt-BR", "x.md", False),
        ("content/ja.md", "en", "ja.md", False),  # a file named like a code is not a folder
        ("content/news/v1.2.md", "en", "news/v1.2.md", False),  # a dot is not a language
        ("content/ja/_posts/2024-01-01-x.md", "ja", "_posts/2024-01-01-x.md", False),
    ],
)
def test_language_and_shared_path(src_path: str, code: str, shared: str, by_name: bool) -> None:
    placed = language_of(src_path, CODES, "en")
    assert (placed.code, placed.shared, placed.by_name) == (code, shared, by_name)


def test_a_folder_and_another_name_language_keep_the_folder() -> None:
    """``content/ja/x.pt-BR.md``: the folder says ja; the name keeps its suffix."""
    placed = language_of("content/ja/x.pt-BR.md", CODES, "en")
    assert (placed.code, placed.shared) == ("ja", "x.pt-BR.md")


def test_the_stem_without_the_language_makes_the_slug() -> None:
    assert name_language("post.ja.md", CODES) == ("post", "ja")
    assert name_language("post.md", CODES) == ("post", None)
    assert name_language(".ja.md", CODES) == (".ja", None)
