"""Rebuilds that cost what changed: which pages to render, when to stop early, and the
previous generation of the output that a build brings up to date.

- ``fingerprint.py``: a page's fingerprint, the digest of what its rendering reads;
- ``pages.py``: pages whose fingerprint and file are unchanged are kept, not rendered;
  a build whose every input is unchanged stops after the index;
- ``quick.py``: a build whose source files are unchanged stops before loading;
- ``manifest.py``: what the last build wrote, kept in the output it describes;
- ``generations.py``: the previous generation (``.public.previous``), brought up to
  date and swapped in by the writer, so a one-page change costs O(change).
"""

from __future__ import annotations

from builder.incremental.fingerprint import environment_digest
from builder.incremental.pages import (
    Plan,
    files_present,
    inputs_digest,
    outputs,
    plan_render,
    up_to_date,
)
from builder.incremental.quick import Sources, fresh, quick_result, save_sources, stamp

__all__ = [
    "Plan",
    "Sources",
    "environment_digest",
    "files_present",
    "fresh",
    "inputs_digest",
    "outputs",
    "plan_render",
    "quick_result",
    "save_sources",
    "stamp",
    "up_to_date",
]
