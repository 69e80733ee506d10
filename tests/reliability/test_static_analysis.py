"""G6: safe loaders, safe templates, patched dependencies: checked on the source itself."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib

import pytest
from helpers import REPO
from jinja2 import StrictUndefined

from builder.config import load_config
from builder.render.environment import make_environment

pytestmark = pytest.mark.reliability

SOURCES = sorted((REPO / "builder").rglob("*.py"))


def test_g6_no_unsafe_yaml_loading_in_the_builder() -> None:
    assert SOURCES
    unsafe = re.compile(r"yaml\.load\(|yaml\.unsafe_load|UnsafeLoader|FullLoader|full_load\(")
    found = [
        f"{path.relative_to(REPO)}:{number}"
        for path in SOURCES
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if unsafe.search(line)
    ]
    assert found == []
    assert "CSafeLoader" in (REPO / "builder" / "text" / "yamlsafe.py").read_text()


def test_g6_every_environment_autoescapes_and_is_strict() -> None:
    env = make_environment(load_config(REPO))
    assert env.autoescape is True
    assert env.undefined is StrictUndefined
    constructed = [
        f"{path.relative_to(REPO)}"
        for path in SOURCES
        if re.search(r"\bEnvironment\(", path.read_text())
    ]
    assert constructed == ["builder/render/environment.py"], "one place builds Jinja environments"
    theme = (p for p in (REPO / "templates").rglob("*") if p.is_file())
    assert "|safe" not in "".join(p.read_text() for p in theme)


def test_g6_ruff_security_rules_pass_on_the_builder() -> None:
    ruff = shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed (pip install -e '.[test]')")
    proc = subprocess.run(
        [ruff, "check", "--select", "S", "--no-cache", str(REPO / "builder")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _floor(requirements: list[str], name: str) -> tuple[int, ...]:
    for requirement in requirements:
        match = re.match(rf"^{name}\s*>=\s*([\d.]+)", requirement, re.IGNORECASE)
        if match:
            return tuple(int(p) for p in match.group(1).split("."))
    raise AssertionError(f"no floor for {name}")


def test_g6_dependency_floors_exclude_known_vulnerable_versions() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    requirements = project["dependencies"]
    assert _floor(requirements, "jinja2") >= (3, 1, 6)  # CVE-2025-27516 sandbox escape
    assert _floor(requirements, "pyyaml") >= (5, 4)  # CVE-2020-14343 full_load
    assert _floor(requirements, "markdown") >= (3, 8, 1)  # CVE-2025-69534 (#1534)


def test_g6_installed_markdown_survives_the_cve_2025_69534_input() -> None:
    import markdown

    assert "<p>x</p>" in markdown.markdown("<![\n\nx")  # 3.8 raised AssertionError here
