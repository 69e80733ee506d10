"""The default theme stays valid and accessible (issue 13, item 7): 0 errors and 0 warnings
from the Nu HTML Checker on every page of the sample site and of a 1,000-article corpus;
0 axe-core violations (WCAG 2.0-2.2 A/AA and best practice) on every type of page at
1280 px and 390 px, light and dark. Each validator is first shown to find a fault, so
a run that checks nothing cannot pass. Figures: ``python benchmarks/bench_validators.py``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO, digest, shared, validators

pytestmark = pytest.mark.validators

IGNORE = shutil.ignore_patterns(".digest-cache", "public")
PAGE_TYPES = {"", "N/N/N/*/", "404.html", "archive/", "archive/N/N/", "editions/"}
PAGE_TYPES |= {"editions/N-N-N/", "topics/", "topics/*/", "authors/"}
"""Types every site here has (the home page, an article, …); the fixture adds more."""


def need(call, *args):
    """Run a validator; skip, with the reason, only when the tool cannot be installed."""
    try:
        return call(*args)
    except validators.ToolMissing as exc:
        pytest.skip(str(exc))


def built(site: Path, out: Path, *flags: str) -> Path:
    run = digest("build", "--site", site, "--out", out, "-q", *flags)
    assert run.code == 0, run.err
    return out


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site of this repository, built."""
    return built(REPO, tmp_path_factory.mktemp("sample") / "public")


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/sites/digest built: pagination, weekly editions, archive months, JSON feeds."""
    site = tmp_path_factory.mktemp("fixture") / "digest"
    shutil.copytree(REPO / "tests" / "sites" / "digest", site, ignore=IGNORE)
    return built(site, site / "public")


@pytest.fixture(scope="module")
def multilingual(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/sites/multilingual built (issue 26): English, Japanese and Arabic (right to
    left); search off here (its page is checked in test_search_browser.py)."""
    site = tmp_path_factory.mktemp("languages") / "multilingual"
    shutil.copytree(REPO / "tests" / "sites" / "multilingual", site, ignore=IGNORE)
    config = site / "site.yaml"
    config.write_text(config.read_text().replace("search:\n  engine: pagefind\n", ""))
    return built(site, site / "public", "--now", "2026-12-03T12:00+01:00")


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """tests/sites/digest with a draft and a scheduled story, built with --drafts --future
    (the preview marks): the pages of those two stories and the home page they head."""
    site = tmp_path_factory.mktemp("preview") / "digest"
    shutil.copytree(REPO / "tests" / "sites" / "digest", site, ignore=IGNORE)
    validators.add_preview_stories(site)
    out = built(site, site / "public", "--drafts", "--future")
    return out, validators.preview_urls(out)


def test_the_nu_checker_reports_errors_and_warnings(tmp_path: Path) -> None:
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>t</title>'
        '<script type="text/javascript"></script></head>'
        "<body><p><div>x</div><span></p></body></html>"
    )
    messages = need(validators.vnu, [page])
    kinds = {(m["type"], m.get("subType")) for m in messages}
    assert ("error", None) in kinds
    assert ("info", "warning") in kinds


@pytest.mark.parametrize("name", ["sample", "fixture_site", "multilingual"])
def test_every_page_of_the_sample_site_is_valid_html(
    name: str, request: pytest.FixtureRequest
) -> None:
    out: Path = request.getfixturevalue(name)
    files = validators.html_pages(out)
    assert len(files) >= 10
    sheets = [out / "assets" / name for name in ("style.css", "languages.css")]
    messages = need(validators.vnu, [*files, *(s for s in sheets if s.is_file())])
    assert messages == [], f"{len(files)} pages: {messages[:5]}"


def test_every_page_of_a_1000_article_corpus_is_valid_html(tmp_path: Path) -> None:
    make_corpus = shared("bench") / "make_corpus.py"
    site = tmp_path / "corpus"
    subprocess.run(
        [sys.executable, make_corpus, "--articles", "1000", "--out", site, "--flavor", "native"],
        check=True,
        capture_output=True,
        timeout=300,
    )
    out = built(site, site / "public")
    files = validators.html_pages(out)
    assert len(files) > 1000
    messages = need(validators.vnu, files)
    assert messages == [], f"{len(files)} pages: {messages[:5]}"


def test_axe_reports_a_violation(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        "<!DOCTYPE html><html><head><title>t</title></head>"
        '<body><img src="x.png"><p style="color:#bbb;background:#fff">grey</p></body></html>'
    )
    checked, found = need(validators.axe, tmp_path, ["/"])
    assert checked == 4  # two widths, two schemes
    rules = {v.rule for v in found}
    assert {"image-alt", "html-has-lang", "color-contrast"} <= rules


def test_page_types_cover_every_html_template(sample: Path, fixture_site: Path) -> None:
    types = set(validators.one_page_per_type(sample)) | set(
        validators.one_page_per_type(fixture_site)
    )
    paginated = {"topics/*/page/N/", "archive/N/N/page/N/", "editions/N-WN/"}  # weekly too
    paginated |= {"authors/*/"}  # the sample site has an author
    assert types >= PAGE_TYPES | paginated
    pages = (REPO / "templates").glob("*.html")
    templates = {p.name for p in pages if not p.name.startswith("_") and p.name != "base.html"}
    rendered = {"home.html", "article.html", "archive.html", "edition.html", "editions.html"}
    rendered |= {"topic.html", "topics.html", "404.html", "author.html", "authors.html"}
    # checked where their feature is on: the Nu checker and axe in test_search_browser.py;
    # the email edition's HTML part is a mail part, checked for mail in test_email.py
    rendered |= {"search.html", "email.html"}
    rendered |= {"language-root.html"}  # default_in_subdir's /: vnu in test_multilingual.py
    assert templates == rendered, "a new template: give it a page in a site checked here"


@pytest.mark.parametrize("name", ["sample", "fixture_site"])
def test_every_page_type_has_no_axe_violation(name: str, request: pytest.FixtureRequest) -> None:
    out: Path = request.getfixturevalue(name)
    pages = validators.one_page_per_type(out)
    assert set(pages) >= PAGE_TYPES
    checked, found = need(validators.axe, out, sorted(pages.values()))
    assert checked == 4 * len(pages)
    assert [str(v) for v in found] == []


def test_every_page_type_of_every_language_has_no_axe_violation(multilingual: Path) -> None:
    """Each language's own pages (``ja/…``, ``ar/…`` in dir="rtl"), at both widths and schemes."""
    urls = []
    for prefix in ("", "ja/", "ar/"):
        pages = validators.one_page_per_type(multilingual / prefix)
        assert set(pages) >= PAGE_TYPES, prefix
        urls += sorted({f"/{prefix}{url.lstrip('/')}" for url in pages.values()})
    checked, found = need(validators.axe, multilingual, urls)
    assert checked == 4 * len(urls)
    assert [str(v) for v in found] == []


def test_preview_pages_of_drafts_and_scheduled_stories_are_valid_and_accessible(
    preview: tuple[Path, list[str]],
) -> None:
    out, urls = preview
    files = [out / url.strip("/") / "index.html" for url in urls]
    messages = need(validators.vnu, files)
    assert messages == [], messages[:5]
    checked, found = need(validators.axe, out, urls)
    assert checked == 4 * len(urls)
    assert [str(v) for v in found] == []
