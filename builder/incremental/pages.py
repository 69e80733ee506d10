"""Which planned pages a build renders, and the digest of everything a whole build reads.

A page whose fingerprint (fingerprint.py) equals the one the output's manifest records,
and whose file is still there, is not rendered: the writer keeps the file. A build whose
inputs all equal the recorded ones stops after the index: the output already is this
build's (:func:`inputs_digest` says what the inputs are, and what that assumes).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment

from builder.config import SiteConfig
from builder.errors import Problem
from builder.incremental.fingerprint import Digester
from builder.incremental.manifest import Manifest
from builder.index.publication import Selection
from builder.model import Found, OutputFile, Page, Site
from builder.render import iter_rendered
from builder.render.reads import shallow_names


@dataclass(frozen=True)
class Plan:
    """What the writer is given: kept pages first, then the pages to render."""

    kept: list[OutputFile]
    render: list[Page]
    fingerprints: dict[str, str]
    """out_path -> fingerprint, for every page."""


def plan_render(
    pages: list[Page],
    env: Environment,
    environment: bytes,
    config: SiteConfig,
    recorded: Manifest,
    rewrite: bool,
) -> Plan:
    """Pages whose fingerprint and file are unchanged are kept; ``rewrite`` renders all.
    ``environment`` is the build's environment digest (fingerprint.environment_digest),
    taken once per build before anything it covers was read."""
    digester = Digester(shallow_names(env), config.site_dir)
    out_root = os.fspath(config.output_dir)
    kept: list[OutputFile] = []
    render: list[Page] = []
    fingerprints: dict[str, str] = {}
    for page in pages:
        fingerprint = digester.page(page, environment)
        out_path = page.out_path
        fingerprints[out_path] = fingerprint
        if (
            not rewrite
            and recorded.pages.get(out_path) == fingerprint
            and out_path in recorded.files
            and os.path.isfile(os.path.join(out_root, out_path))
        ):
            kept.append(OutputFile(out_path, fingerprint=fingerprint, kept=True))
        else:
            render.append(page)
    return Plan(kept, render, fingerprints)


def outputs(
    plan: Plan, env: Environment, config: SiteConfig, problems: list[Problem]
) -> Iterator[OutputFile]:
    """The kept pages, then the rendered ones, each with its fingerprint."""
    yield from plan.kept
    for output in iter_rendered(plan.render, env, config, problems):
        yield OutputFile(
            output.out_path, output.data, fingerprint=plan.fingerprints[output.out_path]
        )


def inputs_digest(
    environment: bytes,
    content: Sequence[str],
    site: Site,
    static: list[Found],
    selection: Selection,
) -> str:
    """Everything the whole output is made from, as one digest.

    ``content`` is the load key of every content file the build loaded, in discovery
    order, published or not (a link to a left-out story is broken, a link to an expired
    one is its URL): the key digests the file's path and bytes and every setting that
    shapes loading, so it stands for the loaded article. The index, plan and render
    stages are pure functions of the loaded articles, the configuration, the templates
    and newsdigest's code (``environment``), the selection and the clock, and the clock
    only matters at the moments ``site.steady`` spans. Static files are stood for by
    their names, modes and the digests of their bytes, never their times: the digest is
    recorded in the manifest, an output, which a clean build of the same sources in
    another folder must write byte for byte (a copied site with new times once made a
    different manifest). The writer reads every static file again when it stages them;
    a digest kept by stat in the cache would spare that read.
    """
    parts = [
        environment.hex(),
        repr((selection.drafts, selection.future, selection.expired, selection.now is None)),
        repr((site.skipped_drafts, site.skipped_future, site.skipped_expired)),
        repr(site.steady),  # the same clock span: no story published, expired or aged since
        *content,
    ]
    for item in static:  # the mode too: a file made narrower is copied again (write/stage.py)
        mode = item.path.stat().st_mode & 0o777
        data = hashlib.blake2b(item.path.read_bytes(), digest_size=16).hexdigest()
        parts.append(f"{item.src_path}\x00{data}\x00{mode:o}")
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()


def up_to_date(out: Path, recorded: Manifest, inputs: str) -> bool:
    """The output was built from exactly these inputs and still has every file."""
    if not recorded.inputs or recorded.inputs != inputs:
        return False
    return files_present(out, recorded)


def files_present(out: Path, recorded: Manifest) -> bool:
    """Every file the manifest lists is still in the output (none deleted by hand)."""
    root = os.fspath(out)
    return all(os.path.isfile(os.path.join(root, rel)) for rel in recorded.files)
