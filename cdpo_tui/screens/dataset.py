"""Dataset: the data source and selection settings, running selection (prep) with live
progress, the counts it produced (skips by reason), and a preview of each sample: the program
with its masked tail highlighted and the prompt exactly as the model will see it.
"""

from __future__ import annotations

import asyncio
from typing import Any

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from cdpo_core.events import StageFailed, StageFinished
from cdpo_core.masking import MaskedProgram
from cdpo_core.models.builtin import is_builtin
from cdpo_core.models.loading import detect_family
from cdpo_core.prompts import PromptError, format_from_settings
from cdpo_core.session import Session
from cdpo_core.store import Sample
from cdpo_tui.messages import StageEvent, StageExited
from cdpo_tui.queries import SessionQueries
from cdpo_tui.screens.base import SessionScreen
from cdpo_tui.stage_runner import prep_command
from cdpo_tui.widgets.sample_preview import SamplePreview
from cdpo_tui.widgets.settings_view import SettingsView
from cdpo_tui.widgets.stage_monitor import StageMonitor


def prompt_preview(session: Session, sample: Sample) -> tuple[str, str]:
    """The prompt text for `sample` and a note on how it was built.

    Chat prompts are shown as their messages: the chat template that joins them belongs to the
    tokenizer, which the console does not load (it would pull in transformers).
    """
    cfg = session.config
    name = cfg.model.name_or_path
    # A built-in model's family is known by its name; its path would convert it first.
    family = detect_family(name if is_builtin(name) else session.model_path())
    try:
        fmt = format_from_settings(cfg.prompt, auto=family, mask_settings=cfg.mask)
        prompt = fmt.prompt(
            MaskedProgram.from_span(sample.code, sample.mask_start, sample.mask_end)
        )
    except (PromptError, ValueError) as exc:
        return f"cannot build the prompt: {exc}", "error"
    if isinstance(prompt, str):
        return prompt, f"{getattr(fmt, 'name', cfg.prompt.format)} format"
    shown = "\n\n".join(f"<{m['role']}>\n{m['content']}" for m in prompt)
    return shown, "chat messages; the model's chat template wraps them"


PROBLEM_REASON = "problem "
"""Skip reasons that count problems, not programs (see `cdpo_core.selection`)."""


def counts_view(summary: dict[str, Any], counts: dict[str, int]) -> RenderableType:
    """Every program read, accounted for: kept (train, test), skipped by reason, or not used.

    Reasons about a problem count problems, so the programs of a skipped problem, and those a
    problem never needed once it had enough that compile, appear in no reason: they are shown
    as one "not used" row, and the program rows add up to the number read.
    """
    if not summary and not counts:
        return Text("not prepared yet: run selection (p)", style="dim")
    train = int(summary.get("train", counts.get("train", 0)))
    test = int(summary.get("test", counts.get("test", 0)))
    skipped: dict[str, int] = summary.get("skipped", {})
    program_skips = {r: n for r, n in skipped.items() if not r.startswith(PROBLEM_REASON)}
    problem_skips = {r: n for r, n in skipped.items() if r.startswith(PROBLEM_REASON)}
    table = Table(box=None, show_header=False, padding=(0, 1), expand=True)
    table.add_column(ratio=1, overflow="fold")  # a long reason wraps; its count stays in view
    table.add_column(justify="right", no_wrap=True, min_width=6)
    read = summary.get("read")
    if read is not None:
        table.add_row(Text("programs read", style="bold"), f"{read:,}")
    table.add_row(Text("kept for training", style="bold"), f"{train:,}")
    table.add_row(Text("kept for testing", style="bold"), f"{test:,}")
    for reason, n in sorted(program_skips.items(), key=lambda kv: -kv[1]):
        table.add_row(f"skipped: {reason}", f"{n:,}")
    if read is not None:
        unused = read - train - test - sum(program_skips.values())
        if unused:
            table.add_row("not used: problem skipped, or had enough already", f"{unused:,}")
    if "problems" in summary:
        table.add_row(Text("problems kept", style="bold"), f"{summary['problems']:,}")
    for reason, n in sorted(problem_skips.items(), key=lambda kv: -kv[1]):
        table.add_row(f"problems skipped: {reason.removeprefix(PROBLEM_REASON)}", f"{n:,}")
    return table


