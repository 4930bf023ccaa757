"""A selected sample: the program with its masked tail highlighted, and the model's prompt.

Tabs are expanded as in every other code view (`cdpo_tui.code_text`), and the preview is made
as wide as its widest line so that long lines scroll sideways instead of being cut.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Group
from rich.text import Text
from textual.containers import ScrollableContainer
from textual.widgets import Static

from cdpo_core.store import Sample
from cdpo_tui.code_text import TAB_SIZE


def masked_program(sample: Sample) -> Text:
    """Visible code as is; the tail the model must write highlighted, with line numbers."""
    text = Text(no_wrap=True)
    text.append(sample.prefix)
    text.append(sample.target, style="bold black on magenta")
    text.append(sample.suffix)
    # Expanded as a whole, so a tab after the mask's start still stops where the line puts it.
    text.expand_tabs(TAB_SIZE)
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
            body.styles.width = "auto"
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
        shown_prompt = Text(prompt, no_wrap=True, style="on grey11")
        shown_prompt.expand_tabs(TAB_SIZE)
        parts = [header, masked_program(sample), prompt_title, shown_prompt]
        # A Group is measured no wider than its container, which would cut long lines.
        body.styles.width = max(
            max((cell_len(line) for line in part.plain.split("\n")), default=0) for part in parts
        )
        body.update(Group(*parts))
