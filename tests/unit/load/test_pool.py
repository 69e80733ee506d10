"""load/pool: many files loaded at once, in parallel when it pays, always in their order."""

from __future__ import annotations

from helpers.articles import front_matter, site_config

from builder.load.pool import PARALLEL_THRESHOLD, available_cores, load_many
from builder.model import SourceFile


def sources(count: int) -> list[SourceFile]:
    return [
        SourceFile(
            f"content/s{i:04d}.md",
            (front_matter({"title": f"Story {i}", "date": "2024-05-01"}) + f"Body {i}.\n").encode(),
        )
        for i in range(count)
    ]


def test_parallel_loading_gives_the_same_results_in_the_same_order_as_one_process() -> None:
    config = site_config()
    batch = sources(PARALLEL_THRESHOLD + 10)
    serial = load_many(batch, config, workers=1)
    parallel = load_many(batch, config, workers=2)
    assert [loaded.article.title for loaded in parallel] == [f"Story {i}" for i in range(210)]
    assert parallel == serial


def test_progress_is_told_of_every_file_either_way() -> None:
    config = site_config()
    for workers, count in ((1, 3), (2, PARALLEL_THRESHOLD)):
        told: list[int] = []
        load_many(sources(count), config, workers=workers, advance=told.append)
        assert sum(told) == count


def test_a_bad_file_is_its_own_problem_and_does_not_stop_the_others() -> None:
    batch = [*sources(2), SourceFile("content/bad.md", b"---\ntitle: [\n---\n")]
    results = load_many(batch, site_config(), workers=1)
    assert [r.article is not None for r in results] == [True, True, False]
    assert results[2].problems[0].path == "content/bad.md"


def test_at_least_one_core() -> None:
    assert available_cores() >= 1
