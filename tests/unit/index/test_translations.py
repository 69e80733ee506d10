"""Which stories are translations of each other (issue 26): the same path without the
language, or the same translationKey; the index keeps each language apart."""

from __future__ import annotations

from helpers.articles import article, index, site_config

from builder.config.languages import for_language

CONFIG = site_config("languages:\n  en: {weight: 1}\n  ja: {weight: 2}\n  es: {weight: 3}\n")


def story(title: str, src_path: str, code: str, **front: object):
    return article(title, config=for_language(CONFIG, code), src_path=src_path, **front)


def test_each_language_is_indexed_on_its_own_and_translations_share_a_key() -> None:
    stories = [
        story("Port", "content/2026/port.md", "en", topics=["Ports"]),
        story("港", "content/ja/2026/port.md", "ja", topics=["Ports"]),
        story("Puerto", "content/2026/port.es.md", "es"),
        story("Ferry", "content/2026/ferry.md", "en", translationKey="ferry"),
        story("フェリー", "content/ja/2026/fune.md", "ja", translationKey="ferry"),
    ]
    site, problems = index(stories, CONFIG)
    assert problems == []
    assert [s.language for s in site.languages] == ["en", "ja", "es"]
    assert [len(s.articles) for s in site.languages] == [2, 2, 1]
    en, ja, es = site.languages
    assert ja.topics[0].url == "/ja/topics/ports/" and en.topics[0].url == "/topics/ports/"
    keys = site.translations
    assert keys[en.articles[-1].url] == keys[ja.articles[-1].url] == keys[es.articles[0].url]
    ferry = next(a for a in en.articles if a.title == "Ferry")
    fune = next(a for a in ja.articles if a.title == "フェリー")
    assert keys[ferry.url] == keys[fune.url] == "key:ferry"
    assert len(site.articles) == 5


def test_a_translation_without_its_original_is_a_warning() -> None:
    orphan = story("Viejo", "content/2026/old.es.md", "es")
    own = story("独自", "content/ja/2026/own.md", "ja")
    keyed = story("鍵", "content/ja/2026/key.md", "ja", translationKey="gone")
    _, problems = index([orphan, own, keyed], CONFIG)
    warned = {(p.path, p.severity) for p in problems}
    assert warned == {("content/2026/old.es.md", "warning"), ("content/ja/2026/key.md", "warning")}