class DatasetScreen(SessionScreen):
    """Selection settings, the prep stage and its samples."""

    AUTO_FOCUS = "#sample-list"

    BINDINGS = [
        Binding("p", "prep", "Run selection", id="dataset.prep"),
        Binding("x", "cancel", "Cancel stage", id="stage.cancel"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.samples: dict[int, Sample] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="dataset-body"):
            with VerticalScroll(id="dataset-left"):
                yield Static("", id="counts")
                yield Button("Run selection (prep)", id="run-prep", variant="primary")
                yield StageMonitor(id="prep-monitor")
                yield SettingsView(id="settings")
            with Vertical(id="dataset-right"):
                yield OptionList(id="sample-list")
                yield SamplePreview(id="preview")
        yield Footer()

    async def reload(self) -> None:
        session = self.cdpo.session
        settings = self.query_one(SettingsView)
        if session is None:
            settings.update("no session open: choose one on the Sessions screen (1)")
            return
        self.sub_title = session.name
        cfg = session.config
        source = cfg.data.source or "(the shipped demo corpus)"
        settings.border_title = f"data: {source}"
        settings.show([("data", cfg.data), ("selection", cfg.selection), ("mask", cfg.mask)])
        queries = SessionQueries(session.db_path)
        # Each split read on its own: one list ordered by split would show no test sample
        # once the training samples fill the page.
        train = await asyncio.to_thread(queries.samples, "train")
        test = await asyncio.to_thread(queries.samples, "test")
        samples = train + test

        def read_summary() -> tuple[dict[str, Any], dict[str, int]]:
            with session.store(readonly=True) as store:
                prep = store.latest_run("prep")
                return (prep.summary if prep else {}), store.sample_counts()

        summary, counts = await asyncio.to_thread(read_summary)
        self.query_one("#counts", Static).update(counts_view(summary, counts))
        self.samples = {s.id: s for s in samples}
        options = self.query_one("#sample-list", OptionList)
        options.clear_options()
        for split, shown in (("train", train), ("test", test)):
            total = counts.get(split, len(shown))
            more = f", first {len(shown):,}" if total > len(shown) else ""
            options.add_option(
                Option(Text(f"{split}: {total:,} samples{more}", style="bold"), disabled=True)
            )
            options.add_options(
                [Option(f"  {s.problem_id} {s.submission_id}", id=str(s.id)) for s in shown]
            )
        if samples:
            options.highlighted = 1  # the first sample, under its heading
        self.show_sample(samples[0] if samples else None)

    def show_sample(self, sample: Sample | None) -> None:
        session = self.cdpo.session
        if sample is None or session is None:
            self.query_one(SamplePreview).show(None, "")
            return
        prompt, note = prompt_preview(session, sample)
        self.query_one(SamplePreview).show(sample, prompt, note)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            self.show_sample(self.samples.get(int(event.option.id)))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "run-prep":
            self.action_prep()

    def action_prep(self) -> None:
        session = self.cdpo.session
        if session is None:
            self.notify("open a session first (1)", severity="warning")
            return
        self.cdpo.launch(prep_command(self.cdpo.root, session.name))

    def action_cancel(self) -> None:
        self.cdpo.action_cancel_stage()

    def stage_event(self, message: StageEvent) -> None:
        """Follow the open session's prep only: another session's prep is not this one's."""
        session = self.cdpo.session
        if session is None or message.session != session.name:
            return
        if message.event.stage == "prep":
            self.query_one(StageMonitor).apply(message.event, message.session)
            if isinstance(message.event, StageFinished | StageFailed):
                self.query_one(Button).disabled = False

    def stage_exited(self, message: StageExited) -> None:
        self._version = self.cdpo.data_version
        self.run_worker(self.reload(), group="dataset-refresh")
