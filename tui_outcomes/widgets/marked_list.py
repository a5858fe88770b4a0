"""An OptionList with a two-column gutter for marks that do not rely on colour.

The cursor's option gets "▶" (so it shows with NO_COLOR and on monochrome
terminals), and subclasses may mark others (the logic model marks linked
elements with "»").  Marks are drawn at render time: changing them never
re-measures the list, which keeps keys fast in long lists.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.strip import Strip
from textual.widgets import OptionList
from textual.widgets.option_list import Option

GUTTER = 2


class MarkedList(OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._marks_style = Style()

    def mark(self, index: int, option: Option) -> str:
        """The mark for an option's first line (two cells); "▶ " for the cursor."""
        return "▶ " if self.is_cursor(index) else "  "

    def is_cursor(self, index: int) -> bool:
        return index == self.highlighted and self.has_focus

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def _get_left_gutter_width(self) -> int:
        return GUTTER

    def render_lines(self, crop) -> list[Strip]:
        self._marks_style = self.get_visual_style("option-list--option").rich_style + Style(bold=True)
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        mark = "  "
        lines = self._line_cache.lines  # brought up to date by render_lines
        n = self.scroll_offset.y + y
        if n < len(lines) and lines[n][1] == 0:
            index = lines[n][0]
            mark = self.mark(index, self.options[index])
        return Strip([Segment(mark, self._marks_style), *strip], strip.cell_length + GUTTER)
