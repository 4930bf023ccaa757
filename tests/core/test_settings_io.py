from __future__ import annotations

import tomllib
from dataclasses import dataclass, field

import pytest
import tomli_w

from cdpo_core.settings_io import SettingsError, from_dict, replace_path, to_dict


@dataclass(frozen=True)
class Inner:
    beta: float = field(default=0.1, metadata={"help": "strength"})
    flags: tuple[str, ...] = ("-std=c++17", "-Wall")
    cap: int | None = None


@dataclass(frozen=True)
class Outer:
    name: str = "x"
    strict: bool = True
    inner: Inner = Inner()


def test_toml_round_trip_keeps_every_value() -> None:
    value = Outer(name="demo", strict=False, inner=Inner(beta=0.5, flags=("-O2",), cap=7))
    text = tomli_w.dumps(to_dict(value))
    assert from_dict(Outer, tomllib.loads(text)) == value


def test_none_is_left_out_of_toml_and_comes_back_as_the_default() -> None:
    text = tomli_w.dumps(to_dict(Outer()))
    assert "cap" not in text
    assert from_dict(Outer, tomllib.loads(text)).inner.cap is None


def test_unknown_keys_are_named_with_the_known_ones() -> None:
    with pytest.raises(SettingsError, match=r"unknown setting inner\.betta.*beta, cap, flags"):
        from_dict(Outer, {"inner": {"betta": 1}})


def test_wrong_types_name_the_setting() -> None:
    with pytest.raises(SettingsError, match=r"inner\.beta must be a number"):
        from_dict(Outer, {"inner": {"beta": "high"}})
    with pytest.raises(SettingsError, match="strict must be true or false"):
        from_dict(Outer, {"strict": "maybe"})


def test_dotted_assignment_from_text() -> None:
    value = replace_path(Outer(), "inner.beta", "0.25")
    value = replace_path(value, "inner.flags", "-std=c++20,-Wextra")
    value = replace_path(value, "strict", "false")
    value = replace_path(value, "inner.cap", "12")
    assert value == Outer(
        strict=False, inner=Inner(beta=0.25, flags=("-std=c++20", "-Wextra"), cap=12)
    )
    assert replace_path(value, "inner.cap", "none").inner.cap is None
    with pytest.raises(SettingsError, match="unknown setting 'inner.gamma'"):
        replace_path(value, "inner.gamma", "1")
