"""The theme's strings (issue 26): Hugo's i18n format, plural forms by CLDR category,
the lookup order, and a bad file named at its line."""

from __future__ import annotations

from pathlib import Path

from helpers.articles import site_config

from builder.config.languages import for_language
from builder.render.environment import default_theme_dir
from builder.render.i18n import Strings, i18n_problems, strings_for

LANGUAGES = "language: en\nlanguages:\n  en: {}\n  ja: {}\n  ar: {}\n  fr: {}\n"


def test_plural_forms_follow_the_languages_cldr_rules() -> None:
    categories = ("zero", "one", "two", "few", "many", "other")
    forms = {"stories": dict(zip(categories, "zotfmx", strict=True))}
    arabic = Strings((forms,), "ar")
    assert [arabic("stories", n) for n in (0, 1, 2, 3, 11, 100)] == list("zotfmx")
    english = Strings((forms,), None)
    assert [english("stories", n) for n in (0, 1, 2)] == ["x", "o", "x"]


def test_count_and_named_values_fill_the_text() -> None:
    strings = Strings(({"n": "{{ .Count }} x", "p": "Page {{ .Number }} of {{ .Total }}"},), "de")
    assert strings("n", 1234) == "1.234 x"  # written as German writes numbers
    assert strings("p", number=2, total=5) == "Page 2 of 5"
    assert strings("missing") == "missing"


def test_the_site_wins_then_the_theme_then_the_default_language_then_english(
    tmp_path: Path,
) -> None:
    config = site_config(LANGUAGES, tmp_path)
    (tmp_path / "i18n").mkdir()
    (tmp_path / "i18n" / "ja.yaml").write_text("home: トップ\n", encoding="utf-8")
    (tmp_path / "i18n" / "en.yaml").write_text("only_en: From the site\n", encoding="utf-8")
    ja = strings_for(for_language(config, "ja"), [default_theme_dir()])
    assert ja("home") == "トップ" and ja("topics") == "トピック"
    assert ja("only_en") == "From the site"  # the default language's, before English
    fr = strings_for(for_language(config, "fr"), [default_theme_dir()])
    assert fr("home") == "Accueil" and fr("stories", 1) == "1 article"


def test_a_site_of_one_language_speaks_the_themes_english(tmp_path: Path) -> None:
    config = site_config("language: fr\n", tmp_path)
    assert strings_for(config, [default_theme_dir()])("home") == "Home"


def test_hugos_legacy_list_form_is_read(tmp_path: Path) -> None:
    config = site_config(LANGUAGES, tmp_path)
    (tmp_path / "i18n").mkdir()
    (tmp_path / "i18n" / "ja.yaml").write_text(
        "- id: home\n  translation: ホーム画面\n", encoding="utf-8"
    )
    assert strings_for(for_language(config, "ja"), [])("home") == "ホーム画面"


def test_a_strings_file_outside_the_site_is_not_read(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    config = site_config(LANGUAGES, site)
    (tmp_path / "secret.yaml").write_text("home: SECRET\n", encoding="utf-8")
    (site / "i18n").mkdir()
    (site / "i18n" / "ja.yaml").symlink_to(tmp_path / "secret.yaml")
    assert strings_for(for_language(config, "ja"), [default_theme_dir()])("home") == "ホーム"
    (warning,) = i18n_problems(config)
    assert warning.severity == "warning" and warning.message.startswith("symlink ignored")


def test_a_bad_strings_file_is_a_problem_at_its_line(tmp_path: Path) -> None:
    config = site_config(LANGUAGES, tmp_path)
    (tmp_path / "i18n").mkdir()
    (tmp_path / "i18n" / "ja.yaml").write_text("home: ok\nstories: [1, 2]\n", encoding="utf-8")
    (tmp_path / "i18n" / "ar.yaml").write_text("home: 'open\n", encoding="utf-8")
    found = {(p.path, p.line) for p in i18n_problems(config)}
    assert found == {("i18n/ja.yaml", 2), ("i18n/ar.yaml", 1)}
