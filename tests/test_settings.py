"""Settings: defaults, environment variables, overrides; every setting documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from khabar.settings import SETTINGS, load_settings

DOC = (Path(__file__).resolve().parent.parent / "docs" / "settings.md").read_text(encoding="utf-8")


def test_every_setting_is_documented_with_its_variable():
    for setting in SETTINGS:
        assert f"`KHABAR_{setting.name.upper()}`" in DOC, setting.name
        assert setting.help


def test_environment_then_overrides():
    settings = load_settings({"KHABAR_ALLOW_PRIVATE_NETWORKS": "1",
                              "KHABAR_MAX_BODY_BYTES": "1000"}, connect_timeout=0.5)
    assert settings.allow_private_networks is True and settings.max_body_bytes == 1000
    assert settings.connect_timeout == 0.5 and settings.read_timeout == 20.0
    assert load_settings({}).allow_private_networks is False
    assert settings.replace(retries=0).retries == 0 and settings.retries == 2


@pytest.mark.parametrize("env", [{"KHABAR_RETRIES": "many"}, {"KHABAR_FETCH_PAGES": "maybe"},
                                 {"KHABAR_MIN_INTERVAL": "-5"}])
def test_bad_values_are_refused_by_name(env):
    with pytest.raises(ValueError, match=next(iter(env))):
        load_settings(env)


def test_unknown_overrides_are_refused():
    with pytest.raises(ValueError, match="unknown settings"):
        load_settings({}, no_such_thing=1)


def test_the_settings_table_and_the_typed_settings_agree():
    import dataclasses

    from khabar.settings import Settings

    fields = {f.name: f.type for f in dataclasses.fields(Settings)}
    assert list(fields) == [s.name for s in SETTINGS]
    for setting in SETTINGS:
        assert fields[setting.name] == type(setting.default).__name__, setting.name


def test_a_misspelt_setting_is_an_error():
    settings = load_settings({})
    with pytest.raises(AttributeError):
        settings.conect_timeout  # noqa: B018
    with pytest.raises(ValueError, match="unknown settings"):
        settings.replace(conect_timeout=1)
