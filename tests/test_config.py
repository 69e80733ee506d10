"""site.yaml: defaults, validation with ``site.yaml:line``, exit 2, and the output folder guard."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import digest, snapshot

from builder.config import load_config


def test_empty_site_yaml_builds_with_defaults(make_site) -> None:
    site = make_site("basic")
    (site / "site.yaml").write_text("")

    run = digest("build", "--site", site)

    assert run.code == 0, run.err
    config = load_config(site)
    assert (config.title, config.timezone, config.per_page) == ("News Digest", "UTC", 10)
    assert (site / "public" / "index.html").is_file()


def test_the_configuration_is_nested_as_site_yaml_is(tmp_path: Path) -> None:
    """``feeds.entries`` in site.yaml is ``config.feeds.entries``, as ``markdown.*`` always was."""
    (tmp_path / "site.yaml").write_text(
        "feeds:\n  entries: 7\n  json: true\n"
        "editions:\n  weekly: true\n"
        'permalinks:\n  article: "/news/{slug}/"\n'
        "markdown:\n  raw_html: escape\n"
    )
    config = load_config(tmp_path)
    default = load_config(tmp_path / "nowhere")

    assert (config.feeds.entries, config.feeds.json) == (7, True)
    assert (config.editions.daily, config.editions.weekly) == (True, True)
    assert config.permalinks.article == "/news/{slug}/"
    assert config.markdown.raw_html == "escape"
    assert (default.feeds.entries, default.feeds.json) == (20, False)
    assert (default.editions.daily, default.editions.weekly) == (True, False)
    assert default.permalinks.article == "/{year}/{month}/{day}/{slug}/"


def test_missing_site_yaml_builds_too(make_site) -> None:
    site = make_site("basic")
    (site / "site.yaml").unlink()
    assert digest("build", "--site", site, "-q").code == 0


@pytest.mark.parametrize(
    ("yaml_text", "line", "words"),
    [
        ("title: x\ntimezon: UTC\n", 2, "unknown key 'timezon' (did you mean 'timezone'?)"),
        ("timezone: Europe/Berln\n", 1, "unknown timezone 'Europe/Berln'"),
        ("title: x\n\nper_page: many\n", 3, "per_page must be a whole number"),
        ("title: [unclosed\n", 2, "invalid YAML"),
        ("markdown:\n  raw_html: maybe\n", 2, "raw_html must be one of sanitize, keep, escape"),
        (
            "markdown:\n  extensions: [tables, nosuchext]\n",
            2,
            "unknown Markdown extension 'nosuchext'",
        ),
        ("base_url: example.org\n", 1, "base_url must be an absolute http(s) URL"),
        ("permalinks:\n  article: /{year}/{title}/\n", 2, "permalinks.article must use {slug}"),
        (
            "topics:\n  China:\n    alias: [PRC]\n",
            3,
            "unknown key 'topics.China.alias' (did you mean 'topics.China.aliases'?)",
        ),
        ("title: a\ntitle: b\n", 2, "duplicate key 'title' (first at line 1)"),
        ("feeds:\n  entries: 0\n", 2, "feeds.entries must be a whole number of at least 1"),
    ],
)
def test_bad_site_yaml_exits_2_naming_the_line(make_site, yaml_text, line, words) -> None:
    site = make_site("basic")
    assert digest("build", "--site", site, "-q").code == 0
    before = snapshot(site / "public")
    (site / "site.yaml").write_text(yaml_text)

    run = digest("build", "--site", site)

    assert run.code == 2
    first = run.err.splitlines()[0]
    assert first.startswith(f"site.yaml:{line}: "), first
    assert words in first
    assert "Traceback" not in run.err
    assert snapshot(site / "public") == before


@pytest.mark.parametrize("output_dir", [".", "..", "content", "content/public", "templates", "/"])
def test_dangerous_output_folders_are_refused(make_site, output_dir: str) -> None:
    site = make_site("basic")
    (site / "templates").mkdir(exist_ok=True)
    before = snapshot(site)
    (site / "site.yaml").write_text(f"output_dir: '{output_dir}'\n")

    run = digest("build", "--site", site)

    assert run.code == 2
    assert "choose another output_dir" in run.err
    assert snapshot(site) == {**before, "site.yaml": f"output_dir: '{output_dir}'\n".encode()}


def test_a_folder_not_written_by_newsdigest_is_not_replaced(make_site, tmp_path: Path) -> None:
    site = make_site("basic")
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "thesis.txt").write_text("years of work")

    run = digest("build", "--site", site, "--out", theirs)

    assert run.code == 2
    assert "did not write" in run.err
    assert snapshot(theirs) == {"thesis.txt": b"years of work"}


def test_missing_content_folder_is_a_configuration_error(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_text("title: x\n")
    run = digest("build", "--site", tmp_path)
    assert run.code == 2
    assert run.err.startswith(f"content/: folder not found in {tmp_path.resolve()}")
    assert "run 'digest init'" in run.err
    assert run.err.count("\n") == 1  # one clear message


def test_usage_errors_exit_2() -> None:
    with pytest.raises(SystemExit) as exc:
        digest("build", "--no-such-flag")
    assert exc.value.code == 2


def test_params_keep_the_sites_own_values_for_templates(tmp_path: Path) -> None:
    """Hugo's ``params:`` (and Jekyll's own keys): any values, read safely, none unknown."""
    (tmp_path / "site.yaml").write_text(
        "title: T\nparams:\n  twitter: '@desk'\n  sections: [world, city]\n  nested: {a: 1}\n"
    )
    config = load_config(tmp_path)
    assert config.params == {"twitter": "@desk", "sections": ["world", "city"], "nested": {"a": 1}}
    assert load_config(tmp_path / "nowhere").params == {}


def test_params_that_are_not_a_mapping_name_their_line(make_site) -> None:
    site = make_site("basic")
    (site / "site.yaml").write_text("title: T\nparams: [a, b]\n")
    run = digest("build", "--site", site)
    assert run.code == 2
    assert run.err.startswith("site.yaml:2: params must be a mapping"), run.err
