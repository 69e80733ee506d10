"""Liquid tags that are shortcodes: ``{% NAME args %}`` rendered by ``shortcodes/NAME.html``.

python-liquid knows Liquid's own tags; every other name, ``include``, ``post_url``,
``link`` and ``highlight`` among them, becomes a call of the Jinja shortcode template of
that name (load/expand.py renders it), with Jekyll's arguments: positional (``note.html``,
``"a b"``) and named (``key="v"``, ``key=v``, ``key: v``), comma-separated or not; a
bare named value is a variable (``title=page.title``), as in Jekyll's ``include``, and
``{{ }}`` in a positional one is rendered. A tag whose template shows ``inner`` is a
block closed by ``{% endNAME %}``. Tag names may hold ``-``, as shortcode names do.
"""

from __future__ import annotations

import re
from dataclasses import replace
from io import StringIO
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from liquid.ast import BlockNode, Node
from liquid.parser import get_parser
from liquid.tag import Tag
from liquid.token import TOKEN_EOF, TOKEN_EXPRESSION, TOKEN_TAG, Token

from builder.load.codetext import unguard
from builder.load.shortcodes import MAX_NESTING, Call
from builder.load.tagargs import Bare, parse_args, short

if TYPE_CHECKING:
    from liquid import Environment, RenderContext
    from liquid.stream import TokenStream

_NAME = re.compile(r"[A-Za-z0-9_-]+")
_VARIABLE = re.compile(r"^[A-Za-z_][\w-]*(?:\.[\w-]+)*$")
_LITERALS = frozenset({"true", "false", "nil", "null", "empty", "blank"})
_INNER = frozenset({"else", "elsif", "when"})
REPLACED = ("include", "render")
"""python-liquid tags that load templates of its own; here they are shortcodes."""


class Shortcodes(Protocol):
    """What the tags need of load/expand.py's Expander."""

    def template_kind(self, name: str) -> str | None:
        """``block`` (its template shows ``inner``), ``tag``, or None: no template."""

    def render_call(self, call: Call, inner: str | None) -> str:
        """The call's HTML as a placeholder for Markdown, or "" (problems are recorded)."""


def install(env: Environment, shortcodes: Shortcodes) -> None:
    """Every unknown tag name of ``env`` becomes a shortcode call."""
    for name in REPLACED:
        env.tags.pop(name, None)
    env.tags = _Tags(env.tags, _ShortcodeTag(env, shortcodes), _Closer(env))
    env.tags["raw"] = _UnclosedRaw(env)  # a closed one never reaches the parser: the lexer


class _Tags(dict[str, Tag]):
    """python-liquid looks tags up with ``get(name, illegal)``: a name it lacks is ours."""

    def __init__(self, tags: dict[str, Tag], shortcode: Tag, closer: Tag) -> None:
        super().__init__(tags)
        self._shortcode = shortcode
        self._closer = closer

    def get(self, name: str, default: Any = None) -> Any:  # type: ignore[override]
        found = super().get(name)
        if found is not None or name in _INNER or not name:
            return found if found is not None else default
        return self._closer if name.startswith("end") else self._shortcode


def _rendering(env: Environment) -> Any:
    return getattr(env, "rendering", None)


def real_name(token: Token) -> str:
    """The tag's name as written: python-liquid's ends at a ``-`` (``legacy-img``)."""
    found = _NAME.match(token.source, token.start_index)
    return found.group() if found else token.value


def _tag_source(token: Token) -> tuple[str, int]:
    """The whole tag as written, and the offset after it."""
    start = token.source.rfind("{%", 0, token.start_index)
    end = token.source.find("%}", token.start_index)
    end = len(token.source) if end == -1 else end + 2
    return token.source[start:end], end


class _Closer(Tag):
    """``{% endNAME %}`` that nothing opened."""

    block = False

    def parse(self, stream: TokenStream) -> Node:
        token = stream.current
        if stream.peek.kind == TOKEN_EXPRESSION:
            next(stream)
        rendering = _rendering(self.env)
        if rendering is not None:
            source, _ = _tag_source(token)
            shown = short(source)
            rendering.report(rendering.line(token), f"'{shown}' closes nothing: no opening tag")
        return _Nothing(token)


class _UnclosedRaw(Tag):
    """``{% raw %}`` without its ``{% endraw %}`` (python-liquid's lexer takes closed ones)."""

    block = False

    def parse(self, stream: TokenStream) -> Node:
        token = stream.current
        rendering = _rendering(self.env)
        if rendering is not None:
            message = "'{% raw %}' is not closed by '{% endraw %}'"
            rendering.report(rendering.line(token), message)
        return _Nothing(token)


class _Nothing(Node):
    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        return 0


