"""Two sources for one output file: one problem naming both, nothing written."""

from __future__ import annotations

from pathlib import Path

from helpers import digest, snapshot


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_two_articles_with_one_url_name_both_files(make_site) -> None:
    site = make_site("basic")
    write(site / "content" / "a.md", "---\ntitle: A\ndate: 2024-03-01\nslug: same\n---\nA\n")
    write(site / "content" / "b.md", "---\ntitle: B\ndate: 2024-03-01\n\nslug: same\n---\nB\n")

    run = digest("build", "--site", site)

    assert run.code == 1
    problems = [line for line in run.err.splitlines() if not line.startswith("build failed")]
    assert problems == [
        "content/a.md:4: /2024/03/01/same/index.html is also the output of content/b.md;"
        " its slug comes from 'slug: same' (line 4), there from 'slug: same' (line 5):"
        " set a different 'slug:'"
    ]
    assert not (site / "public").exists()


def test_a_slug_from_the_file_name_is_named_as_such(make_site) -> None:
    site = make_site("basic")
    write(site / "content" / "a" / "same.md", "---\ntitle: A\ndate: 2024-03-01\n---\nA\n")
    write(site / "content" / "b.md", "---\ntitle: B\ndate: 2024-03-01\nslug: same\n---\nB\n")

    run = digest("build", "--site", site)

    assert run.code == 1
    assert (
        "content/a/same.md:1: /2024/03/01/same/index.html is also the output of content/b.md;"
        " its slug comes from the file name 'same.md', there from 'slug: same' (line 4):"
        " set a different 'slug:'"
    ) in run.err


def test_file_names_in_two_unicode_forms_collide(make_site) -> None:
    site = make_site("basic")
    nfc, nfd = "Caf\u00e9.md", "Cafe\u0301.md"
    write(site / "content" / nfc, "---\ntitle: A\ndate: 2024-03-01\n---\nA\n")
    write(site / "content" / nfd, "---\ntitle: B\ndate: 2024-03-01\n---\nB\n")

    run = digest("build", "--site", site)

    assert run.code == 1
    assert (
        f"content/{nfd}:1: /2024/03/01/caf\u00e9/index.html is also the output of content/{nfc}"
        in run.err
    )


def test_names_differing_only_in_case_collide(make_site) -> None:
    site = make_site("basic")
    write(site / "static" / "Robots.txt", "User-agent: *\n")

    run = digest("build", "--site", site)

    assert run.code == 1
    assert (
        "static/Robots.txt:1: /Robots.txt is also the output of the generated page /robots.txt"
        " (the names differ only in case)"
    ) in run.err


def test_a_static_file_cannot_replace_a_page(make_site) -> None:
    site = make_site("basic")
    write(site / "static" / "404.html", "<p>mine</p>")

    run = digest("build", "--site", site)

    assert run.code == 1
    assert (
        "static/404.html:1: /404.html is also the output of the generated page /404.html" in run.err
    )


def test_an_article_cannot_take_a_generated_page_url(make_site) -> None:
    site = make_site("basic")
    (site / "site.yaml").write_text("permalinks:\n  article: /{slug}/\n")
    write(site / "content" / "topics.md", "---\ntitle: Topics\ndate: 2024-03-01\n---\nx\n")
    built = snapshot(site / "public")

    run = digest("build", "--site", site)

    assert run.code == 1
    assert (
        "content/topics.md:1: /topics/index.html is also the output of the generated page"
        in run.err
    )
    assert snapshot(site / "public") == built
