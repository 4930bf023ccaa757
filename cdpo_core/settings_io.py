"""Turning settings dataclasses into TOML tables, CLI flags and form fields, and back.

Every stage has one frozen dataclass of settings whose fields carry `metadata={"help": ...}`
(TRL's `DPOConfig` + `TrlParser` pattern). This module is the one place that knows how to move
those values across text boundaries, so the CLI, `session.toml` and the console's forms agree.
"""

from __future__ import annotations

import dataclasses
import math
import types
import typing
from typing import Any, TypeVar, get_args, get_origin

from cdpo_core.errors import CdpoError

T = TypeVar("T")


class SettingsError(CdpoError, ValueError):
    """A setting has an unknown name, a value of the wrong type, or one out of its range."""


def check_field(f: dataclasses.Field[Any], value: Any, where: str) -> None:
    """Refuse a value outside the limits its field declares in `metadata`.

    The limits are data beside the help text, so the TOML loader, `cdpo set` and the console's
    forms check the same thing: `min`/`max` (inclusive), `above` (exclusive lower bound) and
    `choices`. A float must be finite whatever its field says: `nan` passes every comparison.
    """
    meta = f.metadata
    if isinstance(value, float) and not math.isfinite(value):
        raise SettingsError(f"{where} = {value!r}: must be a finite number")
    if "choices" in meta and value not in meta["choices"]:
        raise SettingsError(
            f"{where} = {value!r}: choose one of {', '.join(map(str, meta['choices']))}"
        )
    if not isinstance(value, int | float) or isinstance(value, bool):
        return
    low, high, above = meta.get("min"), meta.get("max"), meta.get("above")
    if (
        (low is not None and value < low)
        or (high is not None and value > high)
        or (above is not None and value <= above)
    ):
        parts = [
            f"> {above}" if above is not None else "",
            f">= {low}" if low is not None else "",
            f"<= {high}" if high is not None else "",
        ]
        raise SettingsError(f"{where} = {value!r}: must be {' and '.join(p for p in parts if p)}")


def _build(cls: type[T], kwargs: dict[str, Any], where: str) -> T:
    """`cls(**kwargs)`, with a rule broken in its `__post_init__` named by its dotted key.

    When the whole table is refused, each value is tried alone against the defaults to find
    the key at fault; a rule across several keys is named by its table.
    """
    try:
        return cls(**kwargs)
    except CdpoError as exc:
        for key, value in kwargs.items():
            try:
                cls(**{key: value})
            except CdpoError:
                name = f"{where}.{key}" if where else key
                raise SettingsError(f"{name} = {value!r}: {exc.message}", exc.hint) from None
        table = f"[{where}] " if where else ""
        raise SettingsError(table + exc.message, exc.hint) from None


def to_dict(obj: Any) -> dict[str, Any]:
    """A TOML-ready dict: tuples become lists and None values are left out (TOML has no null)."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if value is None:
            continue
        if dataclasses.is_dataclass(value):
            value = to_dict(value)
        elif isinstance(value, tuple):
            value = list(value)
        out[f.name] = value
    return out


def _resolved_types(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _coerce(value: Any, hint: Any, where: str) -> Any:
    origin = get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in get_args(hint) if a is not type(None)]
        if value is None:
            return None
        errors = []
        for option in options:
            try:
                return _coerce(value, option, where)
            except SettingsError as exc:
                errors.append(str(exc))
        raise SettingsError(errors[0])
    if origin is tuple:
        if not isinstance(value, list | tuple):
            raise SettingsError(f"{where} must be a list, got {value!r}")
        item = get_args(hint)[0] if get_args(hint) else Any
        return tuple(_coerce(v, item, where) for v in value)
    if hint is Any:
        return value
    if dataclasses.is_dataclass(hint):
        if not isinstance(value, dict):
            raise SettingsError(f"{where} must be a table, got {value!r}")
        return from_dict(typing.cast(type, hint), value, where=where)
    if hint is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in {"true", "false", "yes", "no", "1", "0"}:
            return value.lower() in {"true", "yes", "1"}
        raise SettingsError(f"{where} must be true or false, got {value!r}")
    if hint is int:
        # int(2.7) would truncate a hand-edited 2.7 to 2 without a word.
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str):
            try:
                return int(value.strip())
            except ValueError:
                pass
        raise SettingsError(f"{where} must be a whole number, got {value!r}")
    if hint is float:
        try:
            return float(value)
        except (TypeError, ValueError):
            raise SettingsError(f"{where} must be a number, got {value!r}") from None
    if hint is str:
        if not isinstance(value, str | int | float):
            raise SettingsError(f"{where} must be text, got {value!r}")
        return str(value)
    return value


def from_dict(cls: type[T], data: dict[str, Any], *, where: str = "") -> T:
    """Build `cls` from a (TOML) dict, naming the offending key on any mistake."""
    hints = _resolved_types(cls)
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(data) - names)
    if unknown:
        raise SettingsError(
            f"unknown setting {where + '.' if where else ''}{unknown[0]}; "
            f"known settings{' in [' + where + ']' if where else ''}: {', '.join(sorted(names))}"
        )
    by_name = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    kwargs = {}
    for key, raw in data.items():
        name = f"{where}.{key}" if where else key
        kwargs[key] = value = _coerce(raw, hints[key], name)
        check_field(by_name[key], value, name)
    return _build(cls, kwargs, where)


def replace_path(obj: T, dotted: str, raw: str, *, _done: str = "") -> T:
    """Return a copy of `obj` with the setting at `dotted` (e.g. `dpo.beta`) set from text."""
    head, _, rest = dotted.partition(".")
    where = f"{_done}.{head}" if _done else head
    names = {f.name for f in dataclasses.fields(obj)}  # type: ignore[arg-type]
    if head not in names:
        full = f"{_done}.{dotted}" if _done else dotted
        raise SettingsError(f"unknown setting {full!r}; known here: {', '.join(sorted(names))}")
    current = getattr(obj, head)
    if rest:
        if not dataclasses.is_dataclass(current):
            raise SettingsError(f"{where} is a single setting, not a table")
        changed = replace_path(current, rest, raw, _done=where)
        return dataclasses.replace(obj, **{head: changed})  # type: ignore[type-var]
    hint = _resolved_types(type(obj))[head]
    options = get_args(hint) if get_origin(hint) in (typing.Union, types.UnionType) else (hint,)
    value: Any = raw
    if any(get_origin(a) is tuple for a in options):
        value = [v for v in raw.split(",") if v]
    elif raw.lower() in {"none", "null", ""} and type(None) in options:
        value = None
    value = _coerce(value, hint, where)
    check_field(next(f for f in dataclasses.fields(obj) if f.name == head), value, where)  # type: ignore[arg-type]
    kwargs = {**{f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}, head: value}  # type: ignore[arg-type]
    try:
        return type(obj)(**kwargs)
    except CdpoError as exc:
        raise SettingsError(f"{where} = {value!r}: {exc.message}", exc.hint) from None
