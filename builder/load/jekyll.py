"""Jekyll's Liquid filters, for bodies migrated from Jekyll and Eleventy. Pure.

What python-liquid gives is Shopify's Liquid (``where``, ``first``, ``map``, ``sort``,
``date``, …); Jekyll adds its own filters, and these are the ones content uses, with
Jekyll's meaning: ``relative_url`` and ``absolute_url`` join with the site's
``base_url``, ``where`` compares as text (``version: 2.7`` matches ``"2.7"``), dates
print as Jekyll prints them. ``"now" | date`` is refused: a body is rendered once and
kept in the parse cache, so the build's moment cannot be in it (a theme template can).
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any
from urllib.parse import quote, quote_plus

from liquid import Environment, RenderContext
from liquid.builtin.expressions import BooleanExpression, tokenize
from liquid.builtin.filters.misc import date as liquid_date
from liquid.exceptions import FilterArgumentError
from liquid.filter import with_context, with_environment
from liquid.stream import TokenStream
from liquid.token import TOKEN_EXPRESSION, Token
from liquid.undefined import is_undefined

from builder import urls
from builder.config import SiteConfig
from builder.load.marks import OWN_ABSOLUTE, OWN_PATH, OWN_URL

_URI_SAFE = "!*'();:@&=+$,/?#[]~-._%"
_SLUG_MODES = {
    "raw": r"\s+",
    "default": r"[\W_]+",
    "pretty": r"[^\w._~!$&'()+,;=@]+",
    "ascii": r"[^a-zA-Z0-9]+",
    "latin": r"[^a-zA-Z0-9]+",
}


def add_filters(env: Environment, config: SiteConfig, markdownify: Callable[[str], str]) -> None:
    """Jekyll's filters on ``env``, for this site's URLs and Markdown engine."""
    env.add_filter("relative_url", lambda value: relative_url(value, config))
    env.add_filter("absolute_url", lambda value: absolute_url(value, config))
    env.add_filter("date_to_string", date_to_string)
    env.add_filter("date_to_long_string", date_to_long_string)
    env.add_filter("date_to_xmlschema", lambda value: _moment(value).isoformat())
    env.add_filter("date_to_rfc822", lambda value: _moment(value).strftime(RFC822))
    env.add_filter("date", with_environment(_date))
    env.add_filter("xml_escape", xml_escape)
    env.add_filter("cgi_escape", lambda value: quote_plus(_text(value)))
    env.add_filter("uri_escape", lambda value: quote(_text(value), safe=_URI_SAFE))
    env.add_filter("markdownify", lambda value: markdownify(_text(value)))
    env.add_filter("slugify", slugify)
    env.add_filter("jsonify", jsonify)
    env.add_filter("where", where)
    env.add_filter("where_exp", with_context(where_exp))
    env.add_filter("group_by", group_by)
    env.add_filter("number_of_words", lambda value: len(_text(value).split()))
    env.add_filter("array_to_sentence_string", array_to_sentence_string)
    env.add_filter("normalize_whitespace", lambda value: " ".join(_text(value).split()))


def relative_url(value: object, config: SiteConfig) -> str:
    """``/about/`` -> ``/news/about/`` under ``base_url: https://x.org/news/``; URLs as they are."""
    text = _text(value)
    if text.startswith(OWN_PATH):
        return OWN_URL + text[len(OWN_PATH) :]
    if "://" in text or text.startswith(("//", "@digest-ref:")):
        return text
    return urls.with_base(config.base_path, text)


def absolute_url(value: object, config: SiteConfig) -> str:
    """``/about/`` -> ``https://x.org/news/about/``."""
    text = _text(value)
    for own in (OWN_PATH, OWN_URL):
        if text.startswith(own):
            return OWN_ABSOLUTE + text[len(own) :]
    if "://" in text or text.startswith("//"):
        return text
    return urls.absolute(config.base_url, text)


RFC822 = "%a, %d %b %Y %H:%M:%S %z"


def date_to_string(value: object, kind: object = None, style: object = None) -> str:
    """``01 Apr 2016``; ``ordinal``: ``1st Apr 2016``; ``ordinal, "US"``: ``Apr 1st, 2016``."""
    return _day(_moment(value), "%b", kind, style)


