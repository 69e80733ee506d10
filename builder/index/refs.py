"""``ref``, ``relref``, ``post_url`` and ``link`` shortcodes -> the URL of the article they name.

The load stage cannot know other articles, so the shortcode leaves a mark
(load/expand.py's ``@digest-ref:TARGET@``) and records its line; this runs with
the Markdown ``.md`` links (index/links.py), after every article is loaded, so
adding the article a ref points to fixes the link on the next build without the
parse cache noticing anything. A target is, in Hugo's order: a path relative to
the file, a path from ``content/`` (leading ``/`` or not), or the end of exactly
one content path (``2013-04-30-apis.md``: Hugo's "unique file name" rule); the
``.md`` may be left out, ``#fragment`` is kept, ``/topics/NAME`` is a topic page.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from urllib.parse import unquote

from markupsafe import Markup

from builder.config import SiteConfig
from builder.discover import ARTICLE_SUFFIXES
from builder.errors import Problem
from builder.index.publication import Selection, unpublished_reason
from builder.index.topics import Vocabulary, topic_url
from builder.load.marks import REF_MARK
from builder.model import Article
from builder.text.slugs import slugify

_MARK = re.compile(re.escape(REF_MARK) + r"""([^@\s"'<>]*)@""")


class RefResolver:
    """Every article by content path and by each path ending, and the topics that exist."""

    def __init__(self, articles: Sequence[Article], config: SiteConfig) -> None:
        self.by_src = {a.src_path: a for a in articles}
        self._by_end: dict[str, list[str]] = defaultdict(list)
        for src_path in self.by_src:
            parts = src_path.split("/")
            for i in range(1, len(parts)):
                self._by_end["/".join(parts[i:])].append(src_path)
        vocabulary = Vocabulary(config.topics)
        self._topics = {
            slugify(vocabulary.canonical(name)) for a in articles for name in a.topic_names
        }
        self._config = config

    def find(self, article: Article, path: str) -> tuple[str | None, str]:
        """(content path, "") of the article ``path`` names, or (None, why not)."""
        base = path.lstrip("/")
        tries = [f"content/{base}"]
        if not path.startswith("/"):
            tries.insert(0, posixpath.join(posixpath.dirname(article.src_path), path))
        for candidate in tries:
            for variant in _variants(posixpath.normpath(candidate)):
                if variant in self.by_src:
                    return variant, ""
        name = posixpath.basename(base.rstrip("/"))  # Jekyll's _posts/x.md, moved elsewhere
        for variant in _variants(base) + (_variants(name) if name != base else []):
            found = self._by_end.get(variant, [])
            if len(found) == 1:
                return found[0], ""
            if len(found) > 1:
                return None, f"it names {len(found)} files ({', '.join(sorted(found)[:3])})"
        return None, "no content file has that path or name"

    def url(self, article: Article, target: str, selection: Selection) -> tuple[str | None, str]:
        """(URL with the base path, "") or (None, why the ref is broken)."""
        path, hash_mark, fragment = target.partition("#")
        base_path = self._config.base_path
        if not path:
            return base_path + article.url.lstrip("/") + hash_mark + fragment, ""
        if path == "~":  # marks.OWN_PATH: Jekyll's page.url, without the base path
            return article.url + hash_mark + fragment, ""
        if path == "~abs":  # marks.OWN_ABSOLUTE: page.url | absolute_url
            return self._config.base_url + article.url.lstrip("/") + hash_mark + fragment, ""
        if path == "~id":  # marks.OWN_ID: Jekyll's page.id
            return article.url.rstrip("/") or "/", ""
        topic = re.match(r"^/?topics/([^/]+)/?$", path)
        if topic and slugify(topic.group(1)) in self._topics:
            page = topic_url(slugify(topic.group(1))).lstrip("/")
            return base_path + page + hash_mark + fragment, ""
        src_path, why = self.find(article, path)
        if src_path is None:
            return None, why
        other = self.by_src[src_path]
        reason = unpublished_reason(other, selection)
        if reason == "draft":
            return None, f"{src_path} is a draft (left out of this build)"
        if reason == "future":
            return None, f"{src_path} is dated in the future (left out of this build)"
        return base_path + other.url.lstrip("/") + hash_mark + fragment, ""


def _variants(path: str) -> list[str]:
    if path.lower().endswith(ARTICLE_SUFFIXES):
        return [path]
    trimmed = path.rstrip("/")
    named = [f"{trimmed}{suffix}" for suffix in ARTICLE_SUFFIXES]  # Jekyll's post_url
    return [named[0], f"{trimmed}/index.md", f"{trimmed}/_index.md", *named[1:], path]


def resolve_refs(
    article: Article, resolver: RefResolver, config: SiteConfig, selection: Selection
) -> tuple[Article, list[Problem]]:
    """The article with every ref mark replaced by a URL; a problem per line of a broken one.

    ``shortcodes.ref_not_found: warning`` links a broken ref to the page itself, as
    Hugo's ``refLinksNotFoundURL`` does; the default is an error, as Hugo's.
    """
    if REF_MARK not in article.content and REF_MARK not in article.summary:
        return article, []
    lines: dict[str, list[int]] = defaultdict(list)
    for mark, line in article.links:
        lines[mark].append(line)
    level = config.shortcodes.ref_not_found
    report = unpublished_reason(article, selection) is None
    urls: dict[str, str] = {}
    problems: list[Problem] = []
    for match in _MARK.finditer(article.content + " " + article.summary):
        mark = match.group()
        if mark in urls:
            continue
        target = unquote(match.group(1))
        url, why = resolver.url(article, target, selection)
        if url is None:
            url = config.base_path + article.url.lstrip("/")
            suffix = "; linking to the page itself" if level == "warning" else ""
            message = f"ref '{target}' not found: {why}{suffix}"
            if report:
                for line in lines.get(mark) or [article.line_of("title")]:
                    problems.append(Problem(article.src_path, line, message, level))  # type: ignore
        urls[mark] = url

    def swap(match: re.Match[str]) -> str:
        return html.escape(urls[match.group()], quote=True)

    content = Markup(_MARK.sub(swap, str(article.content)))  # noqa: S704 - escaped URLs only
    summary = _MARK.sub(lambda m: urls[m.group()], article.summary)
    return replace(article, content=content, summary=summary), problems
