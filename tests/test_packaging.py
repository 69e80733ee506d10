"""The wheel and the sdist carry the whole default theme (issue 13: an installed wheel
could build no site because ``templates/`` was not in it).

The project is copied to a temporary folder first, so a stale ``build/`` of the checkout
cannot leak old files into the wheel and the checkout is left as it was. The wheel is then
unpacked outside the checkout and run with no ``templates/`` beside it: what it builds, it
builds from its own ``builder/theme``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from helpers import REPO

pytestmark = pytest.mark.packaging

SOURCES = ("pyproject.toml", "README.md", "builder", "templates")


def theme_files() -> list[str]:
    """Every file of the default theme, relative to templates/."""
    root = REPO / "templates"
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    )


def package_files() -> list[str]:
    """Every module and data file of builder/ that must be installed."""
    root = REPO / "builder"
    return sorted(
        p.relative_to(REPO).as_posix()
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )


def copy_project(target: Path) -> Path:
    target.mkdir()
    for name in SOURCES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    return target


def run(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, cwd=cwd, env=env, timeout=600
    )
    assert proc.returncode == 0, f"{args} failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}"
    return proc.stdout + proc.stderr


def pip_wheel(source: Path, out: Path) -> Path:
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", source, "-w", out)
    (wheel,) = out.glob("newsdigest-*.whl")
    return wheel


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The project's wheel (built from a copy of the checkout) and its sdist."""
    tmp = tmp_path_factory.mktemp("packaging")
    project = copy_project(tmp / "project")
    wheel = pip_wheel(project, tmp / "wheel")
    run(sys.executable, "-m", "build", "--sdist", "-o", tmp / "sdist", project)
    (sdist,) = (tmp / "sdist").glob("newsdigest-*.tar.gz")
    return {"wheel": wheel, "sdist": sdist, "tmp": tmp}


def test_every_theme_file_and_module_is_in_the_wheel(built: dict[str, Path]) -> None:
    names = set(zipfile.ZipFile(built["wheel"]).namelist())
    themes = theme_files()
    assert "base.html" in themes and "style.css" in themes
    assert {f"i18n/{code}.yaml" for code in ("en", "ja", "es", "fr", "de", "ar")} <= set(themes)
    missing = [f"builder/theme/{name}" for name in themes if f"builder/theme/{name}" not in names]
    missing += [name for name in package_files() if name not in names]
    assert missing == []
    assert not any(name.startswith(("templates/", "tests/")) for name in names)


def test_the_sdist_holds_the_theme_and_builds_the_same_wheel(built: dict[str, Path]) -> None:
    with tarfile.open(built["sdist"]) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert [n for n in theme_files() if f"templates/{n}" not in names] == []
    wheel = pip_wheel(built["sdist"], built["tmp"] / "from-sdist")
    assert sorted(zipfile.ZipFile(wheel).namelist()) == sorted(
        zipfile.ZipFile(built["wheel"]).namelist()
    )


def unpacked(wheel: Path, target: Path) -> dict[str, str]:
    """The wheel unpacked as site-packages would hold it; an environment that imports it."""
    zipfile.ZipFile(wheel).extractall(target)
    assert not (target / "templates").exists()
    return {**os.environ, "PYTHONPATH": str(target)}


def digest_from(env: dict[str, str], site: Path, *args: str) -> str:
    code = "import builder, sys; from builder.cli import main; sys.exit(main(sys.argv[1:]))"
    return run(sys.executable, "-c", code, *args, cwd=site, env=env)


def test_the_unpacked_wheel_builds_a_site_with_its_own_theme(
    built: dict[str, Path], make_site, tmp_path: Path
) -> None:
    env = unpacked(built["wheel"], tmp_path / "lib")
    code = "import builder; print(builder.__file__)"
    where = run(sys.executable, "-c", code, cwd=tmp_path, env=env)
    assert where.strip().startswith(str(tmp_path / "lib"))
    site = make_site("basic")
    shutil.rmtree(site / "templates", ignore_errors=True)
    output = digest_from(env, site, "build")
    assert "built " in output
    home = (site / "public" / "index.html").read_text()
    assert "<!doctype html>" in home.lower()
    css = (site / "public" / "assets" / "style.css").read_bytes()
    assert css == (REPO / "templates/style.css").read_bytes()


def test_a_site_with_the_whole_theme_copied_needs_no_default_theme(
    built: dict[str, Path], make_site, tmp_path: Path
) -> None:
    env = unpacked(built["wheel"], tmp_path / "lib")
    shutil.rmtree(tmp_path / "lib" / "builder" / "theme")
    site = make_site("basic")
    shutil.rmtree(site / "templates", ignore_errors=True)
    shutil.copytree(REPO / "templates", site / "templates")
    (site / "templates" / "base.html").write_text(
        (REPO / "templates/base.html").read_text().replace("</body>", "<!-- site copy --></body>")
    )
    digest_from(env, site, "build")
    assert "<!-- site copy -->" in (site / "public" / "index.html").read_text()