class _ShortcodeTag(Tag):
    block = False

    def __init__(self, env: Environment, shortcodes: Shortcodes) -> None:
        super().__init__(env)
        self._shortcodes = shortcodes

    def parse(self, stream: TokenStream) -> Node:
        token = stream.current
        name = real_name(token)
        expression = ""
        if stream.peek.kind == TOKEN_EXPRESSION:
            next(stream)
            expression = stream.current.value
            if stream.current.start_index == token.start_index + len(token.value):
                expression = expression[len(name) - len(token.value) :]
        source, end = _tag_source(token)
        rendering = _rendering(self.env)
        line = rendering.line(token) if rendering is not None else 1
        call = Call("liquid", name, (expression,), (), line, source)
        if "{{" not in expression:  # else the arguments are known once it is rendered
            call = _arguments(call, expression, rendering)
            if call is None:
                return _Nothing(token)
        kind = self._shortcodes.template_kind(name)
        closed = kind != "tag" and _closes(stream, name)
        if kind in ("block", "raw") and not closed:
            return _CallNode(token, call, self._shortcodes, None)  # reported as not closed
        if kind in ("block", "raw") or (kind is None and closed):
            return self._block(stream, token, call, (end, kind == "raw"))
        return _CallNode(token, call, self._shortcodes, None)

    def _block(
        self, stream: TokenStream, token: Token, call: Call, end_raw: tuple[int, bool]
    ) -> Node:
        """The tags up to ``{% endNAME %}``: parsed, or (``raw``) skipped as text."""
        end, raw = end_raw
        next(stream)
        closer = f"end{token.value}"
        if raw:
            _skip_nested(stream, real_name(token), _rendering(self.env))
            block = None
        else:
            block = get_parser(self.env).parse_block(stream, (closer,))
        inner_text = token.source[end : token.source.rfind("{%", 0, stream.current.start_index)]
        inner_text = unguard(inner_text)
        if raw:
            call = replace(call, body=(), inner_text=inner_text)
            return _CallNode(token, call, self._shortcodes, None, inner_text)
        return _CallNode(
            token, replace(call, body=(), inner_text=inner_text), self._shortcodes, block
        )


def _skip_nested(stream: TokenStream, name: str, rendering: Any) -> None:
    """Past the ``{% endNAME %}`` that closes this block, as Liquid pairs blocks: an
    opening of the same name inside nests. One too deep (a thousand nested pairs, issue
    27) is one problem at its opening, not a problem for every closer after it."""
    depth = 1
    while stream.current.kind != TOKEN_EOF:
        current = stream.current
        if current.kind == TOKEN_TAG:
            depth += _step(current, name)
            if depth == 0:
                return
            if depth == MAX_NESTING + 1 and _step(current, name) == 1 and rendering:
                message = f"shortcodes nested more than {MAX_NESTING} deep"
                rendering.report(rendering.line(current), message)
        next(stream)


def _arguments(call: Call, expression: str, rendering: Any) -> Call | None:
    args, params, error = parse_args(expression, liquid=True)
    if error:
        if rendering is not None:
            rendering.report(call.line, f"{error} in '{short(call.source)}'")
        return None
    return replace(call, args=args, params=params)


def _closes(stream: TokenStream, name: str) -> bool:
    """Whether the ``{% endNAME %}`` that pairs with this opening comes later in the
    body (an opening of the same name inside nests, as Liquid pairs blocks)."""
    depth = 1
    for tok in stream.tokens[stream.pos + 1 :]:
        if tok.kind == TOKEN_TAG:
            depth += _step(tok, name)
            if depth == 0:
                return True
    return False


def _step(tok: Token, name: str) -> int:
    """+1 for an opening of ``name``, -1 for its closer, else 0."""
    found = real_name(tok)
    return 1 if found == name else -1 if found == f"end{name}" else 0


class _CallNode(Node):
    __slots__ = ("block", "call", "raw", "shortcodes")

    def __init__(
        self,
        token: Token,
        call: Call,
        shortcodes: Shortcodes,
        block: BlockNode | None,
        raw: str | None = None,
    ):
        super().__init__(token)
        self.call = call
        self.shortcodes = shortcodes
        self.block = block
        self.raw = raw
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        call = self.call
        if not call.params and len(call.args) == 1 and "{{" in call.args[0]:
            rendered = StringIO()
            template = context.env.from_string(call.args[0])
            template.render_with_context(context, rendered, partial=True)
            found = _arguments(call, rendered.getvalue(), _rendering(context.env))
            if found is None:
                return 0
            call = found
        params = tuple((key, _named(value, context, self.token)) for key, value in call.params)
        inner = self.raw
        if self.block is not None:
            rendered = StringIO()
            self.block.render(context, rendered)
            inner = rendered.getvalue()
        return buffer.write(self.shortcodes.render_call(replace(call, params=params), inner))


def _named(value: str, context: RenderContext, token: Token) -> Any:
    """Jekyll's ``key=page.title`` is the variable; a quoted or numeric value is itself."""
    if not isinstance(value, Bare) or value in _LITERALS or not _VARIABLE.match(value):
        return value
    if value[0].isdigit():
        return str(value)
    return context.get(value.split("."), token=token)
