"""``_data/`` -> Liquid's ``site.data``, read as Jekyll reads it.

``_data/releases.yml`` is ``site.data.releases``, ``_data/team/people.json``
``site.data.team.people``; YAML (through builder/text/yamlsafe.py only), JSON, CSV and
TSV (a list of rows keyed by the header line, every value text, as Jekyll gives them).
Names lose what Jekyll's ``sanitize_filename`` drops (``categories.01`` is
``categories01``). Bad data is ``path:line: message``; two files giving one name (``a.yml``
and ``a.json``) are a warning, the later in name order used, as in Jekyll.

:func:`read_data` is the build's one reading of these files (I/O, at the load edge, with
the content files); :func:`data_fingerprint` keys the parse cache on their bytes, so
editing ``_data`` renders again every story (the cache cannot know which use it).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from pathlib import Path, PurePosixPath
from typing import Any

from builder.discover import data_files
from builder.errors import LineError, Problem, YamlProblem
from builder.load import decode
from builder.text import yamlsafe

SiteData = dict[str, Any]
"""``site.data``: file (and folder) names to their values."""
_DROPPED = re.compile(r"[^\w\s-]+")
_SPACES = re.compile(r"\s+")


def read_data(site_dir: Path) -> tuple[dict[str, Any], bytes, list[Problem]]:
    """``site.data``, the digest of every data file's path and bytes, and the problems."""
    found, problems = data_files(site_dir)
    data: dict[str, Any] = {}
    digest = hashlib.blake2b(digest_size=16)
    given: dict[tuple[str, ...], str] = {}
    for item in found:
        try:
            raw = item.path.read_bytes()
        except OSError as exc:
            problems.append(Problem(item.src_path, 1, f"cannot read the file ({exc.strerror})"))
            continue
        digest.update(item.src_path.encode() + b"\x00" + raw + b"\x00")
        try:
            value = parse_data(item.src_path, raw)
        except LineError as exc:
            problems.append(Problem(item.src_path, exc.line, exc.message))
            continue
        keys = data_keys(item.src_path)
        if keys in given:
            message = f"{given[keys]} gives site.data.{'.'.join(keys)} too; this file is used"
            problems.append(Problem(item.src_path, 1, message, "warning"))
        given[keys] = item.src_path
        _place(data, keys, value)
    return data, digest.digest() if found else b"", problems


def data_keys(src_path: str) -> tuple[str, ...]:
    """``_data/team/people.json`` -> ``("team", "people")``."""
    parts = PurePosixPath(src_path).parts[1:]
    names = [*parts[:-1], PurePosixPath(parts[-1]).stem]
    return tuple(_SPACES.sub("_", _DROPPED.sub("", name).strip()) for name in names)


def parse_data(src_path: str, raw: bytes) -> Any:
    """One data file's value; raises LineError at the line of what is wrong."""
    text = decode(raw).replace("\r\n", "\n")
    suffix = PurePosixPath(src_path).suffix.lower()
    if suffix == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise YamlProblem(exc.lineno, f"not valid JSON: {exc.msg}") from None
    if suffix in (".csv", ".tsv"):
        reader = csv.DictReader(io.StringIO(text), delimiter="\t" if suffix == ".tsv" else ",")
        try:
            return [dict(row) for row in reader]
        except csv.Error as exc:
            raise YamlProblem(reader.line_num, f"not valid CSV: {exc}") from None
    node, loader = yamlsafe.parse(text)
    if node is None:
        return None
    return yamlsafe.value(node, loader)


def _place(data: dict[str, Any], keys: tuple[str, ...], value: Any) -> None:
    here = data
    for key in keys[:-1]:
        inner = here.get(key)
        if not isinstance(inner, dict):
            inner = here[key] = {}
        here = inner
    here[keys[-1]] = value
