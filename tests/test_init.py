"""``digest init``: a new site folder that builds at once, with no warnings (issue 13,
acceptance 2), a draft welcome story, and a ``--force`` that never overwrites."""

from __future__ import annotations

from pathlib import Path

import yaml
from helpers import digest, snapshot

from builder.config import load_config
from builder.config import read as config
from builder.config.sections import pagefind_available


def test_init_then_build_gives_a_site_and_no_warnings(tmp_path: Path) -> None:
    site = tmp_path / "mysite"
    made = digest("init", site)
    assert made.code == 0, made.err
    assert made.err == ""
    assert sorted(snapshot(site)) == [".gitignore", "content/welcome.md", "site.yaml"]
    built = digest("build", "--site", site, "--strict")
    assert built.code == 0, built.err
    assert built.err == ""  # not one warning
    assert "built 0 articles (1 draft skipped)" in built.out
    assert (site / "public" / "index.html").is_file()
    checked = digest("check", "--site", site, "--strict")
    assert checked.code == 0, checked.out + checked.err
    assert "0 errors, 0 warnings" in checked.out


def test_the_welcome_story_is_a_draft_that_builds_with_drafts(tmp_path: Path) -> None:
    site = tmp_path / "mysite"
    assert digest("init", site).code == 0
    text = (site / "content" / "welcome.md").read_text()
    meta = yaml.safe_load(text.split("---")[1])
    assert meta["draft"] is True
    assert meta["topics"] == ["Site news"]
    assert "digest init" in text and "content/" in text and "site.yaml" in text
    built = digest("build", "--site", site, "--drafts", "--strict")
    assert built.code == 0, built.err
    assert built.err == ""
    assert "built 1 article" in built.out
    (page,) = (site / "public").glob("*/*/*/welcome*/index.html")
    assert "Welcome to News Digest" in page.read_text()
    assert (site / "public" / "topics" / "site-news" / "index.html").is_file()


def test_site_yaml_has_every_key_with_its_default(tmp_path: Path) -> None:
    assert digest("init", tmp_path / "s").code == 0
    text = (tmp_path / "s" / "site.yaml").read_text()
    written = yaml.safe_load(text)
    assert set(written) == set(config._READERS)  # every key of site.yaml, none made up
    loaded = load_config(tmp_path / "s")
    default = config.SiteConfig(site_dir=loaded.site_dir, output_dir=loaded.output_dir)
    differs = {
        name
        for name in config.SiteConfig.__dataclass_fields__
        if getattr(loaded, name) != getattr(default, name)
    }
    # the example address and vocabulary, and search on where Pagefind is installed
    search = {"search"} if pagefind_available() else set()
    assert differs == {"base_url", "topics", *search}
    assert loaded.base_url == "https://example.org/"
    comments = [line for line in text.splitlines() if line.lstrip().startswith("#")]
    keys = [line for line in text.splitlines() if line and not line.lstrip().startswith("#")]
    assert len(comments) >= len(keys) - 4  # a line of explanation per key (lists aside)


def test_title_and_base_url_options(tmp_path: Path) -> None:
    run = digest("init", tmp_path / "s", "--title", "De Krant: NO", "--base-url", "https://x.nl/k")
    assert run.code == 0, run.err
    loaded = load_config(tmp_path / "s")
    assert (loaded.title, loaded.base_url) == ("De Krant: NO", "https://x.nl/k/")


def test_a_bad_base_url_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    run = digest("init", tmp_path / "s", "--base-url", "example.org")
    assert run.code == 2
    assert run.err.startswith("digest init: base_url must be an absolute http(s) URL")
    assert not (tmp_path / "s").exists()


def test_init_prints_the_next_three_commands(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    run = digest("init", "news")
    steps = run.out.split("next:\n", 1)[1].splitlines()
    assert steps[0] == "  cd news"
    assert [s.split("#")[0].strip() for s in steps[1:4]] == [
        "digest serve --drafts",
        'digest new "Your first headline"',
        "digest build",
    ]
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    assert "  cd " not in digest("init").out  # the current folder: no cd


def test_a_folder_with_files_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    run = digest("init", tmp_path)
    assert run.code == 2
    assert run.err == f"{tmp_path}: folder is not empty (notes.txt); nothing written " + (
        "(use --force to add only the missing files, or name a new folder)\n"
    )
    assert snapshot(tmp_path) == {"notes.txt": b"mine"}


def test_a_git_repository_alone_is_an_empty_folder(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    assert digest("init", tmp_path).code == 0
    assert (tmp_path / "site.yaml").is_file()


def test_a_file_in_the_way_is_refused(tmp_path: Path) -> None:
    (tmp_path / "s").write_text("x")
    run = digest("init", tmp_path / "s", "--force")
    assert (run.code, run.err) == (2, f"{tmp_path / 's'}: exists and is not a folder\n")


def test_force_writes_only_missing_files_and_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_text("title: Mine\n")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "welcome.md").write_text("my own welcome")
    before = snapshot(tmp_path)
    run = digest("init", tmp_path, "--force")
    assert run.code == 0, run.err
    after = snapshot(tmp_path)
    assert {k: after[k] for k in before} == before  # not one byte of an existing file changed
    assert sorted(set(after) - set(before)) == [".gitignore"]
    assert f"kept {tmp_path / 'site.yaml'} (it exists; not overwritten)" in run.out
    assert f"created {tmp_path / '.gitignore'}" in run.out
    again = digest("init", tmp_path, "--force")
    assert again.code == 0 and snapshot(tmp_path) == after
    assert "created" not in again.out


def test_gitignore_leaves_out_the_output_and_the_cache(tmp_path: Path) -> None:
    assert digest("init", tmp_path / "s").code == 0
    lines = (tmp_path / "s" / ".gitignore").read_text().splitlines()
    assert "/public/" in lines and ".digest-cache/" in lines
    assert "/.public.previous/" in lines  # the previous generation digest build keeps


def test_a_folder_without_content_names_digest_init(tmp_path: Path) -> None:
    run = digest("build", "--site", tmp_path)
    assert run.code == 2
    assert run.err.splitlines() == [
        f"content/: folder not found in {tmp_path.resolve()}: a site keeps its stories there "
        "(to start a new site, run 'digest init')"
    ]
