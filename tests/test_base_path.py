"""Issue 20, acceptance 3: the theme spells no path, so a site under a base path links inside it.

The sample site is built as if it lived at ``https://example.org/news/``. Every link,
script, stylesheet, image, form and canonical URL the build writes (HTML, feeds,
sitemaps, robots.txt, the search bundle's loader) must then point under that base: a
root-relative URL starts with ``/news/``, an absolute one on the site's host with
``https://example.org/news/``. Links to other hosts (the wire story's source) are
left alone. A template that writes ``/feed.xml`` by hand fails this test.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import html5lib
from helpers import REPO, digest

BASE = "https://example.org/news/"
PREFIX = "/news/"
_ATTRIBUTES = ("href", "src", "action", "srcset", "content", "data-base-url")
_XML_URL = re.compile(r"<(?:loc|id|uri)>([^<]+)</|\bhref=\"([^\"]+)\"")


def sample_under_base_path(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    for part in ("content", "templates", "static"):
        if (REPO / part).is_dir():
            shutil.copytree(REPO / part, site / part)
    text = (REPO / "site.yaml").read_text(encoding="utf-8")
    text, count = re.subn(r"^base_url: .*$", f"base_url: {BASE}", text, flags=re.M)
    assert count == 1
    (site / "site.yaml").write_text(text, encoding="utf-8")
    return site


def html_urls(path: Path) -> list[str]:
    tree = html5lib.parse(path.read_bytes(), namespaceHTMLElements=False)
    found = []
    for element in tree.iter():
        for name in _ATTRIBUTES:
            value = element.get(name)
            if value is None:
                continue
            if name == "srcset":
                found += [part.split()[0] for part in value.split(",") if part.strip()]
            elif name == "content":
                if value.startswith(("http://", "https://", "/")):
                    found.append(value)
            else:
                found.append(value)
    return found


def outside(url: str) -> bool:
    """A URL of this site that is not under the base path (another host's is never)."""
    if url.startswith(("#", "mailto:", "data:")) or not url:
        return False
    parts = urlsplit(url)
    if parts.scheme in ("http", "https"):
        return parts.netloc == "example.org" and not url.startswith(BASE)
    if parts.scheme:
        return False
    return not url.startswith(PREFIX)


def test_the_sample_site_under_a_base_path_links_only_inside_it(tmp_path: Path) -> None:
    site = sample_under_base_path(tmp_path)
    run = digest("build", "--site", site)
    assert run.code == 0, run.err
    out = site / "public"
    checked: dict[str, list[str]] = {}
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out).as_posix()
        if path.suffix == ".html" and not rel.startswith("pagefind/"):
            checked[rel] = html_urls(path)
        elif path.suffix in (".xml", ".txt") and not rel.endswith("email.txt"):
            text = path.read_text(encoding="utf-8")
            checked[rel] = [a or b for a, b in _XML_URL.findall(text)]
            checked[rel] += re.findall(r"^Sitemap: (\S+)$", text, flags=re.M)
    assert len(checked) > 20 and sum(map(len, checked.values())) > 200
    wrong = {rel: [u for u in found if outside(u)] for rel, found in checked.items()}
    assert {rel: urls for rel, urls in wrong.items() if urls} == {}
    assert (out / "feed.xml").is_file() and (out / "editions" / "index.html").is_file()
    home = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="/news/feed.xml"' in home and 'href="/news/editions/"' in home


def test_the_check_sees_a_link_outside_the_base_path() -> None:
    assert outside("/feed.xml") and outside("https://example.org/feed.xml")
    assert not outside("/news/feed.xml") and not outside("https://apnews.com/x")
    assert not outside("#main") and not outside("mailto:desk@example.org")


def test_the_theme_spells_no_site_path() -> None:
    """Every URL in the default theme comes from urls.py (the ``urls`` global): a quoted
    ``'/feed.xml'`` in a template is a path another ``permalinks`` or layout would break."""
    spelt = re.compile(r"""\{[{%][^}]*?['"]/[^'"]*['"]""")
    found = []
    for path in sorted((REPO / "templates").rglob("*")):
        if path.is_file() and path.suffix != ".css":
            text = path.read_text(encoding="utf-8")
            found += [f"{path.name}: {m.group()}" for m in spelt.finditer(text)]
    assert found == []
