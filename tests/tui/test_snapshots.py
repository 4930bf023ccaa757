"""One snapshot per screen on the fixed fixture session (120x40).

Update only after looking at the report: `pytest tests/tui/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from cdpo_tui.app import make_app

SIZE = (120, 40)


async def settle(pilot: Pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_sessions_screen(snap_compare, sessions_dir: Path) -> None:  # noqa: ANN001
    assert snap_compare(make_app(sessions_dir), terminal_size=SIZE, run_before=settle)


def test_new_session_form(snap_compare, sessions_dir: Path) -> None:  # noqa: ANN001
    async def run_before(pilot: Pilot) -> None:
        await pilot.press("n")
        await pilot.press(*"bad name")
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(make_app(sessions_dir), terminal_size=SIZE, run_before=run_before)


def test_pipeline_screen(snap_compare, sessions_dir: Path) -> None:  # noqa: ANN001
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("down", "down", "p")  # the sft row, its plots
        await settle(pilot)

    app = make_app(sessions_dir, "fixture")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_dataset_screen(snap_compare, sessions_dir: Path) -> None:  # noqa: ANN001
    async def run_before(pilot: Pilot) -> None:
        await pilot.press("2")
        await settle(pilot)

    app = make_app(sessions_dir, "fixture")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_failures_screen(snap_compare, sessions_dir: Path) -> None:  # noqa: ANN001
    async def run_before(pilot: Pilot) -> None:
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("down", "d")  # completion 2, its diff side by side
        await settle(pilot)

    app = make_app(sessions_dir, "fixture")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_results_screen(snap_compare, sessions_dir: Path) -> None:  # noqa: ANN001
    async def run_before(pilot: Pilot) -> None:
        await pilot.press("5")
        await settle(pilot)

    app = make_app(sessions_dir, "fixture")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
