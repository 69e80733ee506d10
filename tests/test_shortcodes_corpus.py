"""Acceptance 1 of issue 12: the Digital.gov corpus (a real Hugo site) with its shortcodes.

The custom shortcodes get small templates written here, as a migrating editor
would write them (docs/migrating.md); ``ref`` and ``link`` are the built-ins.
What a ref should become is worked out independently of the resolver: from the
target file's own front matter (its title) and the titles on the built pages.
"""

from __future__ import annotations

import html
import re
import shutil
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import yaml
from helpers import SITES, digest, shared

INFRA = "content/news/2023/11/2023-11-20-infrastructure-as-a-public-service.md"
UNTITLED = "content/news/2018/09/2018-09-24-example.md"
FIXTURE = SITES / "digitalgov"
REF = re.compile(r'\{\{<\s*(ref|link|tmp)\s*"([^"]+)"\s*>\}\}')
TITLE = re.compile(r"<h1>(.*?)</h1>", re.DOTALL)


def corpus_site(root: Path, templates: bool) -> Path:
    site = root / "site"
    shutil.copytree(shared("corpora/digitalgov-news") / "content", site / "content")
    for known_bad in (INFRA, UNTITLED):  # the URL clash and the untitled post (test_corpora)
        (site / known_bad).unlink()
    shutil.copy(FIXTURE / "site.yaml", site / "site.yaml")
    if templates:  # the templates a migrating editor writes, kept as files a reader can open
        shutil.copytree(FIXTURE / "templates", site / "templates")
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    site = corpus_site(tmp_path_factory.mktemp("dg-shortcodes"), templates=True)
    run = digest("build", "--site", site, "-v", "--expired")  # every post; -v: every warning
    assert run.code == 0, run.err[-3000:]
    return site, run.err


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text().split("---", 2)[1]) or {}


def test_no_built_page_contains_a_shortcode(built: tuple[Path, str]) -> None:
    site, _ = built
    pages = list((site / "public").rglob("*.html"))
    assert len(pages) > 2080
    for page in pages:
        text = page.read_text()
        for literal in ("{{<", "{{%", "{{&lt;", "@digest-ref"):
            assert literal not in text, (page, literal)


def test_every_ref_to_a_post_of_the_corpus_is_its_url(built: tuple[Path, str]) -> None:
    site, _ = built
    out = site / "public"
    by_title: dict[str, list[str]] = defaultdict(list)
    for page in out.glob("[0-9]*/*/*/*/index.html"):
        title = html.unescape(TITLE.search(page.read_text()).group(1)).strip()
        by_title[title].append("/" + page.parent.relative_to(out).as_posix() + "/")
    posts = {p.relative_to(site).as_posix(): p for p in (site / "content").rglob("*.md")}
    checked = 0
    for src_path, path in posts.items():
        for _kind, target in REF.findall(path.read_text()):
            name = target.split("#")[0].lstrip("/")
            name = name if name.endswith(".md") else name + ".md"
            matches = [p for p in posts if p.endswith("/" + name)]
            if len(matches) != 1 or front(posts[matches[0]]).get("draft"):
                continue
            urls = by_title.get(str(front(posts[matches[0]])["title"]).strip(), [])
            own = by_title.get(str(front(path)["title"]).strip(), [])
            if len(urls) != 1 or len(own) != 1:
                continue  # two posts with one title: not a fair test of this ref
            page = out / own[0].lstrip("/") / "index.html"
            assert f'href="{urls[0]}' in page.read_text(), (src_path, target, urls[0])
            checked += 1
    assert checked > 1000


def test_each_unresolved_ref_is_one_warning_at_its_line(built: tuple[Path, str]) -> None:
    site, err = built
    warned = Counter(
        (m.group(1), int(m.group(2)), m.group(3))
        for m in re.finditer(r"^(content/\S+):(\d+): warning: ref '([^']*)' not found", err, re.M)
    )
    found: Counter[tuple[str, int, str]] = Counter()
    for path in (site / "content").rglob("*.md"):
        text = path.read_text()
        for match in REF.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found[(path.relative_to(site).as_posix(), line, match.group(2))] += 1
    assert len(warned) > 100
    for key, count in warned.items():  # a real ref at its own line, one warning per use
        assert found[key] == count, key
    assert any(target == "/events" for _, _, target in warned)  # a section the corpus lacks


def test_without_the_templates_check_lists_the_unknown_names_with_counts(tmp_path: Path) -> None:
    site = corpus_site(tmp_path, templates=False)

    run = digest("check", "--site", site)

    assert run.code == 1
    summary = run.out[run.out.index("unknown shortcodes") :]
    counts = {m.group(1): int(m.group(2)) for m in re.finditer(r"^  (\S+)\s+(\d+)$", summary, re.M)}
    assert counts["legacy-img"] == 2448 - _uses_in_removed_posts("legacy-img")
    assert counts["img"] >= 260 and counts["note"] == 74 and counts["tweet"] == 47
    assert "ref" not in counts and "youtube" not in counts  # built in
    assert set(counts) >= {"box", "tmp", "quote-block", "ring", "legacy-file", "asset-static"}


def _uses_in_removed_posts(name: str) -> int:
    """Uses of a shortcode in the two posts the fixture removed."""
    corpus = shared("corpora/digitalgov-news")
    pattern = re.compile(r"\{\{<\s*" + re.escape(name) + r"[\s>]")
    return sum(len(pattern.findall((corpus / p).read_text())) for p in (INFRA, UNTITLED))
