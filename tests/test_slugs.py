from __future__ import annotations

import pytest

from builder.text.slugs import MAX_SLUG_BYTES, check_explicit_slug, slugify


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Export controls", "export-controls"),
        ("AI/ML", "ai-ml"),
        ("Ukraine war", "ukraine-war"),
        ("  China  ", "china"),
        ("秦刚", "秦刚"),
        ("Café", "café"),
        ("Cafe\u0301", "café"),  # NFD folds to the same slug as NFC
        ("!!!", ""),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_long_slugs_are_cut_to_whole_characters() -> None:
    slug = slugify("ü" * 500)
    assert len(slug.encode()) <= MAX_SLUG_BYTES
    assert slug == "ü" * (MAX_SLUG_BYTES // 2)


@pytest.mark.parametrize(
    "bad",
    ["../../escaped", "/etc/cron.d/x", "a/../../b", "..\\x", "a\x00b", "x\u202eexe", "..", "!!!"],
)
def test_explicit_slugs_that_look_like_paths_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        check_explicit_slug(bad)


def test_explicit_slug_is_normalised() -> None:
    assert check_explicit_slug("Infrastructure as a (public) service") == (
        "infrastructure-as-a-public-service"
    )
