"""Live reload: the script every HTML response gets, and where it listens.

HTML responses (only those, and only in memory: never on disk) get one
``<script>`` that listens to ``/.digest/events`` (Server-Sent Events). Every event
carries the number of the last good build and the problems of the last build:
the page reloads when the number moves on, and shows an overlay of
``path:line: message`` lines while the last build failed. ``/.digest/`` is a
dot-folder, so it can never shadow a file of the site.
"""

from __future__ import annotations

import re
from importlib import resources

EVENTS_URL = "/.digest/events"
SCRIPT_URL = "/.digest/reload.js"
RELOAD_SCRIPT = (resources.files("builder.preview") / "reload.js").read_bytes()
"""The browser side of live reload (the overlay too); served at SCRIPT_URL."""


_OPAQUE = re.compile(rb"<!--.*?(?:-->|$)|(<script\b.*?(?:</script\s*>|$))", re.S | re.I)
"""Comments and script elements: a ``</body>`` inside them is text, not the end of the body."""


def inject_reload(html: bytes, build: int) -> bytes:
    """Add the reload script before the last real ``</body>`` (or at the end); never on disk.

    Comments and scripts are blanked (same length) before searching, so a ``</body>`` in
    a comment or a string in a script is never taken for the real one (RELIABILITY 45).
    """
    tag = f'<script src="{SCRIPT_URL}" data-build="{int(build)}"></script>'.encode()
    masked = _OPAQUE.sub(lambda m: b" " * len(m.group(0)), html.lower())
    at = masked.rfind(b"</body>")
    if at < 0:
        return html + tag  # no real </body>
    return html[:at] + tag + html[at:]
