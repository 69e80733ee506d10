"""Internal links: a Markdown link to another content file becomes that article's URL.

Editors link stories the way they see the files, relative to the linking file:
``[earlier story](../04/earlier.md)``, which also works in GitHub's preview and in
editors. A link to a file that is not an article, or to one this build leaves out
(a draft, a story scheduled for later), would be a 404 on the site, so it is an
error ``path:line: broken link …``, as Jekyll's ``link`` tag makes it; Hugo and
Pelican stay silent.

Two halves, because line numbers exist only in the source and the truth about
what is a link only in the HTML: ``builder.load.links.scan`` runs in the load
stage over the Markdown (pure and cached with the article) and records where each
``.md`` target is written; :func:`resolve_links`, here, runs in the index stage
before the rest of it, because it needs every article, and rewrites the ``href``
values Python-Markdown actually produced (so a link shown inside a code block is
never "broken").
"""

from __future__ import annotations

import html
import posixpath
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from urllib.parse import unquote

from markupsafe import Markup

from builder.config import SiteConfig
from builder.errors import Problem
from builder.index.publication import Selection, unpublished_reason
from builder.index.refs import RefResolver, resolve_refs
from builder.load.links import is_content_link
from builder.model import Article
from builder.urls import with_base

_HREF = re.compile(r'(\bhref=")([^"]*)(")')


def resolve_links(
    articles: Sequence[Article], config: SiteConfig, selection: Selection
) -> tuple[list[Article], list[Problem]]:
    """Every article with its ``.md`` links turned into URLs; a problem per broken link.

    Only articles this build publishes are checked: a draft's broken link is not
    yet anyone's problem (``digest check --drafts`` reports it).
    """
    by_src = {a.src_path: a for a in articles}
    refs = RefResolver(articles, config)
    result: list[Article] = []
    problems: list[Problem] = []
    for article in articles:
        linked, broken = link_article(article, by_src, config, selection, refs)
        result.append(linked)
        problems += broken
    return result, problems


def link_article(
    article: Article,
    by_src: Mapping[str, Article],
    config: SiteConfig,
    selection: Selection,
    refs: RefResolver,
) -> tuple[Article, list[Problem]]:
    """One article's links and shortcode refs resolved against ``by_src`` (the articles
    by ``src_path``) and ``refs`` (a resolver over the same articles).

    ``serve``'s early preview calls it for an edited article with the last build's
    articles, so the page it shows links exactly as the full build's will.
    """
    article, problems = resolve_refs(article, refs, config, selection)
    if not article.links:
        return article, problems
    lines: dict[str, list[int]] = defaultdict(list)
    for target, line in article.links:
        lines[target].append(line)
    urls: dict[str, str] = {}
    for target in _hrefs(article.content):
        if not is_content_link(target) or target in urls:
            continue
        url, broken = _resolve(article, target, by_src, config, selection)
        urls[target] = url or target
        if broken and unpublished_reason(article, selection) is None:
            message = f"broken link '{target}': {broken}"
            for line in lines.get(target) or [article.line_of("title")]:
                problems.append(Problem(article.src_path, line, message))
    return replace(article, content=_rewrite(article.content, urls)), problems


def _hrefs(content: str) -> list[str]:
    return [html.unescape(match.group(2)) for match in _HREF.finditer(content)]


def _resolve(
    article: Article,
    target: str,
    by_src: Mapping[str, Article],
    config: SiteConfig,
    selection: Selection,
) -> tuple[str | None, str | None]:
    """(the URL to link to, None) or (None, why the link is broken)."""
    path, hash_mark, fragment = target.partition("#")
    relative = unquote(path.split("?", 1)[0])
    src_path = posixpath.normpath(posixpath.join(posixpath.dirname(article.src_path), relative))
    if not src_path.startswith("content/"):
        return None, "it points outside content/"
    other = by_src.get(src_path)
    if other is None:
        return None, f"there is no article {src_path}"
    reason = unpublished_reason(other, selection)
    if reason == "draft":
        return None, f"{src_path} is a draft (left out of this build)"
    if reason == "future":
        day = other.date.astimezone(config.tz).date().isoformat()
        return None, f"{src_path} is dated {day}, in the future (left out of this build)"
    return with_base(config.base_path, other.url) + hash_mark + fragment, None


def _rewrite(content: Markup, urls: dict[str, str]) -> Markup:
    def swap(match: re.Match[str]) -> str:
        target = html.unescape(match.group(2))
        if target not in urls:
            return match.group(0)
        return match.group(1) + html.escape(urls[target], quote=True) + match.group(3)

    return Markup(_HREF.sub(swap, str(content)))  # noqa: S704 - only href values change, escaped
