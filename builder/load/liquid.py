"""Liquid in a story's body (Jekyll, Eleventy) -> Markdown text, with python-liquid. Pure.

Liquid runs before Markdown, as in Jekyll: ``assign``, ``capture``, ``if``, ``for`` with
``limit``, the standard filters and Jekyll's (load/jekyll.py) over ``site`` (the site
settings, ``site.data``, ``site.posts``) and ``page`` (every front-matter key and
Jekyll's computed ones). Any other tag ``NAME`` is a shortcode: the Jinja template
``shortcodes/NAME.html`` renders it (load/liquidtags.py), as ``include``, ``post_url``,
``link`` and ``highlight`` do. Code blocks and spans keep their text (load/codetext.py).

Nothing leaks silently: an undefined variable printed or looped over, an unknown filter,
an unknown tag and a syntax error are each ``(line, message)`` at the line in the file;
all of one body's are reported together. ``shortcodes.liquid_undefined: warning`` prints
an undefined variable (and an output with an unknown filter) as nothing, as Jekyll
prints an undefined variable, with a warning instead of an error.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from liquid import Environment, Mode
from liquid.exceptions import LiquidError, UnknownFilterError
from liquid.token import Token
from liquid.undefined import UNDEFINED, Undefined

from builder.config import SiteConfig
from builder.load import codetext, jekyll, liquidtags
from builder.load.liquidtags import Shortcodes
from builder.text import hints

STARTS = re.compile(r"\{%|\{\{(?![<%])")
"""Where Liquid may begin (``{{<`` and ``{{%`` open Hugo shortcodes instead)."""
_NAMED = re.compile(r"^(page|site)\.([\w-]+) is undefined$")
READS_POSTS = re.compile(r"\bsite\s*(?:\.\s*posts\b|\[\s*[\"']posts[\"']\s*\])")
"""A body that lists the site's stories (Liquid's ``site.posts``): rendered once all are known."""


@dataclass
class Rendering:
    """One body's render: where it starts in the file, and what went wrong where."""

    first_line: int
    lenient: bool
    source: str = ""
    problems: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    known: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    """The variables' own keys (``page``, ``site``), for "did you mean" hints."""

    def hint(self, what: str) -> str:
        """``page.subtilte is undefined`` -> `` (did you mean 'page.subtitle'?)``."""
        found = _NAMED.match(what)
        if found is None or not isinstance(self.known.get(found.group(1)), Mapping):
            return ""
        close = hints.close_key(found.group(2), self.known[found.group(1)])
        return f" (did you mean '{found.group(1)}.{close}'?)" if close else ""

    def line(self, token: Token | None) -> int:
        if token is None or token.start_index < 0 or token.source is not self.source:
            return self.first_line
        return self.first_line + self.source.count("\n", 0, token.start_index)

    def report(self, line: int, message: str, *, lenient: bool = False) -> None:
        found = self.warnings if lenient and self.lenient else self.problems
        if (line, message) not in found:
            found.append((line, message))


IN_CODE = (
    "Liquid in code is shown as written, not rendered (Jekyll would render it): wrap it in "
    "{% raw %}…{% endraw %} if it is a sample, or take it out of the code"
)


class Missing(Undefined):
    """An undefined variable: reported where it is printed or looped over (``{% if %}``,
    ``default`` and ``size`` test it quietly, as Liquid means them to)."""

    __slots__ = ("rendering",)

    def __init__(
        self,
        name: str,
        *,
        token: Token | None = None,
        obj: object = UNDEFINED,
        hint: str | None = None,
        rendering: Rendering | None = None,
    ) -> None:
        super().__init__(name, token=token, obj=obj, hint=hint)
        self.rendering = rendering

    def _report(self) -> None:
        if self.rendering is not None:
            what = self.hint or f"'{self.name}' is undefined"
            note = "; printed as nothing" if self.rendering.lenient else ""
            message = f"Liquid: {what}{self.rendering.hint(what)}{note}"
            self.rendering.report(self.rendering.line(self.token), message, lenient=True)

    def __str__(self) -> str:
        self._report()
        return ""

    def __iter__(self) -> Any:
        self._report()
        return iter(())

    def items(self) -> Any:  # what a {% for %} over a mapping reads
        self._report()
        return ()


class _Env(Environment):
    """python-liquid's environment, collecting every error instead of raising the first."""

    rendering: Rendering | None = None

    def error(self, exc: Any, msg: str | None = None, token: Token | None = None) -> None:
        if not isinstance(exc, LiquidError):
            exc = exc(msg, token=token)
        rendering = self.rendering
        if rendering is None:
            raise exc
        where = exc.token or token
        if where is None or where.start_index < 0:  # the end of the body: a block left open
            unclosed = self.analyze_tags_from_string(rendering.source).unclosed_tags
            for name, spans in unclosed.items():
                for span in spans:
                    line = rendering.first_line + rendering.source.count("\n", 0, span.index)
                    shown = f"'{{% {name} %}}' is not closed ('{{% end{name} %}}' missing)"
                    rendering.report(line, f"Liquid: {shown}")
            if unclosed:
                return
        line = rendering.line(where)
        if isinstance(exc, UnknownFilterError):
            note = "; printed as nothing" if rendering.lenient else ""
            rendering.report(line, f"Liquid: {exc.message}{note}", lenient=True)
            return
        rendering.report(line, f"Liquid: {exc.message}")

    def make_missing(self, name: str, **kwargs: Any) -> Missing:
        return Missing(name, rendering=self.rendering, **kwargs)


class LiquidBodies:
    """One per worker: the environment (tags, filters) a site's bodies render in."""

    def __init__(
        self, config: SiteConfig, shortcodes: Shortcodes, markdownify: Callable[[str], str]
    ) -> None:
        env = _Env(tolerance=Mode.STRICT, strict_filters=True)
        env.undefined = env.make_missing  # type: ignore[assignment]
        jekyll.add_filters(env, config, markdownify)
        liquidtags.install(env, shortcodes)
        lenient = config.shortcodes.liquid_undefined == "warning"
        self._env = env
        self._lenient = lenient

    def render(
        self, body: str, first_line: int, variables: Mapping[str, object]
    ) -> tuple[str, Rendering]:
        """``body`` with its Liquid rendered, and the problems found at their file lines.

        Only the stretch from the first Liquid opener to the last ``}`` goes through the
        engine (its lexer costs per character of text): the text around it is Liquid's
        plain content anyway, but for the white space ``{%-`` and ``-%}`` strip there.
        """
        guarded, in_code = codetext.guard(body)  # marks keep every offset: same lengths
        found = STARTS.search(guarded)
        start = found.start() if found else len(guarded)
        last = max(guarded.rfind("{%"), guarded.rfind("{{"))
        end = guarded.rfind("}") + 1
        end = len(guarded) if end <= last else max(end, start)  # an unclosed last tag: all
        before, source, after = guarded[:start], guarded[start:end], guarded[end:]
        if source.startswith(("{%-", "{{-")):
            before = before.rstrip()
        if source.endswith(("-%}", "-}}")):
            after = after.lstrip()
        rendering = Rendering(first_line + body.count("\n", 0, start), self._lenient, source)
        rendering.known = {k: v for k, v in variables.items() if isinstance(v, Mapping)}
        for offset in in_code:
            rendering.warnings.append((first_line + body.count("\n", 0, offset), IN_CODE))
        text = self._engine(source, variables, rendering) if source else ""
        if text is None:
            return body, rendering
        return codetext.unguard(before + text + after), rendering

    def _engine(
        self, source: str, variables: Mapping[str, object], rendering: Rendering
    ) -> str | None:
        env = self._env
        env.rendering = rendering
        try:
            return env.from_string(source).render(**variables)
        except LiquidError as exc:  # the lexer stops at the first unclosed tag
            rendering.report(rendering.line(exc.token), f"Liquid: {exc.message}")
        except RecursionError:
            rendering.report(rendering.first_line, "Liquid: tags nested too deep")
        finally:
            env.rendering = None
        return None
