"""What a build gives back: its site, its output files, its warnings, what it did.

Apart from pipeline.py so that a verb can report a build that stopped before loading
(``incremental.quick_result``) without importing the stages behind it: Markdown,
Pillow and the rest cost a tenth of a second that such a build need not spend.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from builder.errors import Problem
from builder.model import OutputFile, Site, Summary


@dataclass(frozen=True)
class BuildStats:
    """What one build did, stage by stage, for the summary line, tests and benchmarks."""

    loaded: int
    """Content files parsed (cache misses)."""
    cached: int
    """Content files taken from the parse cache."""
    planned: int
    """Pages planned (static files not included)."""
    rendered: int
    """Pages rendered without a template error."""
    written: int = 0
    """Output files written because they are new or their bytes changed (0 without a write)."""
    unchanged: int = 0
    """Output files kept as they were (hard-linked from the previous output)."""
    removed: int = 0
    """Files of the previous build that this one no longer has."""
    images_encoded: int = 0
    """Image variants encoded by this build (not found in ``.digest-cache/images``)."""
    images_reused: int = 0
    """Image variants taken from the cache."""
    rendered_paths: frozenset[str] = frozenset()
    """The output paths of the pages rendered; the others kept their file, their fingerprint
    unchanged (incremental.py). ``planned`` is 0 when the build stopped early, before
    loading or after the index, every input equal to the last build's."""


@dataclass(frozen=True)
class BuildResult:
    site: Site | None
    """None when a build stopped before loading (incremental.quick_result): no source
    file had changed, so it loaded nothing."""
    outputs: list[OutputFile]
    """Every output file; after a write, pages carry their path only (``data`` is None):
    their bytes were streamed to disk, not kept (about 250 MB at 10,000 articles)."""
    warnings: list[Problem] = field(default_factory=list)
    stats: BuildStats = BuildStats(0, 0, 0, 0)
    summary: Summary = field(default_factory=lambda: Summary(0, 0))
    """What the summary line says (the site's counts and next scheduled change)."""


@dataclass(frozen=True)
class Checked:
    """What ``digest check`` looked at: every content file, whether it loaded or was left out."""

    files: int
    articles: int
    drafts: int = 0
    scheduled: int = 0

    @property
    def not_loaded(self) -> int:
        return max(0, self.files - self.articles - self.drafts - self.scheduled)
