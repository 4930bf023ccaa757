"""Dataset screen: counts with skip reasons first, settings with help, the sample preview."""

from __future__ import annotations

from pathlib import Path

from textual.geometry import Region
from textual.widgets import OptionList, Static

from cdpo_core.events import StageStarted
from cdpo_core.store import Store
from cdpo_tui.app import make_app
from cdpo_tui.messages import StageEvent
from cdpo_tui.queries import PAGE_SIZE
from cdpo_tui.screens.dataset import counts_view
from cdpo_tui.widgets.sample_preview import SamplePreview
from cdpo_tui.widgets.settings_view import SettingsView
from cdpo_tui.widgets.stage_monitor import StageMonitor

from .conftest import text_of


async def open_dataset(app, pilot) -> None:  # noqa: ANN001
    await pilot.pause()
    await pilot.press("2")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_counts_settings_and_preview(sessions_dir: Path) -> None:
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dataset(app, pilot)
        counts = " ".join(text_of(app.screen.query_one("#counts", Static).content).split())
        assert "programs read 12 kept for training 6 kept for testing 3" in counts
        assert "skipped: does not compile under the session policy 2" in counts
        settings = text_of(app.screen.query_one(SettingsView).content)
        assert "train_per_problem" in settings and "k: training programs" in settings
        # Counts come first, the settings after them.
        counts_y = app.screen.query_one("#counts").region.y
        assert counts_y < app.screen.query_one(SettingsView).region.y
        samples = app.screen.query_one(OptionList)
        prompts = [str(samples.get_option_at_index(i).prompt) for i in range(samples.option_count)]
        # Both splits are listed, each under a heading that says how many it holds.
        assert prompts[0] == "train: 6 samples" and prompts[7] == "test: 3 samples"
        assert samples.option_count == 11 and samples.highlighted == 1
        await pilot.press("down")  # second sample: a different program
        await pilot.pause()
        preview = text_of(app.screen.query_one(SamplePreview).query_one("#preview").content)
        assert "p00001 / s110000 (train)" in preview
        # The raw prompt is exactly the visible prefix: the masked tail is not in it.
        prompt = preview.split("prompt as the model sees it (raw format)")[1]
        assert "scanf" in prompt and "printf" not in prompt


def test_every_program_read_is_accounted_for() -> None:
    summary = {
        "read": 361,
        "problems": 40,
        "train": 160,
        "test": 40,
        "skipped": {
            "does not compile under the session policy": 60,
            "duplicate code": 20,
            "problem with fewer than 5 distinct programs that compile": 6,
        },
    }
    rows = text_of(counts_view(summary, {})).splitlines()
    numbers = {
        line.rstrip().rsplit(" ", 1)[0].strip(): int(
            line.rstrip().rsplit(" ", 1)[1].replace(",", "")
        )
        for line in rows
        if line.strip()
    }
    # 361 read = 160 + 40 kept + 80 skipped by a reason + 81 not used by a problem.
    assert numbers["not used: problem skipped, or had enough already"] == 81
    programs = [v for k, v in numbers.items() if not k.startswith(("programs read", "problems"))]
    assert sum(programs) == 361
    assert numbers["problems skipped: with fewer than 5 distinct programs that compile"] == 6


def add_samples(db: Path, split: str, n: int) -> None:
    with Store(db) as store, store.transaction() as tx:
        tx.executemany(
            "INSERT INTO samples (problem_id, submission_id, split, code, prefix, target, suffix,"
            " mask_start, mask_end) VALUES (?,?,?,?,?,?,?,?,?)",
            [(f"q{i:05d}", f"x{i}", split, "int x;\n", "int ", "x;\n", "", 4, 7) for i in range(n)],
        )


async def test_test_samples_are_listed_when_train_fills_a_page(sessions_dir: Path) -> None:
    add_samples(sessions_dir / "fixture" / "session.db", "train", PAGE_SIZE)
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dataset(app, pilot)
        samples = app.screen.query_one(OptionList)
        prompts = [str(samples.get_option_at_index(i).prompt) for i in range(samples.option_count)]
        assert f"train: {PAGE_SIZE + 6} samples, first {PAGE_SIZE}" in prompts
        heading = prompts.index("test: 3 samples")
        assert len(prompts) == heading + 4


async def test_a_tab_indented_long_line_is_shown_whole_in_the_preview(sessions_dir: Path) -> None:
    code = "int main() {\n\tint first = 1; int second = 2; int third = 3; int fourth = 4;"
    code += " int fifth = 5; // END-OF-LINE\n}\n"
    with Store(sessions_dir / "fixture" / "session.db") as store, store.transaction() as tx:
        tx.execute(
            "UPDATE samples SET code = ?, prefix = ?, target = ?, suffix = '', mask_start = ?,"
            " mask_end = ? WHERE id = (SELECT MIN(id) FROM samples WHERE split = 'train')",
            (code, code[:13], code[13:], 13, len(code)),
        )
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dataset(app, pilot)
        body = app.screen.query_one(SamplePreview).query_one("#preview", Static)
        strips = body.render_lines(Region(0, 0, body.size.width, body.size.height))
        drawn = "\n".join(s.text for s in strips)
        assert "   2     int first = 1;" in drawn and "int fifth = 5; // END-OF-LINE" in drawn


async def test_another_sessions_prep_is_not_shown_as_this_sessions(sessions_dir: Path) -> None:
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dataset(app, pilot)
        monitor = app.screen.query_one(StageMonitor)
        app.post_message(StageEvent("other", StageStarted(stage="prep", detail="")))
        await pilot.pause()
        assert "prep" not in monitor.title
        app.post_message(StageEvent("fixture", StageStarted(stage="prep", detail="")))
        await pilot.pause()
        assert monitor.title == "fixture · prep: started"
