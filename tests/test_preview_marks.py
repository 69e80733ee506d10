"""Drafts and scheduled stories never pass for published ones; the default base_url is flagged.

Issue 13, "What to build" 5 and 6: pages built only because of ``--drafts``/``--future``
carry a DRAFT / SCHEDULED badge and ``noindex`` (build and serve alike; a normal build has
neither), and ``build``/``check`` warn once when the feeds and sitemap would carry
``http://localhost:8000/`` (``serve`` does not: there localhost is the point).
"""

from __future__ import annotations

from pathlib import Path

import html5lib
from helpers import digest
from helpers.preview import ServeProcess

NOINDEX = '<meta name="robots" content="noindex">'
DRAFT = "content/2024/05/draft-story.md"
FUTURE = "content/2024/05/future-story.md"
DRAFT_URL = "/2024/05/20/draft-story/"
FUTURE_URL = "/2999/06/01/future-story/"


def with_previews(site: Path) -> Path:
    """The serve fixture plus one draft and one story dated 2999."""
    (site / DRAFT).write_text(
        "---\ntitle: Draft story\ndate: 2024-05-20\ntopics: [Harbour]\ndraft: true\n---\nDraft.\n"
    )
    (site / FUTURE).write_text(
        "---\ntitle: Future story\ndate: 2999-06-01 09:30\ntopics: [Harbour]\n---\nLater.\n"
    )
    return site


def page(out: Path, url: str) -> str:
    return (out / url.strip("/") / "index.html").read_text(encoding="utf-8")


def test_a_normal_build_has_no_marks_at_all(make_site) -> None:
    site = with_previews(make_site("serve"))
    assert digest("build", "--site", site).code == 0
    for path in (site / "public").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "preview-mark" not in text and "noindex" not in text, path
    assert not (site / "public" / DRAFT_URL.strip("/")).exists()


def test_preview_builds_mark_drafts_and_scheduled_stories(make_site, tmp_path) -> None:
    site = with_previews(make_site("serve"))
    out = tmp_path / "preview"

    run = digest("build", "--site", site, "--drafts", "--future", "--out", out)

    assert run.code == 0, run.err
    draft, future = page(out, DRAFT_URL), page(out, FUTURE_URL)
    assert NOINDEX in draft and NOINDEX in future
    assert '<strong class="preview-mark">Draft</strong> Not published' in draft
    assert (
        '<strong class="preview-mark">Scheduled</strong> Publishes '
        '<time datetime="2999-06-01T09:30:00+00:00">1 June 2999, 09:30 (UTC)</time>'
    ) in future
    published = page(out, "/2024/05/20/chip-talks/")
    assert NOINDEX not in published and "preview-mark" not in published
    home = (out / "index.html").read_text(encoding="utf-8")
    assert '<strong class="preview-mark">Scheduled</strong> <a href="/2999/06/01/' in home
    assert NOINDEX not in home  # the home page itself is not a draft


def test_marked_pages_stay_valid_html(make_site, tmp_path) -> None:
    site = with_previews(make_site("serve"))
    out = tmp_path / "preview"
    assert digest("build", "--site", site, "--drafts", "--future", "--out", out).code == 0
    for url in (DRAFT_URL, FUTURE_URL, "/"):
        parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
        document = parser.parse(page(out, url))
        assert len(document.findall(".//h1")) == 1, url


def test_serve_marks_them_the_same_way(make_site) -> None:
    site = with_previews(make_site("serve"))
    with ServeProcess(site, "--drafts", "--future") as serve:
        draft = serve.get(DRAFT_URL).text
        future = serve.get(FUTURE_URL).text
    assert NOINDEX in draft and ">Draft</strong>" in draft
    assert NOINDEX in future and ">Scheduled</strong>" in future


def test_default_base_url_is_warned_about_once_by_build_and_check(make_site) -> None:
    site = make_site("serve")
    config = site / "site.yaml"
    config.write_text(config.read_text().replace("base_url: https://digest.example.org/\n", ""))
    warning = (
        "site.yaml:1: warning: base_url is the default http://localhost:8000/: the feeds,"
        " the sitemap and canonical links would point at localhost;"
        " set base_url to the site's public address"
    )

    built = digest("build", "--site", site)
    checked = digest("check", "--site", site)

    assert built.code == 0 and built.err.count(warning) == 1
    assert checked.code == 0 and checked.out.count(warning) == 1
    assert digest("build", "--site", site, "--strict").code == 1
    config.write_text("base_url: http://localhost:8000/\n" + config.read_text())
    assert "site.yaml:1: warning: base_url is the default" in digest("check", "--site", site).out


def test_serve_does_not_warn_about_the_default_base_url(make_site) -> None:
    site = make_site("serve")
    config = site / "site.yaml"
    config.write_text(config.read_text().replace("base_url: https://digest.example.org/\n", ""))
    with ServeProcess(site) as serve:
        assert serve.get("/").status == 200
    assert not any("base_url" in line for line in serve.err + serve.out)


def test_a_real_base_url_gives_no_warning(make_site) -> None:
    run = digest("check", "--site", make_site("serve"))
    assert "base_url" not in run.out
