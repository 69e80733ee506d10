"""index/archive: years and months, newest first, in the site's time zone."""

from __future__ import annotations

from helpers.articles import article, index, site_config

from builder.index.archive import build_archive


def test_years_and_months_newest_first_with_their_stories() -> None:
    config = site_config()
    site, _ = index(
        [
            article("March", "2023-03-10"),
            article("May one", "2024-05-01"),
            article("May two", "2024-05-20"),
            article("January", "2024-01-15"),
        ],
        config,
    )
    years = build_archive(site.articles, config)
    assert [(y.year, y.count) for y in years] == [(2024, 3), (2023, 1)]
    months = [(m.name, m.url, m.count) for m in years[0].months]
    assert months == [
        ("May 2024", "/archive/2024/05/", 2),
        ("January 2024", "/archive/2024/01/", 1),
    ]
    assert [a.title for a in years[0].months[0].articles] == ["May two", "May one"]


def test_the_month_is_the_local_one() -> None:
    config = site_config("timezone: Pacific/Auckland\n")
    story = article("New year", "2023-12-31T12:00:00+00:00", config=config)  # 1 January there
    (year,) = build_archive([story], config)
    assert (year.year, year.months[0].month, year.months[0].url) == (2024, 1, "/archive/2024/01/")


def test_no_articles_no_years() -> None:
    assert build_archive([], site_config()) == ()
