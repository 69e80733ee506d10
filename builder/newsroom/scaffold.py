"""scaffold: the files ``digest init`` writes into a new site folder, never over a file.

The site.yaml written here lists every key with its default and one line on what it
does, so an editor learns the configuration by reading it, not the reference; the
welcome article is a draft, so a site started and built at once publishes nothing by
accident. tests/test_init.py builds the result and fails on any warning.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import yaml

from builder.config.sections import pagefind_available
from builder.newsroom.create import article_text

EXAMPLE_BASE_URL = "https://example.org/"
"""A reserved example address: the default ``http://localhost:8000/`` is only for preview."""

SITE_YAML = """\
# site.yaml: the configuration of this site. Every key is optional: a key left out
# takes the default shown here. A misspelt key is an error, never silently ignored.

# Site name, shown in the header, in page titles and in the feeds.
title: {title}
# One sentence about the site, for the home page's meta description and the feeds.
description: ""
# Default author for the feeds when a story names none.
author: ""
# The public address of the site, ending in '/'. Feeds, the sitemap, canonical links
# and JSON-LD use it: change it to your own before you publish.
base_url: {base_url}
# Language of the content: the lang attribute of every page (a BCP 47 tag).
language: en
# IANA time zone; a date without a time or an offset in front matter is read in it.
timezone: UTC
# Folder the build writes to, relative to this file (digest build --out overrides it).
output_dir: public
# Stories per page on topic and archive pages.
per_page: 10

# Topic vocabulary. Stories name topics in their front matter (topics: [Site news]);
# the names and aliases below match ignoring case and show under the name given here.
# Topics not listed are allowed too, unless topics_strict is true.
topics:
  Site news:
    # Other spellings that mean this topic.
    aliases: [About this site]
    # Shown on the topic's page.
    description: News about this site itself.
    # Words or phrases that give a story this topic when its title or text mention them.
    keywords: []
    # Mentions needed for this topic (leave out to use topic_keywords_min_hits).
    # min_hits: 1
# true: a topic outside the vocabulary is an error instead of a new topic.
topics_strict: false
# Keyword mentions (title and text together) that give a story a vocabulary topic.
topic_keywords_min_hits: 1

markdown:
  # Python-Markdown extensions, by name, as in MkDocs.
  extensions: [tables, footnotes, toc, fenced_code, sane_lists]
  # Raw HTML in stories: sanitize (keep safe tags), keep (trusted authors) or escape.
  raw_html: sanitize
  # Seconds one story may take to render before it is reported as too slow.
  timeout: 10
  # python-markdown, or cmark-gfm (faster; pip install 'newsdigest[fast]').
  engine: python-markdown

# Story URLs. Placeholders: {{year}}, {{month}}, {{day}}, {{slug}}.
permalinks:
  article: "/{{year}}/{{month}}/{{day}}/{{slug}}/"

feeds:
  # Stories in each Atom feed (the site's and each topic's).
  entries: 20
  # true: also write a JSON Feed (feed.json) beside each Atom feed.
  json: false

editions:
  # A page per day with that day's stories, grouped by topic.
  daily: true
  # A page per ISO week as well.
  weekly: false

# Hugo shortcodes and Liquid tags in stories, for content brought from Hugo, Jekyll or
# Eleventy (docs/migrating.md); false leaves that syntax as text.
shortcodes:
  hugo: true
  liquid: true
  # A ref to a story that does not exist: error, or warning (the link points to the page).
  ref_not_found: error
  # An undefined Liquid variable: error, or warning (printed as nothing, as Jekyll does).
  liquid_undefined: error

# The site's own values for templates ({{{{ site.params.NAME }}}}), as Hugo's params, e.g.
#   params: {{twitter: "@desk", donate_url: "https://example.org/give"}}
params: {{}}

# One digest in several languages (docs/multilingual.md): code -> title, timezone,
# direction, weight, e.g.
#   languages: {{en: {{title: The Daily Digest}}, ja: {{title: デイリーダイジェスト}}}}
languages: {{}}
# With languages: true serves the default language under /CODE/ too (false: at /).
default_in_subdir: false
# Slugs made for new stories: unicode (kept in their own script) or ascii (transliterated).
slugs: unicode

# Google News sitemap (news-sitemap.xml, listed in robots.txt): the last two days' stories.
news:
  enabled: true
  # The publication's name in it; empty: the site title.
  publication_name: ""

# The publisher's logo in structured data: a PNG, JPEG or WebP under static/ (/images/logo.png).
logo: null
# The social-card image of stories without one: /images/card.png, or {{src: …, alt: …}}.
image: null

# Bylines with a page each (/authors/<slug>/), e.g.
#   Jane Doe: {{url: "https://example.org/jane", bio: "Covers energy.", aliases: [J. Doe]}}
# A byline not listed here gets a page too.
authors: {{}}

# Related stories listed under each story (0: none).
related: 5
# Largest story file read, in bytes; a bigger file is an error, not a slow build.
max_article_bytes: 2000000
# Top-level folders (content, templates, static, _data) that may be symlinks leading
# outside this folder, e.g. [static] for a static/ shared by several sites. Whatever
# the link reaches is published: never list a folder that may point at private files.
allow_outside: []

# Site search (docs/search.md): pagefind indexes the stories at each build and adds
# /search/ and a search box; none turns it off. Needs pip install 'newsdigest[search]'.
search:
  engine: {search_engine}

# The email edition of each daily edition (docs/email.md; digest email).
email:
  # Sender; left out: the site title at digest@ the host of base_url.
  # from: "News Digest <digest@example.org>"
  # Unsubscribe link and List-Unsubscribe header: an https:// URL or a mailto: address.
  # unsubscribe: https://example.org/unsubscribe
  # The server digest email --send delivers through.
  smtp:
    # Host name and port of the SMTP server.
    host: localhost
    port: 25
    # true: switch to TLS (STARTTLS) before sending.
    starttls: false
    # Login name; left out: no authentication.
    # user: digest
    # Name of the environment variable that holds the password (never the password).
    # password_env: SMTP_PASSWORD
"""

