"""Catalogue group C (cases 18-25): slugs, paths and the output folder."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import pytest
from harness import Case, check, front, ids, run_case, site_copy
from helpers import digest, snapshot

from builder.errors import OutputRefused
from builder.write.folders import contained as _contained

pytestmark = pytest.mark.reliability


def slug_case(case_id: str, slug: str) -> Case:
    """A path-like ``slug:`` (single-quoted YAML, so backslashes stay as written): refused."""
    return Case(
        case_id,
        {"content/a.md": front(extra=f"slug: '{slug}'\n")},
        1,
        "content/a.md:4",
        "must not contain",
    )


TRAVERSAL = [
    ("18-dot-dot", "../../../../escaped"),
    ("18-absolute", "/etc/cron.d/x"),
    ("18-inner-dot-dot", "a/../../b"),
    ("19-percent-encoded", "%2e%2e%2f"),
    ("19-half-encoded", "..%2f"),
    ("19-double-encoded", "%252e%252e%252f"),
    ("19-backslash", "..\\"),
    ("19-drive-letter", "C:\\x"),
    ("19-jekyll-drive-dots", "..c:/..c:/etc/passwd"),
    ("20-output-sibling", "../output-sibling/pwned"),
    ("20-public-sibling", "../public-sibling/x"),
    ("23-dot-dot-alone", ".."),
]

CASES = [slug_case(i, s) for i, s in TRAVERSAL] + [
    Case(
        "19-trailing-dot-and-space-are-dropped",
        {"content/a.md": front(extra="slug: 'x. '\n")},
        0,
        exists=("2024/03/05/x/index.html",),
    ),
    # 21. two sources, one file: both named
    Case(
        "21-duplicate-slug",
        {"content/a.md": front(extra="slug: same\n"), "content/b.md": front(extra="slug: same\n")},
        1,
        "content/a.md:4",
        "/2024/03/05/same/index.html is also the output of content/b.md",
    ),
    Case(
        "21-article-takes-the-topics-page",
        {
            "content/a.md": front(extra="slug: topics\n"),
            "site.yaml+": "permalinks:\n  article: /{slug}/\n",
        },
        1,
        "content/a.md:4",
        "/topics/index.html is also the output of the generated page /topics/",
    ),
    Case(
        "21-static-file-takes-the-home-page",
        {"static/index.html": "<p>mine</p>"},
        1,
        "static/index.html:1",
        "/index.html is also the output of the generated page /",
    ),
    Case(
        "21-static-file-takes-feed-xml",
        {"static/feed.xml": "<feed/>"},
        1,
        "static/feed.xml:1",
        "also the output of the generated page /feed.xml",
    ),
    Case(
        "21-static-file-takes-404",
        {"static/404.html": "<p>lost</p>"},
        1,
        "static/404.html:1",
        "also the output of the generated page /404.html",
    ),
    Case(
        "21-static-file-takes-the-stylesheet",
        {"static/assets/style.css": "body{}"},
        1,
        "static/assets/style.css:1",
        "also the output of the generated page /assets/style.css",
    ),
    # 22. case and Unicode folding
    Case(
        "22-case",
        {"content/Story.md": front(title="A"), "content/story.md": front(title="B")},
        1,
        "content/Story.md:1",
        "is also the output of content/story.md",
    ),
    Case(
        "22-nfc-nfd",
        {
            "content/" + unicodedata.normalize("NFC", "café") + ".md": front(title="A"),
            "content/" + unicodedata.normalize("NFD", "café") + ".md": front(title="B"),
        },
        1,
        "content/" + unicodedata.normalize("NFD", "café") + ".md:1",
        "is also the output of content/" + unicodedata.normalize("NFC", "café") + ".md",
    ),
    Case(
        "22-sharp-s-casefolds-to-ss",
        {"content/strasse.md": front(title="A"), "content/straße.md": front(title="B")},
        1,
        "content/strasse.md:1",
        "/2024/03/05/strasse/index.html is also the output of content/straße.md",
    ),
    Case(
        "22-sharp-s-slugs",
        {
            "content/a.md": front(extra="slug: STRASSE\n"),
            "content/b.md": front(extra="slug: straße\n"),
        },
        1,
        "content/a.md:4",
        "is also the output of content/b.md",
    ),
    # 23. degenerate names
    Case(
        "23-empty-slug",
        {"content/a.md": front(extra="slug: ''\n")},
        1,
        "content/a.md:4",
        "slug is empty",
    ),
    Case(
        "23-dot-slug",
        {"content/a.md": front(extra="slug: '.'\n")},
        1,
        "content/a.md:4",
        "has no letters or digits",
    ),
    Case(
        "23-punctuation-slug",
        {"content/a.md": front(extra="slug: '!!!'\n")},
        1,
        "content/a.md:4",
        "has no letters or digits",
    ),
    Case(
        "23-emoji-file-name",
        {"content/😀.md": front(title="😀😀")},
        1,
        "content/😀.md:1",
        "no slug: the file name '😀' has no letters or digits; set 'slug'",
    ),
    Case(
        "23-emoji-title-keeps-the-file-name-slug",
        {"content/a.md": front(title="😀😀")},
        0,
        exists=("2024/03/05/a/index.html",),
    ),
    Case(
        "23-300-byte-slug-is-cut",
        {"content/a.md": front(extra=f"slug: {'a' * 300}\n")},
        0,
        exists=(f"2024/03/05/{'a' * 200}/index.html",),
    ),
    Case(
        "23-250-byte-file-name-is-cut",
        {"content/" + "é" * 124 + ".md": front()},
        0,
        exists=(f"2024/03/05/{'é' * 100}/index.html",),
    ),
    Case(
        "23-windows-con-slug",
        {"content/a.md": front(extra="slug: CON\n")},
        1,
        "content/a.md:4",
        "reserved file name on Windows",
    ),
    Case(
        "23-windows-com1-slug",
        {"content/a.md": front(extra="slug: com1\n")},
        1,
        "content/a.md:4",
        "reserved file name on Windows",
    ),
    Case(
        "23-windows-nul-file-name",
        {"content/nul.md": front()},
        1,
        "content/nul.md:1",
        "reserved on Windows; set 'slug'",
    ),
    Case(
        "23-aux-html-slug-is-safe",
        {"content/a.md": front(extra="slug: aux.html\n")},
        0,
        exists=("2024/03/05/aux-html/index.html",),
    ),
    Case(
        "23-slug-index-never-replaces-home",
        {
            "content/a.md": front(extra="slug: index\n"),
            "site.yaml+": "permalinks:\n  article: /{slug}/\n",
        },
        0,
        exists=("index/index.html",),
    ),
    # names that are not UTF-8 on disk (issue 27, item 9: once a UnicodeEncodeError),
    # written from Python's surrogate form: "\udcff" is the byte 0xff
    Case(
        "23-file-name-not-utf8",
        {"content/bad-\udcff.md": front()},
        1,
        "content/bad-\\xff.md:1",
        "the file name is not UTF-8: rename it",
    ),
    Case(
        "23-folder-name-not-utf8",
        {"content/dir-\udcfe/a.md": front()},
        1,
        "content/dir-\\xfe:1",
        "the folder name is not UTF-8",
    ),
    Case(
        "23-static-name-not-utf8",
        {"static/pic-\udcff.css": "x"},
        1,
        "static/pic-\\xff.css:1",
        "the file name is not UTF-8",
    ),
    Case(
        "23-template-name-not-utf8",
        {"templates/t-\udcff.html": "x"},
        1,
        "templates/t-\\xff.html:1",
        "the file name is not UTF-8",
    ),
    Case(
        "23-other-file-not-utf8-is-not-content",
        {"content/notes-\udcff.txt": "x"},
        0,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_path_case(built_basic: Path, tmp_path: Path, case: Case) -> None:
    run_case(built_basic, tmp_path, case)
    escaped = [p for p in tmp_path.rglob("*") if "pwned" in p.name or "escaped" in p.name]
    assert escaped == []


@pytest.mark.parametrize("verb", ["check", "schedule"])
def test_23_a_name_not_utf8_is_a_line_error_for_check_and_schedule(
    built_basic: Path, tmp_path: Path, verb: str
) -> None:
    site = site_copy(built_basic, tmp_path / "site")
    (site / "content" / "bad-\udcff.md").write_text(front())
    run = digest(verb, "--site", site)
    assert "Traceback" not in run.out + run.err and "internal error" not in run.err, run.err
    assert run.code == 1
    assert "content/bad-\\xff.md:1: the file name is not UTF-8" in run.out + run.err


def test_20_sibling_prefix_is_refused_by_the_writer(tmp_path: Path) -> None:
    """The named regression test: ``public-sibling`` starts with ``public`` but is outside."""
    root = tmp_path / "public"
    root.mkdir()
    (tmp_path / "public-sibling").mkdir()
    real = str(root.resolve())  # the writer checks on strings, against the resolved folder
    for bad in ("../public-sibling/x", "../public/../public-sibling/x", "/etc/passwd"):
        with pytest.raises(OutputRefused):
            _contained(real, bad)
    (tmp_path / "public" / "link").symlink_to(tmp_path / "public-sibling")
    with pytest.raises(OutputRefused):
        _contained(real, "link/x")
    assert _contained(real, "a/b/index.html") == "a/b/index.html"


def test_20_sibling_prefix_permalink_is_refused(built_basic: Path, tmp_path: Path) -> None:
    site = site_copy(built_basic, tmp_path / "site")
    before = snapshot(site / "public")
    with open(site / "site.yaml", "a") as handle:
        handle.write("permalinks:\n  article: /../public-sibling/{slug}/\n")
    run = digest("build", "--site", site)
    check(run, 2, None)
    assert re.match(r"^site\.yaml:\d+: permalinks\.article", run.err), run.err
    assert not (site / "public-sibling").exists()
    assert snapshot(site / "public") == before


# 24. symlinks: not followed, each one a warning; loops and broken links do not hang


def _links(site: Path, outside: Path) -> None:
    (site / "content" / "passwd.md").symlink_to(outside / "secret.md")
    (site / "content" / "elsewhere").symlink_to(outside, target_is_directory=True)
    (site / "content" / "loop.md").symlink_to(site / "content" / "loop.md")
    (site / "content" / "broken.md").symlink_to(site / "content" / "nowhere.md")
    (site / "static" / "leak.txt").symlink_to(outside / "secret.md")


def test_24_symlinks_leaving_the_site_are_ignored_with_a_warning(
    built_basic: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(front(title="SECRET-CANARY"))
    site = site_copy(built_basic, tmp_path / "site")
    _links(site, outside)

    run = digest("build", "--site", site)

    check(run, 0, None)
    warnings = [line for line in run.err.splitlines() if "symlink ignored" in line]
    assert {w.split(":")[0] for w in warnings} == {
        "content/broken.md",
        "content/elsewhere",
        "content/loop.md",
        "content/passwd.md",
        "static/leak.txt",
    }
    assert all(re.match(r"^\S+:1: warning: symlink ignored: ", w) for w in warnings), warnings
    for path in (site / "public").rglob("*"):
        if path.is_file():
            assert b"SECRET-CANARY" not in path.read_bytes(), path
    assert not (site / "public" / "leak.txt").exists()


def test_24_a_symlinked_template_outside_the_site_is_not_used(
    built_basic: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "article.html").write_text("TEMPLATE-CANARY {{ article.title }}")
    site = site_copy(built_basic, tmp_path / "site")
    (site / "templates").mkdir()
    (site / "templates" / "article.html").symlink_to(outside / "article.html")

    run = digest("build", "--site", site)

    check(run, 0, "templates/article.html:1", "warning: symlink ignored: templates/article.html")
    for path in (site / "public").rglob("*.html"):
        assert b"TEMPLATE-CANARY" not in path.read_bytes(), path


# 25. output folders that must never be replaced


@pytest.mark.parametrize(
    "output_dir", [".", "..", "content", "content/public", "static", "templates", "/"]
)
def test_25_dangerous_output_dir_is_refused_before_touching_anything(
    built_basic: Path, tmp_path: Path, output_dir: str
) -> None:
    site = site_copy(built_basic, tmp_path / "site")
    (site / "templates").mkdir()
    before = snapshot(site)
    with open(site / "site.yaml", "a") as handle:
        handle.write(f"output_dir: '{output_dir}'\n")

    run = digest("build", "--site", site)

    check(run, 2, "site.yaml:1", "choose another output_dir")
    after = snapshot(site)
    after.pop("site.yaml")
    before.pop("site.yaml")
    assert after == before


def test_25_home_folder_is_refused(
    built_basic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    (home / "thesis").mkdir(parents=True)
    (home / "thesis" / "chapter1.txt").write_text("years of work")
    monkeypatch.setenv("HOME", str(home))
    site = site_copy(built_basic, tmp_path / "site")

    run = digest("build", "--site", site, "--out", home)

    check(run, 2, "site.yaml:1", "is the root or home folder")
    assert snapshot(home) == {"thesis/chapter1.txt": b"years of work"}


def test_25_repo_root_and_git_folders_are_refused(built_basic: Path, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / ".git" / "config").write_text("[core]\n")
    site = site_copy(built_basic, repo / "site")
    other = tmp_path / "deploy-clone"
    (other / ".git").mkdir(parents=True)
    (other / ".git" / "HEAD").write_text("ref: refs/heads/main\n")

    for out in (repo, other):
        before = snapshot(out)
        run = digest("build", "--site", site, "--out", out)
        assert run.code == 2, run.err
        assert "Traceback" not in run.err
        assert snapshot(out) == before


def test_25_only_manifest_files_are_ever_removed(built_basic: Path, tmp_path: Path) -> None:
    site = site_copy(built_basic, tmp_path / "site")
    (site / "public" / "CNAME").write_text("digest.example.org\n")
    (site / "public" / ".git").mkdir()
    (site / "public" / ".git" / "HEAD").write_text("ref\n")
    for path in (site / "content").rglob("*.md"):
        path.unlink()
    (site / "content" / "only.md").write_text(front(title="Only"))

    run = digest("build", "--site", site)

    check(run, 0, None)
    assert (site / "public" / "CNAME").read_text() == "digest.example.org\n"
    assert (site / "public" / ".git" / "HEAD").read_text() == "ref\n"
    assert not any(
        p.name == "index.html" and "naive" in str(p) for p in (site / "public").rglob("*")
    )
    assert os.path.isfile(site / "public" / "2024/03/05/only/index.html")
