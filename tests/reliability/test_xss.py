"""G5 and cases 10-13: no script from content ever runs.

Every payload of the corpus goes into the body, title, summary, topics, dateline, author,
source name and source URL of its own article; the whole output (HTML pages, and the HTML
inside the Atom and JSON feeds) is parsed with html5lib and searched for anything that
could run: a ``<script>`` that is not the theme's JSON-LD, an ``on*`` attribute, a
``javascript:``/``vbscript:``/``data:`` URL, an iframe/object/embed/base/form or a meta
refresh.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from harness import check, script_problems, tree_script_problems
from helpers import digest, snapshot
from xss_corpus import PAYLOADS

pytestmark = pytest.mark.reliability

SITE_YAML = (
    "title: XSS\nbase_url: https://example.org/\nfeeds:\n  json: true\n"
    "markdown:\n  extensions: [attr_list, tables, footnotes, toc, fenced_code]\n"
)


def xss_site(root: Path) -> Path:
    """One article per payload, the payload in every field that reaches a page."""
    site = root / "xss"
    (site / "content").mkdir(parents=True)
    (site / "site.yaml").write_text(SITE_YAML)
    for i, payload in enumerate(PAYLOADS):
        meta = {
            "title": f"{i} {payload}",
            "date": f"2024-03-{1 + i % 28:02d}",
            "summary": payload,
            "topics": [f"t{i} {payload}"],
            "dateline": payload,
            "authors": [payload],
            "source": {"name": payload, "url": f"https://example.org/?q={payload}"},
            # remote: a local image must exist (issue 15); the alt text carries the payload too
            "image": {"src": f"https://img.example.org/{quote(payload)}.png", "alt": payload},
        }
        if "{%" in payload:  # a Liquid tag is refused (next tests); here it is text, as written
            meta["shortcodes"] = False
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
        body = f"{payload}\n\n[link]({payload})\n\n> {payload}\n\n| a |\n|---|\n| {payload} |\n"
        (site / "content" / f"x-{i:03d}.md").write_text(f"---\n{front}---\n{body}")
    return site


def feed_problems(out: Path) -> list[str]:
    """The HTML carried inside the feeds is HTML too, once a feed reader shows it."""
    found = []
    for feed in out.rglob("feed.xml"):
        for element in ET.parse(feed).iter():
            if element.get("type") == "html" and element.text:
                found += script_problems(element.text.encode(), feed.name)
    for feed in out.rglob("feed.json"):
        for item in json.loads(feed.read_text())["items"]:
            found += script_problems(item.get("content_html", "").encode(), feed.name)
    return found


def test_g5_no_payload_runs_anywhere_in_the_output(tmp_path: Path) -> None:
    assert len(PAYLOADS) >= 60
    site = xss_site(tmp_path)

    run = digest("build", "--site", site, "-q")

    check(run, 0, None)
    out = site / "public"
    pages = list(out.rglob("*.html"))
    assert len(pages) > len(PAYLOADS)
    assert tree_script_problems(out) == []
    assert feed_problems(out) == []
    jsonld = sum(page.read_bytes().count(b"application/ld+json") for page in pages)
    assert jsonld == len(PAYLOADS), "every article keeps exactly its one JSON-LD block"


def test_g5_the_checker_finds_what_it_looks_for() -> None:
    """The oracle itself: each kind of finding is reported (a checker that cannot fail is no
    test)."""
    bad = [
        b"<script>alert(1)</script>",
        b"<p onclick=x>",
        b'<a href=" JaVaScRiPt:x">',
        b'<img src="data:image/png,x">',
        b'<form action="vbscript:x">',
        b"<iframe></iframe>",
        b'<script type="application/ld+json">{"a": </script>',
        b'<meta http-equiv="refresh" content="0">',
        b'<div style="background:url(javascript:x)">',
        b'<a href="java\tscript:x">',
    ]
    for html in bad:
        assert script_problems(html, "x"), html
    assert script_problems(b'<script type="application/ld+json">{"a": 1}</script>', "x") == []


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        " javascript:alert(1)",
        "jav&#x61;script:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "//evil.example/x",
        "ftp://example.org/x",
    ],
)
def test_g5_13_source_urls_pass_a_scheme_check(tmp_path: Path, url: str) -> None:
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    meta = {"title": "t", "date": "2024-03-05", "source": {"name": "n", "url": url}}
    front = yaml.safe_dump(meta, sort_keys=False)
    (site / "content" / "a.md").write_text(f"---\n{front}---\nbody\n")
    before = snapshot(site)

    run = digest("build", "--site", site)

    line = 1 + front.splitlines().index(next(x for x in front.splitlines() if "url:" in x)) + 1
    check(run, 1, f"content/a.md:{line}", "url must be an http(s) URL")
    assert snapshot(site) == before


SHORTCODE_TEMPLATES = {
    "card.html": '<div class="card" title="{{ params.title }}"><a href="{{ params.link }}">'
    '{{ args[0] }}</a><img src="{{ params.src }}" alt="{{ params.alt }}"></div>\n',
    "note.html": '<div class="note">{{ inner | markdownify }}</div>\n',
    "box.html": '<div class="box">{{ inner }}</div>\n',
    "md.html": '<section class="md">{{ inner }}</section>\n',
    "image.html": '<figure><img src="{{ args[0] }}" alt="{{ args[1] }}"></figure>\n',
    "callout.html": '<aside class="callout">{{ inner }}</aside>\n',
}


def _quoted(payload: str) -> str:
    return '"' + payload.replace("\\", "\\\\").replace('"', '\\"') + '"'


def test_g5_no_payload_runs_through_shortcode_arguments_or_inner_content(tmp_path: Path) -> None:
    """Issue 12: autoescaped arguments, sanitized template output, Markdown inner content."""
    site = tmp_path / "xss-shortcodes"
    (site / "content").mkdir(parents=True)
    (site / "site.yaml").write_text(SITE_YAML)
    folder = site / "templates" / "shortcodes"
    folder.mkdir(parents=True)
    for name, text in SHORTCODE_TEMPLATES.items():
        (folder / name).write_text(text)
    usable = [p for p in PAYLOADS if "{%" not in p]  # an unclosed {% raw %}: see the next test
    for i, payload in enumerate(usable):
        q = _quoted(payload)
        body = (
            f"{{{{< card {q} title={q} link={q} src={q} alt={q} >}}}}\n\n"
            f"{{{{< figure src={q} alt={q} caption={q} link={q} >}}}}\n\n"
            f"{{{{< note >}}}}\n{payload}\n{{{{< /note >}}}}\n\n"
            f"{{{{< box >}}}}{payload}{{{{< /box >}}}}\n\n"
            f"{{{{% md %}}}}\n{payload}\n{{{{% /md %}}}}\n\n"
            f"{{% image {q} {q} %}}\n\n"
            f"{{% callout %}}\n{payload}\n{{% endcallout %}}\n"
        )
        front = f"title: s{i}\ndate: 2024-03-{1 + i % 28:02d}\n"
        (site / "content" / f"s-{i:03d}.md").write_text(f"---\n{front}---\n{body}")

    run = digest("build", "--site", site, "-q")

    check(run, 0, None)
    out = site / "public"
    assert tree_script_problems(out) == []
    assert feed_problems(out) == []
    pages = list(out.glob("2024/03/*/*/index.html"))
    assert len(pages) == len(usable) >= 60
    assert all(b'<div class="card"' in p.read_bytes() for p in pages)


def test_g5_a_template_injection_payload_is_a_path_line_error(tmp_path: Path) -> None:
    (payload,) = [p for p in PAYLOADS if "{% raw %}" in p]
    site = tmp_path / "inject"
    (site / "content").mkdir(parents=True)
    (site / "content" / "a.md").write_text(f"---\ntitle: t\ndate: 2024-03-01\n---\n{payload}\n")

    run = digest("build", "--site", site)

    check(run, 1, "content/a.md:5")  # first "unexpected '*'": {{ 7*7 }} is no Liquid either
    assert "content/a.md:5: '{% raw %}' is not closed by '{% endraw %}'" in run.err
    assert not (site / "public").exists()
