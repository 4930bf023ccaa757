"""A SelectionList whose boxes say their state by shape: `✓` chosen, blank not chosen.

Textual's SelectionList draws the same `X` in both states and tells them apart by colour
only, which a monochrome terminal or a colour-blind reader cannot see.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import SelectionList
from textual.widgets.option_list import OptionDoesNotExist

CHECKED = "✓"
UNCHECKED = " "


class CheckList(SelectionList[str]):
    """Each row starts with a box holding `✓` when the row is selected."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        segments = list(strip)
        if len(segments) < 2:
            return strip
        inner = segments[1]
        mark = CHECKED if selection.value in self.selected else UNCHECKED
        segments[1] = Segment(mark, inner.style, inner.control)
        return Strip(segments, strip.cell_length)
