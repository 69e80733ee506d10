"""Shortcodes and Liquid tags -> HTML, in the load stage, before Markdown sees the body.

Liquid runs first, over the whole body (load/liquid.py); its shortcode tags and then the
Hugo shortcodes of what it gives are rendered here.

Each call is rendered with the Jinja template ``shortcodes/NAME.html`` (the
site's ``templates/`` first, then the theme's) and its HTML is kept aside; the
Markdown gets a placeholder token instead, because Markdown would otherwise
re-read the HTML (indented lines as code, ``*`` as emphasis). After Markdown
the tokens are filled in (:meth:`_Run.fill`): as HTML in text, as plain
escaped text inside a tag (``[x]({{< ref "a.md" >}})`` puts a URL into an
``href``), and without the ``<p>`` Markdown wraps around a line holding only a
block-level shortcode. Tokens carry a hash of the body, so no text the editor
wrote can be one.

Templates are autoescaped, so an argument can never add markup; the
template's own markup is trusted like any site template, then sanitized
(scripts and event handlers never survive, an ``<iframe>`` embed does).
``ref`` and its kin return a mark (:data:`REF_MARK`) that index/links.py turns
into the article's URL once every article is loaded.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from jinja2 import meta, nodes
from markupsafe import Markup, escape

from builder.config import SiteConfig
from builder.load.codetext import unguard
from builder.load.liquid import STARTS, LiquidBodies
from builder.load.markdown import MarkdownRenderer, clean_html, clean_template_html, plain_text
from builder.load.marks import REF_MARK
from builder.load.shortcodes import Call, Piece, parse
from builder.load.variables import site_variables
from builder.render.environment import make_environment, template_location

_BLOCK = re.compile(r"^<(div|figure|iframe|blockquote|table|ul|ol|pre|h[1-6]|section|aside|p|hr)\b")
_TAG = re.compile(r"""<[A-Za-z/!][^<>"']*(?:(?:"[^"]*"|'[^']*')[^<>"']*)*>""")


@dataclass(frozen=True)
class Expanded:
    """A body ready for Markdown, and how to finish the HTML Markdown makes of it."""

    text: str
    fill: Callable[[str], str]
    links: tuple[tuple[str, int], ...]
    """(ref mark, file line) of every ``ref`` call, for index/links.py."""
    problems: tuple[tuple[int, str], ...]
    warnings: tuple[tuple[int, str], ...] = ()
    """(file line, message) that do not stop the story (``liquid_undefined: warning``)."""


class Params(dict[str, Any]):
    """Named arguments; a missing one is ``""`` (Hugo's ``.Get``), not a StrictUndefined error."""

    def __missing__(self, key: str) -> str:
        return ""


class Args(tuple[str, ...]):
    """Positional arguments; ``args[5]`` past the end is ``""``, as Hugo's ``.Get 5``."""

    def __getitem__(self, index: Any) -> Any:
        try:
            return super().__getitem__(index)
        except IndexError:
            return ""


@dataclass
class _Run:
    """The state of expanding one body: rendered calls by token, ref marks, problems."""

    key: str
    stored: list[str] = field(default_factory=list)
    links: list[tuple[str, int]] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)

    def token(self, html: str) -> str:
        self.stored.append(self.fill(html))
        return f"zq{self.key}x{len(self.stored) - 1}qz"

    def fill(self, html: str) -> str:
        """Every token in ``html`` replaced by its call's HTML (or, inside a tag, its text)."""
        if f"zq{self.key}x" not in html:
            return html
        token = re.compile(f"zq{self.key}x(\\d+)qz")

        def block(match: re.Match[str]) -> str:
            value = self.stored[int(match.group(1))]
            return value if _BLOCK.match(value) else match.group(0)

        html = re.sub(f"<p>\\s*zq{self.key}x(\\d+)qz\\s*</p>", block, html)

        def in_text(match: re.Match[str]) -> str:
            return self.stored[int(match.group(1))]

        def in_tag(match: re.Match[str]) -> str:
            as_text = plain_text(self.stored[int(match.group(1))])
            return str(escape(as_text))

        parts = []
        last = 0
        for tag in _TAG.finditer(html):
            parts.append(token.sub(in_text, html[last : tag.start()]))
            parts.append(token.sub(in_tag, tag.group()))
            last = tag.end()
        parts.append(token.sub(in_text, html[last:]))
        return "".join(parts)


