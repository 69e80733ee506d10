"""index/editions: daily and weekly editions, grouped by topic, linked to their neighbours."""

from __future__ import annotations

from helpers.articles import article, index, site_config

from builder.index.editions import daily_editions, group_by_topic, weekly_editions


def newest_first(config, *stories):
    return index(stories, config)[0].articles


def test_one_edition_per_local_day_newest_first_with_prev_and_next() -> None:
    config = site_config("timezone: Asia/Shanghai\n")
    stories = newest_first(
        config,
        article("Late", "2024-05-01T20:00:00+00:00", config=config),  # 2 May in Shanghai
        article("Early", "2024-05-02 09:00", config=config),
        article("Before", "2024-04-30 09:00", config=config),
    )
    editions = daily_editions(stories, config)
    assert [(e.key, e.url, e.kind) for e in editions] == [
        ("2024-05-02", "/editions/2024-05-02/", "daily"),
        ("2024-04-30", "/editions/2024-04-30/", "daily"),
    ]
    assert [a.title for a in editions[0].articles] == ["Early", "Late"]
    assert editions[0].title == "Thursday 2 May 2024"
    assert (editions[0].prev_url, editions[0].next_url) == ("/editions/2024-04-30/", None)
    assert (editions[1].prev_url, editions[1].next_url) == (None, "/editions/2024-05-02/")
    assert editions[0].start == editions[0].end


def test_weekly_editions_run_monday_to_sunday_keyed_by_iso_week() -> None:
    config = site_config("editions:\n  weekly: true\n")
    stories = newest_first(
        config,
        article("Sunday", "2024-01-07 12:00"),
        article("Monday", "2024-01-01 12:00"),
        article("Next Monday", "2024-01-08 12:00"),
    )
    weekly = weekly_editions(stories, config)
    assert [(e.key, e.title, e.url) for e in weekly] == [
        ("2024-W02", "Week 2, 2024", "/editions/2024-W02/"),
        ("2024-W01", "Week 1, 2024", "/editions/2024-W01/"),
    ]
    assert [a.title for a in weekly[1].articles] == ["Sunday", "Monday"]
    assert (weekly[1].start.isoformat(), weekly[1].end.isoformat()) == ("2024-01-01", "2024-01-07")


def test_editions_can_be_switched_off() -> None:
    config = site_config("editions:\n  daily: false\n")
    stories = newest_first(config, article("A"))
    assert daily_editions(stories, config) == ()
    assert weekly_editions(stories, config) == ()  # weekly is off by default


def test_groups_follow_topic_counts_each_story_once_under_its_first_topic() -> None:
    config = site_config()
    stories = newest_first(
        config,
        article("Trade and China", "2024-05-01 10:00", topics=["Trade", "China"]),
        article("China one", "2024-05-01 11:00", topics=["China"]),
        article("China two", "2024-05-01 12:00", topics=["China", "Trade"]),
        article("No topic", "2024-05-01 13:00"),
    )
    groups = group_by_topic(stories)
    shown = [(g.topic.name if g.topic else None, [a.title for a in g.articles]) for g in groups]
    assert shown == [
        ("China", ["China two", "China one"]),  # 3 stories carry China, 2 Trade
        ("Trade", ["Trade and China"]),
        (None, ["No topic"]),  # stories without a topic come last
    ]


def test_a_topic_whose_stories_all_sit_under_another_gets_no_empty_group() -> None:
    config = site_config()
    stories = newest_first(config, article("Both", topics=["A", "B"]))
    assert [g.topic.name for g in group_by_topic(stories)] == ["A"]
