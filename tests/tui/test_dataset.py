"""Dataset screen: settings with help, prep counts with skip reasons, the sample preview."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList, Static

from cdpo_tui.app import make_app
from cdpo_tui.widgets.sample_preview import SamplePreview
from cdpo_tui.widgets.settings_view import SettingsView

from .conftest import text_of


async def test_counts_settings_and_preview(sessions_dir: Path) -> None:
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await app.workers.wait_for_complete()
        await pilot.pause()
        counts = " ".join(text_of(app.screen.query_one("#counts", Static).content).split())
        assert "problems 3 train 6 test 3" in counts
        assert "does not compile under the session policy 2" in counts
        settings = text_of(app.screen.query_one(SettingsView).content)
        assert "train_per_problem" in settings and "k: training programs" in settings
        samples = app.screen.query_one(OptionList)
        assert samples.option_count == 9
        await pilot.press("down")  # second sample: a different program
        await pilot.pause()
        preview = text_of(app.screen.query_one(SamplePreview).query_one("#preview").content)
        assert "p00001 / s110000 (train)" in preview
        # The raw prompt is exactly the visible prefix: the masked tail is not in it.
        prompt = preview.split("prompt as the model sees it (raw format)")[1]
        assert "scanf" in prompt and "printf" not in prompt
