"""How long nh3 would take to sanitize an HTML fragment, estimated before it runs.

nh3 (Rust's ammonia, on html5ever) cannot be interrupted: the time budget's
``SIGALRM`` is handled only once it returns, and it releases the GIL, so no Python
code can stop it. On most HTML it is fast and linear, but the HTML tree-building
algorithm is quadratic on a few shapes, all of them cheap to write:
``"<div>" * 180000`` took 121 s (every start tag scans the stack of open
elements), 10,000 unclosed ``<b id=N>`` in 1,000 paragraphs 52 s (each paragraph
re-creates every formatting element still open, the "reconstruct" step, and the
output grows to 89 MB), 80,000 attributes on one tag 3 s, 400,000 ``&amp;`` in one
text 4 s. So :func:`tree_work` walks the tags with a regular expression, the way the
tree builder would open and close them, and adds up the work of those four shapes
in units of a forty-millionth of a second (:data:`UNITS_PER_SECOND`). The
model errs on the side of more work: it closes an element only where HTML surely
would, and it is tested against those shapes and against real articles, which it
puts a thousand times below the default 10 s budget
(tests/unit/load/test_htmlwork.py).
"""

from __future__ import annotations

import re

UNITS_PER_SECOND = 4e7
"""Measured at 8e7 to 2.5e8 on the shared 2-core machine; half the slowest leaves room."""
SMALL = 8_000
"""Characters below which a fragment is not estimated (most articles' HTML is smaller):
the worst shape known at that size (an unclosed ``<b>`` in each of 400 paragraphs, all
re-created in every next one) takes nh3 0.3 s, so the budget is overrun by at most that."""
RECONSTRUCT = 200
"""Units per token for each formatting element the tree builder may re-create."""
ATTRIBUTE_PAIR = 1 / 8
"""Units per pair of attributes on one element (html5ever checks each for duplicates)."""
REFERENCE = 1 / 40
"""Units per character reference, times the references before it in the same text."""

_TOKEN = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)([^<>]*)|&")
_VOID = frozenset(
    "area base basefont bgsound br col embed frame hr image img input keygen link meta"
    " param source track wbr".split()
)
_FORMATTING = frozenset("a b big code em font i nobr s small strike strong tt u".split())
_SPECIAL = frozenset(
    "address applet article aside blockquote body button caption center dd details dir"
    " div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup"
    " html iframe li listing main marquee menu nav object ol p plaintext pre section"
    " select summary table tbody td template textarea tfoot th thead tr ul xmp".split()
)
_BOUNDARY = frozenset(
    "applet button caption html marquee object ol table td template th ul".split()
)
"""Where a search for an element "in scope" stops: an end tag beyond one is ignored."""
_CLOSES = {
    "p": ("p",),
    "li": ("li",),
    "dt": ("dt", "dd"),
    "dd": ("dt", "dd"),
    "td": ("td", "th"),
    "th": ("td", "th"),
    "tr": ("td", "th", "tr"),
    "tbody": ("td", "th", "tr", "tbody", "thead", "tfoot"),
    "thead": ("td", "th", "tr", "tbody", "thead", "tfoot"),
    "tfoot": ("td", "th", "tr", "tbody", "thead", "tfoot"),
    "option": ("option",),
}
"""Start tags that close the open elements of these names just before them (``<li>a<li>``,
``<td>a<tr>``)."""
_ENDS_ITS_OWN = frozenset(("a", "nobr"))
"""Formatting elements that a second one of their kind ends (the adoption agency)."""


def tree_work(fragment: str, limit: float = float("inf")) -> float:
    """The estimated work, in units, of building ``fragment``'s tree; counting stops once
    it passes ``limit``. Linear itself: every step below costs O(1) but the searches of
    the open formatting elements, which the work charges two hundred times over."""
    tree = _Tree()
    stack, active = tree.stack, tree.active
    work = 0.0
    references = 0  # in the current text
    for closing, name, attributes in _TOKEN.findall(fragment):
        if not name:  # a character reference
            references += 1
            work += references * REFERENCE
            continue
        references = 0
        name = name.lower()
        work += len(stack) + len(active) * (RECONSTRUCT + 1)
        if closing:
            tree.end(name)
        elif name not in _VOID:
            count = len(attributes.split())
            work += count * count * ATTRIBUTE_PAIR
            tree.start(name, attributes)
        if work > limit:
            break
    return work


class _Tree:
    """The stack of open elements and the list of active formatting elements, as far as
    their sizes go. Where HTML's rules would need more than the element names to decide,
    the element stays open: the estimate can only err towards more work."""

    def __init__(self) -> None:
        self.stack: list[str] = []
        self.active: list[tuple[str, str]] = []
        """Open formatting elements: (name, tag text), for "Noah's Ark" below."""
        self._active_names: dict[str, int] = {}
        self._at: dict[str, list[int]] = {}
        """Each name's positions in the stack, so that no step searches the stack."""
        self._boundaries: list[int] = []
        self._specials: list[int] = []

    def start(self, name: str, attributes: str) -> None:
        stack = self.stack
        closes = _CLOSES.get(name)
        while closes and stack and stack[-1] in closes:
            self._pop()
        if name in _ENDS_ITS_OWN and self._forget(name) and stack and stack[-1] == name:
            self._pop()  # a new <a> ends the one still open
        self._at.setdefault(name, []).append(len(stack))
        if name in _BOUNDARY:
            self._boundaries.append(len(stack))
        if name in _SPECIAL:
            self._specials.append(len(stack))
        stack.append(name)
        if name in _FORMATTING:
            entry = (name, attributes)
            if self._active_names.get(name, 0) >= 3 and self.active.count(entry) >= 3:
                self.active.remove(entry)  # "Noah's Ark": at most three identical entries
                self._active_names[name] -= 1
            self.active.append(entry)
            self._active_names[name] = self._active_names.get(name, 0) + 1

    def end(self, name: str) -> None:
        found = self._at.get(name)
        at = found[-1] if found else None
        in_scope = at is not None and not (self._boundaries and self._boundaries[-1] > at)
        if self._active_names.get(name):
            if at is None:
                self._forget(name)
                return
            if not in_scope:
                return
            if self._specials and self._specials[-1] > at:
                return  # the adoption agency moves it: neither the stack nor the list shrinks
            self._forget(name)
        if at is not None and in_scope:
            while len(self.stack) > at:
                self._pop()

    def _pop(self) -> None:
        """Close the element on top."""
        name = self.stack.pop()
        self._at[name].pop()
        top = len(self.stack)
        if self._boundaries and self._boundaries[-1] == top:
            self._boundaries.pop()
        if self._specials and self._specials[-1] == top:
            self._specials.pop()

    def _forget(self, name: str) -> bool:
        """Drop the latest active entry named ``name``; whether there was one."""
        if not self._active_names.get(name):
            return False
        for i in range(len(self.active) - 1, -1, -1):
            if self.active[i][0] == name:
                del self.active[i]
                self._active_names[name] -= 1
                return True
        return False
