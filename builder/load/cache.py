"""The parse cache: one loaded file, keyed by its bytes and everything that shapes it.

Loading (front matter + Markdown) is the only expensive stage, and it is a pure
function of the file's bytes and a few settings; so a key made of those can
safely skip it. Everything after loading always runs in full.
This module holds the in-memory cache ``serve`` keeps between rebuilds and the
persistent :class:`DiskCache` ``digest build`` keeps in ``.digest-cache/``;
both implement the same two methods.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
import sqlite3
from pathlib import Path
from typing import Protocol

from builder import __version__
from builder.config import SiteConfig
from builder.config.settings import CACHE_DIR
from builder.errors import Problem
from builder.load import Loaded
from builder.load.expand import templates_fingerprint
from builder.load.markdown import RENDERER_VERSION
from builder.model import ARTICLE_FORMAT


class ParseCache(Protocol):
    def get(self, key: str) -> Loaded | None: ...

    def put(self, key: str, loaded: Loaded) -> None: ...


def settings_fingerprint(config: SiteConfig, data: bytes = b"") -> bytes:
    """Every setting that changes what loading a file gives, and ``data``, the digest of
    the ``_data/`` files (load/sitedata.py: Liquid's ``site.data``).

    Not the permalink pattern: an article's URL is computed after loading
    (``urls.article_url``), so a new pattern reuses every cached file.
    """
    parts = (
        __version__,
        RENDERER_VERSION,
        ARTICLE_FORMAT,
        repr(config.markdown),
        config.timezone,
        repr(config.shortcodes),
        templates_fingerprint(config),
        config.base_url,  # {{ site.url }}, {{ site.baseurl }} and shortcodes' url filters
        config.title,  # {{ site.title }}
        repr(sorted(config.params.items())),  # {{ site.params.x }} in shortcode templates
        *([repr(config.codes), config.language] if config.languages else []),  # x.ja.md's slug
        data.hex(),  # {{ site.data.x }}
    )
    return "\x1f".join(parts).encode()


def cache_key(src_path: str, data: bytes, fingerprint: bytes) -> str:
    """The path is part of the key: the slug and file-name date come from it."""
    digest = hashlib.blake2b(fingerprint, digest_size=20)
    digest.update(src_path.encode() + b"\x00")
    digest.update(data)
    return digest.hexdigest()


class MemoryCache:
    """A dict, forgetting entries not used by the latest build (so it never grows unbounded)."""

    def __init__(self) -> None:
        self._entries: dict[str, Loaded] = {}
        self._used: dict[str, Loaded] = {}

    def get(self, key: str) -> Loaded | None:
        found = self._entries.get(key)
        if found is not None:
            self._used[key] = found
        return found

    def put(self, key: str, loaded: Loaded) -> None:
        self._used[key] = loaded

    def end_build(self) -> None:
        self._entries, self._used = self._used, {}


CACHE_FILE = "parse.sqlite3"
SCHEMA = f"newsdigest-parse-cache 1 {__version__} {RENDERER_VERSION} {ARTICLE_FORMAT}"
"""Written into the file; any other value means another version wrote it: start afresh."""


class DiskCache:
    """The parse cache kept between runs in ``<site>/.digest-cache/`` (one sqlite3 file).

    Values are pickled :class:`Loaded` objects. The file is only ever an
    accelerator: a corrupted file, one from another version, a locked or
    read-only folder all fall back to loading from source, never to an error.
    New entries are held in memory and written in one transaction by
    :meth:`end_build`, which also drops entries the build did not use, so the
    file tracks the site instead of growing forever. The cache sits inside the
    site folder and is trusted as much as the site's own templates are.
    """

    def __init__(self, site_dir: Path, *, clean: bool = False) -> None:
        self.path = site_dir / CACHE_DIR / CACHE_FILE
        self._new: dict[str, bytes] = {}
        self._used: set[str] = set()
        self._clean = clean
        self._db: sqlite3.Connection | None = None
        self._opened = False

    def _conn(self) -> sqlite3.Connection | None:
        """Opened on first use and only read; the file is (re)written by :meth:`end_build`."""
        if not self._opened:
            self._opened = True
            self._db = self._open(discard=self._clean)
        return self._db

    def get(self, key: str) -> Loaded | None:
        if self._conn() is None:
            return None
        try:
            row = self._db.execute(  # type: ignore[union-attr]
                "SELECT value FROM entries WHERE key = ?", (key,)
            ).fetchone()
            found = pickle.loads(row[0]) if row else None  # noqa: S301 - our own file, see class
        except Exception:  # a damaged row or file: misses from here on; end_build rewrites it
            self.close()
            return None
        if not isinstance(found, Loaded):
            return None
        self._used.add(key)
        return found

    def get_many(self, keys: list[str]) -> dict[str, Loaded]:
        """Look many keys up at once (one query per batch is much cheaper than one per key)."""
        found: dict[str, Loaded] = {}
        if self._conn() is None:
            return found
        try:
            for start in range(0, len(keys), 500):
                batch = keys[start : start + 500]
                marks = ",".join("?" * len(batch))
                rows = self._db.execute(  # type: ignore[union-attr]
                    f"SELECT key, value FROM entries WHERE key IN ({marks})",  # noqa: S608
                    batch,
                ).fetchall()
                for key, value in rows:
                    loaded = pickle.loads(value)  # noqa: S301 - our own file, see class
                    if isinstance(loaded, Loaded):
                        found[key] = loaded
        except Exception:  # a damaged row or file: misses from here on; end_build rewrites it
            self.close()
            return {}
        self._used.update(found)
        return found

    def put(self, key: str, loaded: Loaded) -> None:
        if key not in self._used:
            self._new[key] = pickle.dumps(loaded, protocol=pickle.HIGHEST_PROTOCOL)
            self._used.add(key)

    def end_build(self) -> list[Problem]:
        """Store new entries and drop the ones this build did not use; errors only cost time.

        Called after a successful build only: a failed build leaves the site folder
        exactly as it was, cache included. A file that was absent, damaged or
        another version's is replaced here, not when it was found. A cache that cannot
        be written (a read-only or full file system, no permission) is a warning: the
        site is already published, and the next build only parses every file again.
        """
        if not self._used:
            return []
        try:
            if self._conn() is None:
                self._db = self._reset()
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO entries (key, value) VALUES (?, ?)", self._new.items()
                )
                self._db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
                self._db.execute("DELETE FROM used")
                self._db.executemany(
                    "INSERT OR IGNORE INTO used (key) VALUES (?)", ((k,) for k in self._used)
                )
                self._db.execute("DELETE FROM entries WHERE key NOT IN (SELECT key FROM used)")
        except (sqlite3.Error, OSError) as exc:
            self.close()
            with contextlib.suppress(OSError):  # a damaged file must go; a read-only one stays
                self.path.unlink(missing_ok=True)
            return [_unwritable(exc)]
        finally:
            self._new.clear()
            self._used.clear()
        return []

    def close(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None

    def _open(self, *, discard: bool) -> sqlite3.Connection | None:
        """The existing file if it is this version's; else None (all misses), touching nothing."""
        if discard or not self.path.is_file():
            return None
        try:
            db = _connect(self.path)
            row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if row and row[0] == SCHEMA:
                return db
            db.close()
        except (sqlite3.Error, OSError):
            pass
        return None

    def _reset(self) -> sqlite3.Connection:
        """Delete the file and create an empty one (sqlite3.Error or OSError if the folder
        is not writable: :meth:`end_build` makes that a warning)."""
        self.close()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        db = _connect(self.path)
        with db:
            db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
            db.execute("CREATE TABLE entries (key TEXT PRIMARY KEY, value BLOB)")
            db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA,))
        return db


def _unwritable(exc: sqlite3.Error | OSError) -> Problem:
    """``.digest-cache/parse.sqlite3: warning: the parse cache cannot be written (…)``."""
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    message = (
        f"the parse cache cannot be written ({reason}): the site is built, "
        "but the next build parses every file again"
    )
    return Problem(f"{CACHE_DIR}/{CACHE_FILE}", 0, message, "warning")


def _connect(path: Path) -> sqlite3.Connection:
    """WAL: a reader never waits for a writer, and a process killed mid-write leaves the
    last committed state (each build's entries go in one transaction, in end_build); a
    writer waits up to 5 s for another (builds of a site are one at a time anyway:
    incremental/lock.py). NORMAL, not FULL: a power cut may lose the last transaction,
    never corrupt the file, and losing entries only costs time."""
    db = sqlite3.connect(path, timeout=5)
    with contextlib.suppress(sqlite3.Error):  # a read-only folder: read as it is
        db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    return db
