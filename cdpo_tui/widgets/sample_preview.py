"""A selected sample: the program with its masked tail highlighted, and the model's prompt."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.containers import ScrollableContainer
from textual.widgets import Static

from cdpo_core.store import Sample


def masked_program(sample: Sample) -> Text:
    """Visible code as is; the tail the model must write highlighted, with line numbers."""
    text = Text(no_wrap=True)
    text.append(sample.prefix)
    text.append(sample.target, style="bold black on magenta")
    text.append(sample.suffix)
    numbered = Text(no_wrap=True)
    for i, line in enumerate(text.split("\n", allow_blank=True), 1):
        numbered.append(f"{i:>4} ", style="dim")
        numbered.append_text(line)
        numbered.append("\n")
    return numbered


class SamplePreview(ScrollableContainer, can_focus=True):
    """Program with mask, then the prompt exactly as the model will see it."""

    DEFAULT_CSS = """
    SamplePreview { height: 1fr; }
    SamplePreview > Static { width: auto; }
    """

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static("", id="preview")

    def show(self, sample: Sample | None, prompt: str, note: str = "") -> None:
        body = self.query_one("#preview", Static)
        if sample is None:
            body.update(Text("no samples yet: run selection (prep)", style="dim"))
            return
        header = Text(
            f"{sample.problem_id} / {sample.submission_id} ({sample.split}); masked "
            f"{sample.mask_end - sample.mask_start} of {len(sample.code)} characters",
            style="bold",
        )
        prompt_title = Text(
            "prompt as the model sees it" + (f" ({note})" if note else ""), style="bold"
        )
        body.update(
            Group(
                header,
                masked_program(sample),
                prompt_title,
                Text(prompt, no_wrap=True, style="on grey11"),
            )
        )
