"""site.yaml's ``languages:`` (issue 26): what each language's configuration is, where its
pages live, and the line of every mistake."""

from __future__ import annotations

import pytest
from helpers.articles import site_config

from builder.config.languages import direction, for_language, language_name, views
from builder.errors import ConfigError

THREE = """
title: Coastal Digest
timezone: Europe/Amsterdam
languages:
  en: {weight: 1}
  ja: {title: 沿岸ダイジェスト, timezone: Asia/Tokyo, weight: 2}
  ar: {direction: rtl, weight: 3}
"""


def test_without_languages_the_site_has_one_language_at_the_root() -> None:
    config = site_config("language: fr\n")
    assert config.languages == ()
    assert config.codes == ("fr",) and config.prefix == "/"
    assert list(views(config)) == ["fr"] and views(config)["fr"] is config


def test_each_language_is_the_site_with_its_own_title_zone_and_prefix() -> None:
    config = site_config(THREE)
    assert config.default_language == config.language == "en"
    assert config.codes == ("en", "ja", "ar")
    ja = for_language(config, "ja")
    assert (ja.language, ja.title, ja.timezone, ja.prefix) == (
        "ja",
        "沿岸ダイジェスト",
        "Asia/Tokyo",
        "/ja/",
    )
    ar = for_language(config, "ar")
    assert (ar.title, ar.timezone, ar.prefix) == ("Coastal Digest", "Europe/Amsterdam", "/ar/")
    assert direction(ar) == "rtl" and direction(ja) == "ltr"
    assert language_name(config, "ja") == "日本語"


def test_the_default_language_is_language_or_the_lightest() -> None:
    assert site_config("language: ja\n" + THREE).default_language == "ja"
    lightest = site_config("languages:\n  es: {weight: 2}\n  de: {weight: 1}\n")
    assert lightest.default_language == "de" and lightest.codes == ("de", "es")


def test_default_in_subdir_and_a_path_move_the_prefix() -> None:
    config = site_config(THREE + "default_in_subdir: true\n")
    assert for_language(config, "en").prefix == "/en/"
    moved = site_config("languages:\n  en: {}\n  ja: {base_url: /japanese}\n")
    assert for_language(moved, "ja").prefix == "/japanese/"
    hosted = site_config("languages:\n  en: {}\n  ja: {base_url: 'https://ja.example.org/'}\n")
    assert for_language(hosted, "ja").prefix == "/ja/"


def test_the_direction_comes_from_cldr_when_not_written() -> None:
    config = site_config("languages:\n  en: {}\n  he: {}\n")
    assert direction(for_language(config, "he")) == "rtl"


@pytest.mark.parametrize(
    ("yaml_text", "line", "words"),
    [
        ("languages:\n  en: {}\n  xx-nope: {}\n", 3, "not a language code"),
        ("languages:\n  en: {}\n  ja:\n    direction: up\n", 4, "ltr or rtl"),
        ("languages:\n  en: {}\n  ja:\n    titel: x\n", 4, "did you mean 'languages.ja.title'"),
        ("languages:\n  en: {}\n  ja:\n    timezone: Asia/Tokio\n", 4, "unknown timezone"),
        ("languages:\n  en: {}\n  ja:\n    weight: heavy\n", 4, "whole number"),
        ("language: fr\nlanguages:\n  en: {}\n", 1, "not one of languages: en"),
        ("default_in_subdir: maybe\n", 1, "true or false"),
        ("slugs: latin\n", 1, "unicode or ascii"),
    ],
)
def test_mistakes_name_their_line(yaml_text: str, line: int, words: str) -> None:
    with pytest.raises(ConfigError) as caught:
        site_config(yaml_text)
    problem = caught.value.problems[0]
    assert (problem.path, problem.line) == ("site.yaml", line)
    assert words in problem.message


def test_topic_names_per_language_are_read() -> None:
    config = site_config("topics:\n  China:\n    names: {ja: 中国, es: China}\n")
    (spec,) = config.topics
    assert spec.name_in("ja") == "中国" and spec.name_in("fr") == "China"
