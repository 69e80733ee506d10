"""serve's early preview: the edited articles' own pages, rendered before the full build.

Hugo's fast render, without a second pipeline: each edited file goes through the
stage functions a build uses -- load (through the same parse cache), internal
links (:func:`~builder.index.links.link_article`), topics
(:func:`~builder.index.topics.topic_choice`), related stories
(:class:`~builder.index.related.RelatedChooser`), plan
(:func:`~builder.plan.article_page`) and render -- over the last good build's
site with the edited articles in their places, never over a made-up one. So an
early page is the page the full build then writes, byte for byte.

Only edits that leave every other page as it was qualify: an article the last
build published that keeps its URL, date, draft flag and topics (written and
by keyword), and loads, links and renders without an error. Anything else (a
new or deleted file, a template, site.yaml, a broken link, a topic added) gives
no early page; the full build, which always follows at once, is then the first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from jinja2 import Environment

from builder.config import SiteConfig
from builder.errors import errors_in
from builder.index.authors import AuthorBook
from builder.index.links import link_article
from builder.index.publication import Selection, unpublished_reason
from builder.index.refs import RefResolver
from builder.index.related import RelatedChooser
from builder.index.topics import (
    KeywordMatcher,
    Vocabulary,
    check_topic_names,
    check_vocabulary,
    topic_choice,
    topic_refs,
)
from builder.load.cache import ParseCache
from builder.load.site import load_one
from builder.model import Article, Page, Site, SourceFile
from builder.plan import article_page
from builder.render import render_pages


def early_pages(
    changed: Iterable[str],
    last: Site,
    config: SiteConfig,
    selection: Selection,
    cache: ParseCache,
    env: Environment,
) -> dict[str, bytes] | None:
    """The edited articles' pages by out_path, as the full build will write them; None
    when the edit can change more than those pages (the full build alone can tell), and
    in a site with ``languages:``, whose pages also carry their translations'."""
    if config.languages:
        return None
    published = {a.src_path: a for a in last.articles}
    edited: list[tuple[Article, Article]] = []
    for src_path in sorted(changed):
        old = published.get(src_path)
        new = _load(config, src_path, cache) if old else None
        if old is None or new is None or not _same_place(old, new, selection):
            return None
        edited.append((old, new))
    pages = _plan(edited, last, config, selection)
    if not pages:
        return None
    outputs, problems = render_pages(pages, env, config)
    if problems or len(outputs) != len(pages):
        return None
    return {o.out_path: o.data or b"" for o in outputs}


def _load(config: SiteConfig, src_path: str, cache: ParseCache) -> Article | None:
    try:
        source = SourceFile(src_path, (config.site_dir / src_path).read_bytes())
    except OSError:
        return None
    loaded = load_one(source, config, cache)
    return None if errors_in(loaded.problems) else loaded.article


def _same_place(old: Article, new: Article, selection: Selection) -> bool:
    """Still published, at the same URL, in the same place of every list, under the same
    written topics (whose spellings name the topics site-wide)."""
    keep = ("url", "draft", "date", "topic_names")
    same = all(getattr(old, name) == getattr(new, name) for name in keep)
    return same and unpublished_reason(new, selection) is None


def _plan(
    edited: list[tuple[Article, Article]], last: Site, config: SiteConfig, selection: Selection
) -> list[Page]:
    """links -> topics -> related -> plan for the edited articles; [] if any has an error
    or its topics (keyword ones included) are not the ones the last build gave it."""
    by_src = {a.src_path: a for a in last.articles}
    by_src.update((new.src_path, new) for _, new in edited)
    refs = RefResolver(list(by_src.values()), config)
    vocabulary = Vocabulary(config.topics)
    matcher = KeywordMatcher(config.topics, config.topic_keywords_min_hits)
    swapped: dict[str, Article] = {}
    for old, new in edited:
        linked, problems = link_article(new, by_src, config, selection, refs)
        problems += check_topic_names(linked) + check_vocabulary([linked], config)
        choice = topic_choice(linked, vocabulary, matcher)
        same_topics = [(s, auto) for s, _, auto in choice] == [
            (ref.slug, ref.automatic) for ref in old.topics
        ]
        if errors_in(problems) or not same_topics:
            return []
        names = {ref.slug: ref.name for ref in old.topics}  # display names are site-wide
        bylines = AuthorBook(config.authors).refs(linked.authors)
        # the same draft flag and date give the same preview mark (the index stage sets it)
        topics = topic_refs(choice, names)
        swapped[old.url] = replace(linked, topics=topics, bylines=bylines, mark=old.mark)
    articles = [swapped.get(a.url, a) for a in last.articles]
    edited_topics = {ref.slug for a in swapped.values() for ref in a.topics}
    members = {  # only the edited articles' topics hold them (the topics did not change)
        t.slug: tuple(swapped.get(a.url, a) for a in t.articles)
        if t.slug in edited_topics
        else t.articles
        for t in last.topics
    }
    chooser = RelatedChooser(articles, members, config)
    return [article_page(a, chooser.related(a)[0], config) for a in swapped.values()]
