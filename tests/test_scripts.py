"""Slugs and text in any script (issue 26, item 6): ``digest new`` and ``digest import``
give a Japanese or Arabic headline a usable slug, kept in its script by default and
transliterated under ``slugs: ascii``; Chinese and Japanese text is counted by characters
for reading time and cut at its own punctuation for summaries."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import digest
from helpers.articles import article

from builder.load.markdown import CJK_SUMMARY_CHARS, cut
from builder.text.slugs import headline_slug, slugify

JA = "中国外相が東京を訪問、貿易協議を再開"
AR = "وزيرُ الخارجية يزور طوكيو"


@pytest.mark.parametrize(
    ("mode", "headline", "slug"),
    [
        ("unicode", JA, "中国外相が東京を訪問-貿易協議を再開"),
        ("unicode", AR, "وزيرُ-الخارجية-يزور-طوكيو"),  # the vowel mark stays in its word
        ("ascii", JA, "zhongguowaixianggadongjingofangwen-maoyixieyiozaikai"),
        ("ascii", AR, "wzyru-lkhrjyh-yzwr-twkyw"),
        ("ascii", "Export controls", "export-controls"),
    ],
)
def test_headline_slugs_in_any_script(mode: str, headline: str, slug: str) -> None:
    assert headline_slug(headline, mode) == slug


def test_combining_marks_are_part_of_their_word() -> None:
    assert slugify("नमस्ते दुनिया") == "नमस्ते-दुनिया"  # Devanagari vowel signs
    assert slugify("Café au lait") == "café-au-lait"


@pytest.mark.parametrize(("yaml", "expected"), [("", JA), ("slugs: ascii\n", None)])
def test_digest_new_names_a_japanese_story_by_its_headline(
    make_site, yaml: str, expected: str | None
) -> None:
    site = make_site("newsroom")
    (site / "site.yaml").write_text((site / "site.yaml").read_text() + yaml)
    run = digest("new", JA, "--site", site)
    assert run.code == 0, run.err
    path = Path(run.out.strip())
    name = headline_slug(JA, "ascii" if yaml else "unicode")
    assert path.name == f"{name}.md" and path.is_file()
    assert (expected is None) == path.name.isascii()


def test_digest_import_names_an_arabic_story_by_its_headline(make_site, tmp_path) -> None:
    site = make_site("newsroom")
    wire = tmp_path / "wire.txt"
    wire.write_text(f"{AR}\n\nطوكيو (وكالة) - بدأ وزير الخارجية زيارة تستمر يومين.\n")
    run = digest("import", wire, "--site", site)
    assert run.code == 0, run.err
    assert "وزيرُ-الخارجية-يزور-طوكيو.md" in run.out


def test_reading_time_and_word_count_count_japanese_characters() -> None:
    body = "港の冬祭りは予定どおり土曜日に開かれ、夜には花火が上がる。" * 60  # 27 + 2 marks
    story = article("祭り", body=body)
    assert story.cjk_chars == 1620 and story.word_count == 1620  # punctuation is not a word
    assert story.reading_time == 3  # 500 characters a minute; \w+ saw 120 "words", 1 min
    english = article("Words", body="word " * 1000)
    assert english.cjk_chars == 0 and english.reading_time == 5


def test_japanese_summaries_are_cut_at_their_punctuation() -> None:
    text = "冬の時刻表では、十二月に予想される嵐のため、平日の便が一便少なくなる。" * 10
    summary = cut(text)
    assert len(summary) <= CJK_SUMMARY_CHARS + 1 and summary.endswith("。…")
    assert cut("short") == "short" and cut("word " * 100).endswith("word…")
