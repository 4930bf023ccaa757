"""Play a recorded event stream as if a stage were running (toad's `toad replay`).

Screens are developed and tested without a GPU this way: the console cannot tell a replay from
a live stage.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from cdpo_core.errors import CdpoError
from cdpo_core.events import Emit, Event


class ReplayError(CdpoError, ValueError):
    """The file is not a recorded event stream."""


def load_events(path: Path) -> list[tuple[float | None, Event]]:
    """Events with their recorded time when the file has one (`{"ts": ..., "event": {...}}`)."""
    out: list[tuple[float | None, Event]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ReplayError(f"cannot read {path}: {exc}") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            if isinstance(data, dict) and "event" in data:
                out.append((float(data["ts"]), Event.from_json(json.dumps(data["event"]))))
            else:
                out.append((None, Event.from_json(line)))
        except (ValueError, KeyError, TypeError) as exc:
            raise ReplayError(f"{path}:{number}: not a cdpo event ({exc})") from exc
    return out


def replay(path: Path, *, emit: Emit, speed: float = 1.0) -> int:
    """Emit every event of `path`, keeping the recorded pacing scaled by `speed` (0 = none)."""
    events = load_events(path)
    previous: float | None = None
    for ts, event in events:
        if speed > 0 and ts is not None and previous is not None:
            time.sleep(max(0.0, (ts - previous) / speed))
        previous = ts if ts is not None else previous
        emit(event)
    return len(events)
