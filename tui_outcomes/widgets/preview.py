"""Read-only text to look through: an export's preview, a list of changes.

A Line API widget (Textual's ScrollView with ``render_line``): it keeps the text once, with where
each screen row starts and ends, and draws only the rows in view, so a 16 MB export scrolls as
fast as a short one. Where the rows fall (folding long lines at the edge) is worked out in a
thread, so showing a long text never holds up the keys. The text is made terminal-safe first,
so it is shown, never obeyed; tabs are shown as four spaces.
"""

from __future__ import annotations

import threading
from array import array

from rich.cells import cell_len, get_character_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import work
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..core.textsafe import terminal_safe

TAB = "    "
WAITING = "Preparing the preview…"


def fold(line: str, width: int) -> list[tuple[int, int]]:
    """Where ``line`` is cut into rows of at most ``width`` cells: (start, end) offsets, each row ending
    after its last space where it has one (as the text will fold when pasted), else at the edge."""
    width = max(width, 1)
    rows = []
    start = 0
    ascii_only = line.isascii()
    while (len(line) - start if ascii_only else cell_len(line[start:])) > width:
        if ascii_only:
            end = start + width
        else:
            end, cells = start, 0
            while cells + get_character_cell_size(line[end]) <= width:
                cells += get_character_cell_size(line[end])
                end += 1
            end = max(end, start + 1)  # a character wider than the pane still gets a row
        space = line.rfind(" ", start, end)
        if space > start:
            end = space + 1
        rows.append((start, end))
        start = end
    rows.append((start, len(line)))
    return rows


def lay_out(text: str, width: int, wrap: bool) -> tuple[array, array, int]:
    """Row starts and ends (offsets into ``text``) and the widest row in cells."""
    starts, ends = array("q"), array("q")
    widest = 0
    position = 0
    for line in text.split("\n"):
        cells = len(line) if line.isascii() else cell_len(line)
        if wrap and cells > width:
            for start, end in fold(line, width):
                starts.append(position + start)
                ends.append(position + end)
            widest = max(widest, width)
        else:
            starts.append(position)
            ends.append(position + len(line))
            widest = max(widest, cells)
        position += len(line) + 1
    return starts, ends, widest


class Preview(ScrollView):
    DEFAULT_CSS = """
    Preview, Preview:focus {
        height: 1fr;
        border: none;
        padding: 0;
        scrollbar-size-vertical: 1;
    }
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.text = ""  # what is shown, terminal-safe (empty until it has been laid out)
        self.soft_wrap = False  # long lines folded at the edge
        self.shown = ""  # ``text`` with tabs as spaces (the same string when it has none)
        self.starts, self.ends = array("q"), array("q")
        self.laid_out_for = 0  # the width the rows were worked out for (when folding)
        self.generation = 0  # the text last asked for: an older layout arriving late is dropped
        self.laying_out = threading.Lock()  # held by the thread working out rows

    def show(self, text: str, wrap: bool = False) -> None:
        """Show ``text`` (CSV's CRLF line ends as plain line ends; other controls made visible).
        ``wrap`` folds long lines at the edge, as they will be when pasted into a document.
        The rows are worked out in a thread; meanwhile the preview says it is being prepared."""
        self.preparing()
        self.soft_wrap = wrap
        self.lay_out_rows(text, self.generation, self.fold_width(), wrap, safe=False)

    def preparing(self) -> None:
        """Say a text is on its way (until :meth:`show` has laid it out)."""
        self.generation += 1
        self.text = self.shown = ""
        self.starts, self.ends = array("q"), array("q")
        self.virtual_size = Size(self.size.width, 1)
        self.scroll_to(0, 0, animate=False)
        self.refresh()

    @work(thread=True, group="render")
    def lay_out_rows(self, text: str, generation: int, width: int, wrap: bool, safe: bool) -> None:
        """Work out the rows, one text at a time; one overtaken by another (a new text, a new width) while
        it waited is skipped."""
        with self.laying_out:
            if generation != self.generation or not self.is_mounted:
                return
            if not safe:
                text = terminal_safe(text.replace("\r\n", "\n"))
            shown = text.replace("\t", TAB) if "\t" in text else text
            starts, ends, widest = lay_out(shown, width, wrap)
        try:
            self.app.call_from_thread(self.laid_out, generation, text, shown, starts, ends, widest, width)
        except RuntimeError:  # the app has gone
            pass

    def laid_out(self, generation: int, text: str, shown: str, starts: array, ends: array, widest: int,
                 width: int) -> None:
        if generation != self.generation:
            return
        first = self.starts[int(self.scroll_offset.y)] if self.starts and self.scroll_offset.y < len(self.starts) else 0
        self.text, self.shown, self.starts, self.ends, self.laid_out_for = text, shown, starts, ends, width
        self.virtual_size = Size(0 if self.soft_wrap else widest, len(starts))
        if first:  # folded again for a new width: the same text stays at the top
            from bisect import bisect_right

            self.scroll_to(y=max(bisect_right(starts, first) - 1, 0), animate=False)
        self.refresh()
        self.on_resize()  # the pane changed width while the rows were worked out

    def fold_width(self) -> int:
        """Rows are folded to leave room for the scrollbar (a long text has one; a short one, a spare cell)."""
        return max(self.size.width - self.styles.scrollbar_size_vertical, 1)

    def on_resize(self) -> None:
        width = self.fold_width()
        if self.soft_wrap and self.text and width != self.laid_out_for:
            self.generation += 1
            self.lay_out_rows(self.text, self.generation, width, True, safe=True)

    def render_line(self, y: int) -> Strip:
        style = self.rich_style
        width = self.scrollable_content_region.width
        row = int(self.scroll_offset.y) + y
        if not self.starts:
            if y == 0 and self.generation:
                return Strip([Segment(WAITING, style + Style(dim=True))]).crop_extend(0, width, style)
            return Strip.blank(width, style)
        if row >= len(self.starts):
            return Strip.blank(width, style)
        x = int(self.scroll_offset.x)
        line = self.shown[self.starts[row]:self.ends[row]]
        return Strip([Segment(line, style)]).crop_extend(x, x + width, style)
