"""One newsroom, several languages (issue 26), on tests/sites/multilingual: English at ``/``,
Japanese under ``/ja/`` (a folder per language), Arabic under ``/ar/`` (``NAME.ar.md``),
right to left. Every listed page, feed and sitemap entry exists per language with its
``lang``, ``dir``, hreflang pairs and strings; a site without ``languages:`` is unchanged
(tests/test_language_identity.py)."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import html5lib
import pytest
from helpers import digest, snapshot

NOW = "2026-12-03T12:00+01:00"
LANGS = {"en": "", "ja": "ja/", "ar": "ar/"}
PAGES = (
    "index.html",
    "topics/index.html",
    "topics/ports/index.html",
    "archive/index.html",
    "archive/2026/11/index.html",
    "authors/index.html",
    "authors/harbour-desk/index.html",
    "editions/index.html",
    "editions/2026-11-30/index.html",
    "search/index.html",
    "404.html",
    "2026/11/30/lighthouse/index.html",
)
"""Pages each of the three languages has (the lighthouse story is in all three)."""
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("ml") / "site"
    shutil.copytree(Path(__file__).parent / "sites/multilingual", site)
    run = digest("build", "--site", site, "--now", NOW)
    assert run.code == 0, run.err
    return site / "public"


def page(out: Path, path: str) -> ET.Element:
    return html5lib.parse((out / path).read_bytes(), namespaceHTMLElements=True)


def alternates(tree: ET.Element) -> dict[str, str]:
    links = tree.iter(f"{XHTML}link")
    return {a.get("hreflang"): a.get("href") for a in links if a.get("hreflang")}


@pytest.mark.parametrize("lang", list(LANGS))
def test_every_listed_page_exists_in_each_language_with_its_lang_and_dir(built, lang) -> None:
    for path in PAGES:
        root = page(built, LANGS[lang] + path)
        assert root.get("lang") == lang, path
        assert root.get("dir") == ("rtl" if lang == "ar" else None), path
    assert (built / "assets/languages.css").is_file() and not (built / lang / "assets").exists()
    for feed in ("feed.xml", "topics/ports/feed.xml", "editions/feed.xml"):
        text = (built / LANGS[lang] / feed).read_text()
        assert f'xml:lang="{lang}"' in text


def test_the_strings_dates_and_topic_names_are_the_languages(built) -> None:
    ja = (built / "ja/index.html").read_text()
    assert ">トピック</a>" in ja and ">トップ</a>" in ja  # the theme's, and the site's own
    assert "2026年12月2日" in ja and "港湾" in ja and "1 分で読めます" in ja
    assert ">2026年11月</a>" in (built / "ja/archive/index.html").read_text()
    ar = (built / "ar/topics/ports/index.html").read_text()
    assert "<h1>الموانئ</h1>" in ar and "خبر واحد" in ar  # Arabic's plural "one"
    ar_story = (built / "ar/2026/11/30/lighthouse/index.html").read_text()
    assert "30 نوفمبر 2026" in ar_story
    en = (built / "index.html").read_text()
    assert ">Topics</a>" in en and "30 November 2026" in en and "港湾" not in en


def test_translations_are_linked_both_ways_with_x_default(built) -> None:
    story = "2026/11/30/lighthouse/"
    expected = {
        "en": f"https://coast.example.org/{story}",
        "ja": f"https://coast.example.org/ja/{story}",
        "ar": f"https://coast.example.org/ar/{story}",
        "x-default": f"https://coast.example.org/{story}",
    }
    for prefix in LANGS.values():
        assert alternates(page(built, f"{prefix}{story}index.html")) == expected
    ferry = alternates(page(built, "2026/12/01/ferry/index.html"))  # by translationKey
    assert ferry["ja"] == "https://coast.example.org/ja/2026/12/01/fune/"
    fune = alternates(page(built, "ja/2026/12/01/fune/index.html"))
    assert fune["en"] == "https://coast.example.org/2026/12/01/ferry/"
    assert "ar" not in ferry
    ja_only = page(built, "ja/2026/12/02/matsuri/index.html")
    assert alternates(ja_only) == {}  # a missing translation is only missing


def test_the_switcher_offers_only_pages_that_exist(built) -> None:
    switch = re.compile(r'<nav class="lang-switch".*?</nav>', re.S)
    ferry = switch.search((built / "2026/12/01/ferry/index.html").read_text()).group(0)
    assert 'href="/ja/2026/12/01/fune/"' in ferry and "العربية" not in ferry
    assert not switch.search((built / "2026/12/02/storm/index.html").read_text())
    home = switch.search((built / "ar/index.html").read_text()).group(0)
    assert 'href="/"' in home and 'href="/ja/"' in home and 'aria-current="page"' in home
    og = (built / "ja/2026/11/30/lighthouse/index.html").read_text()
    assert '<meta property="og:locale" content="ja_JP">' in og
    assert '<meta property="og:locale:alternate" content="en_US">' in og


def test_the_sitemap_lists_every_language_with_the_pages_alternates(built) -> None:
    from lxml import etree

    schemas = Path(__file__).parent / "schemas"
    schema = etree.XMLSchema(etree.parse(str(schemas / "multilingual-sitemap.xsd")))
    assert schema.validate(etree.parse(str(built / "sitemap.xml"))), schema.error_log
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(built / "sitemap.xml").getroot()
    listed = {}
    for url in root.findall("s:url", ns):
        links = {x.get("hreflang"): x.get("href") for x in url.findall("x:link", ns)}
        listed[url.find("s:loc", ns).text] = links
    base = "https://coast.example.org/"
    for prefix in LANGS.values():
        for path in PAGES:
            if path.endswith(".html") and path != "404.html":
                assert base + prefix + path.removesuffix("index.html") in listed, path
    story = listed[base + "ja/2026/11/30/lighthouse/"]
    assert set(story) == {"en", "ja", "ar", "x-default"}
    assert story["ar"] == base + "ar/2026/11/30/lighthouse/"
    for loc, links in listed.items():  # each entry's alternates are its page's own links
        if links:
            rel = loc.removeprefix(base)
            out = built / rel / "index.html" if loc.endswith("/") else built / rel
            assert alternates(page(built, out.relative_to(built).as_posix())) == links


def test_the_news_sitemap_gives_each_story_its_language(built) -> None:
    text = (built / "news-sitemap.xml").read_text()
    pairs = re.findall(r"<loc>([^<]+)</loc>.*?<news:language>(\w+)</news:language>", text, re.S)
    for url, lang in pairs:
        assert lang == ("ja" if "/ja/" in url else "ar" if "/ar/" in url else "en"), url
    assert {lang for _, lang in pairs} >= {"en", "ja"}


def test_related_stories_editions_and_feeds_stay_within_a_language(built) -> None:
    ja_edition = (built / "ja/editions/2026-12-01/index.html").read_text()
    assert "/ja/2026/12/01/fune/" in ja_edition and "/2026/12/01/ferry/" not in ja_edition
    feed = (built / "ja/feed.xml").read_text()
    assert "/ja/2026/" in feed and "coast.example.org/2026/" not in feed
    jsonld = (built / "ja/2026/12/01/fune/index.html").read_text()
    assert '"inLanguage": "ja"' in jsonld
    email = (built / "ja/editions/2026-12-01/email.html").read_text()
    assert '<html lang="ja">' in email and "この号をウェブで見る" in email
    assert "/2026/12/02/storm/" not in (built / "ja/2026/12/02/matsuri/index.html").read_text()


def test_a_translation_whose_original_is_gone_is_a_warning(make_site, tmp_path) -> None:
    site = make_site("multilingual")
    (site / "content/2026/lighthouse.md").unlink()
    run = digest("build", "--site", site, "--now", NOW, "--out", tmp_path / "out")
    assert run.code == 0, run.err
    warning = "content/2026/lighthouse.ar.md:1: warning: translation of '2026/lighthouse.md'"
    assert warning in run.err
    assert "content/ja/2026/lighthouse.md" not in run.err  # a folder's story may be its own


def test_one_language_can_be_built_alone(make_site, tmp_path) -> None:
    site, out = make_site("multilingual"), tmp_path / "ja-only"
    run = digest("build", "--site", site, "--now", NOW, "--out", out, "--lang", "ja")
    assert run.code == 0, run.err
    files = snapshot(out)
    assert "ja/index.html" in files and "ja/2026/11/30/lighthouse/index.html" in files
    assert "index.html" not in files and not any(p.startswith("ar/") for p in files)
    bad = digest("build", "--site", site, "--lang", "xx", "--out", out)
    assert bad.code == 2 and "--lang xx" in bad.err


def test_a_warm_rebuild_after_editing_translations_equals_a_clean_build(
    make_site, tmp_path
) -> None:
    """Byte for byte, manifest included; without search, whose Pagefind index is not
    reproducible (its file names differ between two clean builds of the same pages)."""
    site = make_site("multilingual")
    config = site / "site.yaml"
    config.write_text(config.read_text().replace("search:\n  engine: pagefind\n", ""))
    assert digest("build", "--site", site, "--now", NOW).code == 0
    story = site / "content/ja/2026/lighthouse.md"
    story.write_text(story.read_text().replace("古い灯台", "古い港の灯台"), encoding="utf-8")
    (site / "content/2026/storm.ja.md").write_text(
        "---\ntitle: 週末に嵐の警報\ndate: 2026-12-02 16:00\ntopics: [天気]\n---\n土曜日に強風。\n",
        encoding="utf-8",
    )
    (site / "i18n/ja.yaml").write_text("home: ホーム画面\n", encoding="utf-8")
    warm = digest("build", "--site", site, "--now", NOW)
    assert warm.code == 0, warm.err
    clean = digest("build", "--site", site, "--now", NOW, "--clean", "--out", tmp_path / "clean")
    assert clean.code == 0, clean.err
    assert snapshot(site / "public") == snapshot(tmp_path / "clean")
    storm = (site / "public/2026/12/02/storm/index.html").read_text()
    assert 'hreflang="ja" href="https://coast.example.org/ja/2026/12/02/storm/"' in storm
    assert ">ホーム画面</a>" in (site / "public/ja/index.html").read_text()
    (site / "content/2026/lighthouse.ar.md").unlink()  # a translation deleted
    assert digest("build", "--site", site, "--now", NOW).code == 0
    again = digest("build", "--site", site, "--now", NOW, "--clean", "--out", tmp_path / "again")
    assert again.code == 0, again.err
    assert snapshot(site / "public") == snapshot(tmp_path / "again")
    english = (site / "public/2026/11/30/lighthouse/index.html").read_text()
    assert 'hreflang="ar"' not in english and not (site / "public/ar/2026").exists()


def test_serve_serves_every_language_and_rebuilds_a_translation(make_site) -> None:
    from helpers.preview import ServeProcess, wait_until

    site = make_site("multilingual")
    config = site / "site.yaml"
    config.write_text(config.read_text().replace("search:\n  engine: pagefind\n", ""))
    with ServeProcess(site, "--future") as serve:
        for target, lang in (("/", "en"), ("/ja/", "ja"), ("/ar/2026/11/30/lighthouse/", "ar")):
            response = serve.get(target)
            assert response.status == 200 and f'<html lang="{lang}"' in response.text
        story = site / "content/ja/2026/lighthouse.md"
        story.write_text(story.read_text().replace("古い灯台", "古い港の灯台"), encoding="utf-8")
        wait_until(
            lambda: "古い港の灯台" in serve.get("/ja/2026/11/30/lighthouse/").text,
            what="the edited translation",
        )
        english = serve.get("/2026/11/30/lighthouse/").text
        assert 'hreflang="ja"' in english and serve.get("/ja/search/").status == 404


def test_bad_strings_or_languages_fail_at_their_line_and_keep_the_output(make_site) -> None:
    site = make_site("multilingual")
    assert digest("build", "--site", site, "--now", NOW, "-q").code == 0
    before = snapshot(site / "public")
    (site / "i18n/ja.yaml").write_text("home: トップ\nstories: [one, two]\n", encoding="utf-8")
    run = digest("build", "--site", site, "--now", NOW)
    assert run.code == 1 and run.err.startswith("i18n/ja.yaml:2: "), run.err
    assert "Traceback" not in run.err and snapshot(site / "public") == before
    (site / "i18n/ja.yaml").write_text("home: トップ\n", encoding="utf-8")
    config = site / "site.yaml"
    config.write_text(config.read_text().replace("direction: rtl", "direction: backwards"))
    run = digest("build", "--site", site, "--now", NOW)
    line = next(n for n, t in enumerate(config.read_text().splitlines(), 1) if "backwards" in t)
    assert run.code == 2 and run.err.startswith(f"site.yaml:{line}: "), run.err
    assert snapshot(site / "public") == before


def test_default_in_subdir_puts_every_language_in_a_folder_with_a_choice_at_the_root(
    make_site, tmp_path
) -> None:
    from helpers import validators

    site = make_site("multilingual")
    config = site / "site.yaml"
    config.write_text(config.read_text() + "default_in_subdir: true\n")
    out = tmp_path / "out"
    run = digest("build", "--site", site, "--now", NOW, "--out", out)
    assert run.code == 0, run.err
    assert page(out, "en/index.html").get("lang") == "en"
    assert alternates(page(out, "en/2026/11/30/lighthouse/index.html"))["x-default"] == (
        "https://coast.example.org/en/2026/11/30/lighthouse/"
    )
    root = (out / "index.html").read_text()
    assert '<meta http-equiv="refresh" content="0; url=/en/">' in root
    assert 'href="/ja/" hreflang="ja" lang="ja">日本語</a>' in root and "noindex" in root
    assert (out / "404.html").is_file() and not (out / "2026").exists()
    assert "<loc>https://coast.example.org/</loc>" not in (out / "sitemap.xml").read_text()
    try:
        messages = validators.vnu([out / "index.html", out / "en/index.html"])
    except validators.ToolMissing as exc:
        pytest.skip(str(exc))
    assert messages == []