def date_to_long_string(value: object, kind: object = None, style: object = None) -> str:
    return _day(_moment(value), "%B", kind, style)


def _day(moment: datetime, month: str, kind: object, style: object) -> str:
    if kind != "ordinal":
        return moment.strftime(f"%d {month} %Y")
    day = moment.day
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    name = moment.strftime(month)
    if style == "US":
        return f"{name} {day}{suffix}, {moment.year}"
    return f"{day}{suffix} {name} {moment.year}"


def _moment(value: object) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    try:
        return datetime.fromisoformat(_text(value))
    except ValueError:
        raise FilterArgumentError(f"not a date: '{_text(value)[:40]}'", token=None) from None


def _date(value: object, fmt: object, *, environment: Environment) -> str:
    if value in ("now", "today"):
        raise FilterArgumentError(
            "'now' | date is not available in a story's body (it is rendered once and kept "
            "in the parse cache); write the date, or use the theme's templates",
            token=None,
        )
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    return str(liquid_date(value, fmt, environment=environment))


def xml_escape(value: object) -> str:
    """``&``, ``<``, ``>`` and ``"`` as entities (Jekyll keeps ``'``)."""
    return html.escape(_text(value), quote=False).replace('"', "&quot;")


def slugify(value: object, mode: object = "default") -> str:
    """Jekyll's slugify: lower case, every run of other characters one ``-``."""
    text = _text(value)
    if mode == "none":
        return text
    if mode == "latin":
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    pattern = _SLUG_MODES.get(str(mode), _SLUG_MODES["default"])
    return re.sub(pattern, "-", text).strip("-").lower()


def jsonify(value: object) -> str:
    """As Ruby's ``to_json``: no spaces, non-ASCII kept, dates as Jekyll prints them."""
    return json.dumps(_plain(value), ensure_ascii=False, separators=(",", ":"))


def _plain(value: object) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S %z").strip()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Sequence):
        return [_plain(v) for v in value]
    return _text(value)


def where(items: object, key: object, value: object = None) -> list[object]:
    """Jekyll's ``where``: the items whose ``key`` is ``value`` compared as text; a list
    value matches when it holds ``value``."""
    wanted = _text(value)
    found = []
    for item in _items(items):
        got = item.get(str(key)) if isinstance(item, Mapping) else None
        if isinstance(got, list | tuple):
            if wanted in (_text(g) for g in got):
                found.append(item)
        elif _text(got) == wanted:
            found.append(item)
    return found


def where_exp(
    items: object, name: object, expression: object, *, context: RenderContext
) -> list[object]:
    """Jekyll's ``where_exp: "item", "item.year > 2014"``: a Liquid condition per item."""
    token = Token(TOKEN_EXPRESSION, _text(expression), 0, _text(expression))
    condition = BooleanExpression.parse(context.env, TokenStream(tokenize(token.value, token)))
    found = []
    for item in _items(items):
        with context.extend({str(name): item}):
            if condition.evaluate(context):
                found.append(item)
    return found


def group_by(items: object, key: object) -> list[dict[str, object]]:
    groups: dict[str, list[object]] = {}
    for item in _items(items):
        got = item.get(str(key)) if isinstance(item, Mapping) else None
        groups.setdefault(_text(got), []).append(item)
    return [{"name": k, "items": v, "size": len(v)} for k, v in groups.items()]


def array_to_sentence_string(items: object, connector: object = "and") -> str:
    words = [_text(i) for i in _items(items)]
    if len(words) < 3:
        return f" {connector} ".join(words)
    return f"{', '.join(words[:-1])}, {connector} {words[-1]}"


def _items(value: object) -> list[Any]:
    if isinstance(value, Mapping) and not is_undefined(value):
        return list(value.values())
    if isinstance(value, str) or value is None:
        return [value] if value else []
    if isinstance(value, Sequence) or is_undefined(value):
        return list(value)  # type: ignore[call-overload]
    return [value]


def _text(value: object) -> str:
    """As Liquid prints a value: nil is empty, booleans lower case."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