class Expander:
    """One per worker: the Jinja environment and what is known of each shortcode template;
    the Liquid environment (load/liquid.py) calls back into it for every shortcode tag."""

    def __init__(
        self, config: SiteConfig, renderer: MarkdownRenderer, data: Mapping[str, Any] | None = None
    ) -> None:
        self._config = config
        self._renderer = renderer
        self._env = make_environment(config)
        self._env.filters["markdownify"] = jinja2.pass_context(
            lambda ctx, text: ctx["_markdownify"](text)
        )
        self._env.filters["rawhtml"] = jinja2.pass_context(lambda ctx, text: ctx["_rawhtml"](text))
        self._inner: dict[str, frozenset[str]] = {}
        self._liquid = LiquidBodies(config, self, self._liquid_markdownify)
        self._site = site_variables(config, data or {})
        self._current: tuple[_Run, dict[str, Any]] | None = None

    def expand(
        self,
        body: str,
        first_line: int,
        article: dict[str, Any],
        page: Mapping[str, Any] | None = None,
        posts: Sequence[Any] = (),
    ) -> Expanded:
        """Render the Liquid, then every Hugo shortcode, of ``body`` (which starts at
        ``first_line`` of the file); ``page`` is Liquid's ``page``, ``posts`` ``site.posts``."""
        options = self._config.shortcodes
        run = _Run(hashlib.blake2b(body.encode(), digest_size=4).hexdigest())
        self._current = (run, article)
        text, warnings = body, ()
        if options.liquid and STARTS.search(body):
            site = {**self._site, "posts": posts}
            text, rendering = self._liquid.render(
                body, first_line, {"site": site, "page": page or {}}
            )
            run.problems.extend(rendering.problems)
            warnings = tuple(rendering.warnings)
        text = self._hugo(text, first_line, run, article)
        problems = tuple(sorted(_merge_unknown(run.problems), key=lambda p: p[0]))
        return Expanded(text, run.fill, tuple(run.links), problems, warnings)

    def _hugo(self, text: str, first_line: int, run: _Run, article: dict[str, Any]) -> str:
        if not self._config.shortcodes.hugo or "{{" not in text:
            return text
        parsed = parse(text, first_line)
        run.problems.extend(parsed.problems)
        return self._join(parsed.pieces, run, article)

    def _join(self, pieces: tuple[Piece, ...], run: _Run, article: dict[str, Any]) -> str:
        return "".join(
            piece if isinstance(piece, str) else self._call(piece, run, article) for piece in pieces
        )

    def template_kind(self, name: str) -> str | None:
        """For a Liquid tag: ``block`` (its template shows ``inner``), ``raw`` (only
        ``inner_text``), ``tag``, or None (no template)."""
        template = f"shortcodes/{name}.html"
        try:
            shown = self._inner_names(template)
        except jinja2.TemplateNotFound:
            return None
        except jinja2.TemplateSyntaxError:
            return "tag"  # reported when it renders
        if shown == {"inner_text"}:
            return "raw"  # the text as written: Liquid inside stays text (Jekyll 4's highlight)
        return "block" if shown else "tag"

    def render_call(self, call: Call, inner: str | None) -> str:
        """A Liquid tag's call: its placeholder, or "" with the problem recorded."""
        if self._current is None:
            raise RuntimeError("render_call outside a body's render")  # a bug, not bad input
        run, article = self._current
        if inner is None:
            return self._call(call, run, article)
        inner_md = self._hugo(unguard(inner), call.line, run, article)
        return self._call(call, run, article, inner_md)

    def _liquid_markdownify(self, text: str) -> str:
        html = self._renderer.to_html(text).strip()
        return self._current[0].fill(html) if self._current else html

    def _call(
        self, call: Call, run: _Run, article: dict[str, Any], inner_md: str | None = None
    ) -> str:
        name = f"shortcodes/{call.name}.html"
        try:
            template = self._env.get_template(name)
            needs_inner = self._uses_inner(name)
        except jinja2.TemplateNotFound:
            run.problems.append((call.line, unknown_message(call.name)))
            if inner_md is None:
                self._join(call.body or (), run, article)  # report what is inside it too
            return ""
        except jinja2.TemplateSyntaxError as exc:
            where, line = template_location(exc, self._config, f"templates/{name}")
            run.problems.append((call.line, f"shortcode '{call.name}': {where}:{line}: {exc}"))
            return ""
        if call.body is None and needs_inner:
            closer = f"{{% end{call.name} %}}" if call.kind == "liquid" else f"/{call.name}"
            shown = " ".join(call.source.split())
            message = f"'{shown}' is not closed ('{closer}' missing): {name} uses inner"
            run.problems.append((call.line, message))
            return ""
        if inner_md is None:
            inner_md = self._join(call.body or (), run, article)
        inner: str = inner_md
        if call.kind != "hugo":
            inner = Markup(run.fill(self._renderer.to_html(inner_md)).strip())  # noqa: S704 - sanitized
        context = self._context(call, run, article, inner)
        try:
            html = template.render(context).strip()
        except Exception as exc:  # the template author's fault, reported at the content line
            where, line = template_location(exc, self._config, f"templates/{name}")
            message = f"{type(exc).__name__}: {exc}"[:300]
            run.problems.append((call.line, f"shortcode '{call.name}': {where}:{line}: {message}"))
            return ""
        if self._config.markdown.raw_html != "keep":
            html = clean_template_html(html)
        return run.token(html)

    def _context(
        self, call: Call, run: _Run, article: dict[str, Any], inner: str
    ) -> dict[str, Any]:
        args, params = Args(call.args), Params(call.params)

        def get(key: int | str) -> str:
            return args[key] if isinstance(key, int) else params[key]

        def ref(target: object) -> str:
            mark = f"{REF_MARK}{quote(str(target), safe='/#.-_~')}@"
            run.links.append((mark, call.line))
            return mark

        return {
            "args": args,
            "params": params,
            "get": get,
            "inner": inner,
            "inner_text": call.inner_text,
            "article": article,
            "name": call.name,
            "ref": ref,
            "_markdownify": lambda text: self._markdownify(text, run),
            "_rawhtml": self._raw_html,
        }

    def _markdownify(self, text: object, run: _Run) -> Markup:
        """Hugo's ``markdownify``: Markdown -> sanitized HTML with the site's engine."""
        html = run.fill(self._renderer.to_html(str(text))).strip()  # engines agree on ends
        return Markup(html)  # noqa: S704 - sanitized by to_html (unless raw_html: keep)

    def _raw_html(self, text: object) -> Markup:
        """HTML the editor wrote (the ``raw`` shortcode), under the site's ``raw_html`` policy."""
        mode = self._config.markdown.raw_html
        if mode == "escape":
            return escape(str(text))
        return Markup(str(text) if mode == "keep" else clean_html(str(text)))  # noqa: S704

    def _uses_inner(self, name: str) -> bool:
        """A template that shows ``inner`` is a paired shortcode: it needs its closing tag."""
        return bool(self._inner_names(name))

    def _inner_names(self, name: str) -> frozenset[str]:
        """Which of ``inner`` and ``inner_text`` the template shows."""
        if name not in self._inner:
            source = self._env.loader.get_source(self._env, name)[0]  # type: ignore[union-attr]
            names = meta.find_undeclared_variables(self._env.parse(source))
            self._inner[name] = frozenset({"inner", "inner_text"} & names)
        return self._inner[name]