WELCOME_BODY = """\
This site was started with `digest init`. This story is a draft (`draft: true` above),
so `digest build` leaves it out; `digest serve --drafts` shows it in the preview.

Where things go:

- **content/** holds the stories, one Markdown file each, with front matter between
  the `---` lines: `title`, `date`, `topics`, and optionally `summary`, `authors` and
  `source`. `digest new "A headline"` starts one; `digest import story.txt` turns plain
  wire copy into one.
- **site.yaml** holds the settings, each with a line on what it does. Set `base_url`
  to the site's public address before publishing.
- **templates/** (create it when needed) overrides any template of the default theme
  with a file of the same name; **static/** is copied to the site as it is.
- **public/** is what `digest build` writes: upload that folder to a web server.

When the first real story is written, delete this file.
"""

NEXT_STEPS = (
    ("digest serve --drafts", "preview at http://localhost:8000/, this welcome draft included"),
    ('digest new "Your first headline"', "start a story (or: digest import story.txt)"),
    ("digest build", "write the site into public/"),
)


@dataclass(frozen=True)
class Written:
    """What ``write_site`` did: files written and files kept as they were."""

    created: tuple[Path, ...]
    kept: tuple[Path, ...]


def site_files(title: str, base_url: str, now: datetime) -> dict[str, str]:
    """Each file of a new site, by path relative to the site folder."""
    welcome = article_text(
        {
            "title": f"Welcome to {title}",
            "date": now.replace(microsecond=0),
            "topics": ["Site news"],
            "summary": "Where things go in a newsdigest site, and what to do next.",
            "draft": True,
        },
        WELCOME_BODY,
    )
    return {
        "site.yaml": SITE_YAML.format(
            title=_scalar(title),
            base_url=_scalar(base_url),
            search_engine="pagefind" if pagefind_available() else "none",
        ),
        "content/welcome.md": welcome,
        ".gitignore": "# Written by digest build and its cache: never commit them.\n"
        "/public/\n/.public.previous/\n.digest-cache/\n",
    }


def _scalar(text: str) -> str:
    """One YAML scalar on one line, quoted when it needs to be (through PyYAML, not by hand)."""
    return yaml.safe_dump(text, allow_unicode=True, width=10_000).removesuffix("\n...\n").strip()


def write_site(folder: Path, files: dict[str, str]) -> Written:
    """Write every file that is not there yet; an existing file is kept, never opened."""
    created, kept = [], []
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with path.open("x", encoding="utf-8", newline="\n") as out:
                out.write(text)
        except FileExistsError:
            kept.append(path)
            continue
        created.append(path)
    return Written(tuple(created), tuple(kept))
