"""What decides a run's output, reduced to short hashes, so a resume never mixes two configurations.

A run stores the fingerprint of its inputs when it starts: every settings section the stage reads,
the model and adapter it loads, the samples it works on and the compiler that judges. An
interrupted run is resumed only when the fingerprint taken now is the same; otherwise the runner
refuses with the parts that changed and offers `--restart`. Values are hashed (not stored whole)
because a model folder or the sample set is large; the run's `settings` column keeps the
readable settings, which is what the refusal message quotes.
"""

from __future__ import annotations

import functools
import hashlib
import json
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any


def digest(value: Any) -> str:
    """A short stable hash of any JSON-able value (dict keys sorted)."""
    text = json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def path_fingerprint(path: str | Path | None) -> str:
    """A local model or adapter folder by its files' names, sizes and mtimes; else the name.

    Content hashes of multi-GB weights would cost a minute per resume; a rebuilt or retrained
    folder changes its mtimes, which is what we need to notice.
    """
    if not path:
        return "none"
    p = Path(path)
    if not p.exists():
        return f"name:{path}"
    files = [p] if p.is_file() else sorted(f for f in p.rglob("*") if f.is_file())
    return digest(
        [
            (str(f.relative_to(p)) if f != p else f.name, f.stat().st_size, f.stat().st_mtime_ns)
            for f in files
        ]
    )


def dataset_fingerprint(path: str | Path) -> str:
    """A folder saved by `datasets` (`save_to_disk`), by the files it was saved as.

    Not `path_fingerprint`: a trainer that maps a loaded data set (TRL tokenises its pairs)
    writes `cache-<hash>.arrow` files beside the saved ones, and a map cut short leaves a
    `tmp...` file, so the folder changes under a run that only reads it, and the run would
    never resume. The saved data set is the files its `state.json` names; a folder saved again
    rewrites them. A `DatasetDict` is its splits' folders, each taken the same way.
    """
    p = Path(path)
    splits = p / "dataset_dict.json"
    if splits.is_file():
        names = json.loads(splits.read_text())["splits"]
        return digest([(name, dataset_fingerprint(p / name)) for name in names])
    state = p / "state.json"
    if not state.is_file():
        return path_fingerprint(path)
    saved = [entry["filename"] for entry in json.loads(state.read_text()).get("_data_files", [])]
    files = [p / name for name in ("state.json", "dataset_info.json", *saved)]
    return digest([(f.name, f.stat().st_size, f.stat().st_mtime_ns) for f in files if f.is_file()])


def source_fingerprint(path: Path) -> str:
    """A data source by its own size and mtime, not its contents: the full CodeNet is 14 million
    files, and a changed archive or a folder with files added or removed shows in its stat."""
    try:
        st = path.stat()
    except OSError:
        return f"missing:{path}"
    return digest([str(path), st.st_size, st.st_mtime_ns])


@functools.cache
def compiler_version(compiler: str) -> str:
    """The first line of `compiler --version`; an unusable compiler reads as unknown here and
    is reported by the oracle itself."""
    try:
        out = subprocess.run([compiler, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return out.stdout.splitlines()[0] if out.stdout else "unknown"


def fingerprint(settings: Mapping[str, Any], inputs: Mapping[str, str]) -> dict[str, str]:
    """One hash per settings section and per input, keyed by name (`generation`, `model:path`)."""
    out = {f"settings:{name}": digest(value) for name, value in settings.items()}
    out.update({f"input:{name}": value for name, value in inputs.items()})
    return out


def changes(
    old: Mapping[str, str],
    new: Mapping[str, str],
    old_settings: Mapping[str, Any],
    new_settings: Mapping[str, Any],
) -> list[str]:
    """What differs between two fingerprints, readably: `generation.max_new_tokens 64 -> 8`."""
    out: list[str] = []
    for key in sorted(set(old) | set(new)):
        if old.get(key) == new.get(key):
            continue
        kind, _, name = key.partition(":")
        if kind == "settings":
            out.extend(_setting_changes(name, old_settings.get(name), new_settings.get(name)))
        else:
            out.append(f"{name} changed")
    return out or ["the recorded inputs differ"]


def _setting_changes(where: str, old: Any, new: Any) -> list[str]:
    if isinstance(old, dict) and isinstance(new, dict):
        out = []
        for key in sorted(set(old) | set(new)):
            out.extend(_setting_changes(f"{where}.{key}", old.get(key), new.get(key)))
        return out
    return [] if old == new else [f"{where} {_show(old)} -> {_show(new)}"]


def _show(value: Any) -> str:
    return "unset" if value is None else json.dumps(value, ensure_ascii=False)