def templates_fingerprint(config: SiteConfig) -> str:
    """A hash of every shortcode template in effect and of the templates they include.

    Part of the parse cache key (load/cache.py): adding, editing or removing a
    shortcode template changes what loading gives, so it must miss the cache;
    editing ``article.html`` must not (it is not used before the render stage),
    unless a shortcode template includes a name it computes: then every template counts.
    A template that reads the ``site`` global (``{{ site.description }}``) makes the whole
    configuration part of the hash (but the folders, as the page fingerprints leave them).
    """
    options = config.shortcodes
    if not (options.hugo or options.liquid):
        return ""
    env = make_environment(config)
    digest = hashlib.blake2b(digest_size=16)
    todo = env.list_templates(filter_func=lambda name: name.startswith("shortcodes/"))
    seen: set[str] = set()
    reads_site = False
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            source = env.loader.get_source(env, name)[0]  # type: ignore[union-attr]
            tree = env.parse(source)
            names = list(meta.find_referenced_templates(tree))
            reads_site = reads_site or any(n.name == "site" for n in tree.find_all(nodes.Name))
            todo += env.list_templates() if None in names else names  # None: a computed name
        except jinja2.TemplateError:
            source = "\x00missing or broken"  # reported when a shortcode uses it
        digest.update(f"{name}\x00{source}\x00".encode())
    if reads_site:
        located = replace(config, site_dir=Path("."), output_dir=Path("."))
        digest.update(repr(located).encode())
    return digest.hexdigest()


def unknown_message(name: str, uses: int = 1) -> str:
    """The one wording ``digest check`` counts by (commands/check.py)."""
    several = f"{uses} uses on this line; " if uses > 1 else ""
    return f"unknown shortcode '{name}' ({several}create templates/shortcodes/{name}.html)"


UNKNOWN = re.compile(r"^unknown shortcode '([^']+)' \((?:(\d+) uses on this line; )?")


def _merge_unknown(problems: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Two unknown shortcodes of one name on one line: one problem that counts both."""
    uses: dict[tuple[int, str], int] = {}
    merged: list[tuple[int, str]] = []
    for line, message in problems:
        match = UNKNOWN.match(message)
        if match is None:
            merged.append((line, message))
            continue
        key = (line, match.group(1))
        if key not in uses:
            merged.append(key)
        uses[key] = uses.get(key, 0) + 1
    return [(line, unknown_message(text, uses[(line, text)])) if (line, text) in uses else
            (line, text) for line, text in merged]  # fmt: skip
