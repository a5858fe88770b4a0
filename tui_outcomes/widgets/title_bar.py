"""One line at the top: which project, whether it has unsaved changes, which screen and file.

The title gets the room: the screen's name and the file name give way first (the file
name is dropped, then the screen's name is shortened), so that at 60-80 columns the
project's title is not cut to a few letters.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from ..core.document import Document
from ..core.textsafe import one_line
from ..core.wording import count

TITLE_SHARE = 0.6  # the title keeps at least this share of the line


class TitleBar(Static):
    shown: tuple[Document, str] | None = None

    def show(self, document: Document, where: str) -> None:
        self.shown = (document, where)
        title = Text(no_wrap=True, overflow="ellipsis")
        if document.dirty:
            title.append("● unsaved", "bold reverse")
            title.append(" ")
        if document.project.conflicts:
            title.append(f"✗ {count(len(document.project.conflicts), 'conflict')}", "bold reverse")
            title.append(" ")
        if document.changed_outside:
            title.append("⚠ changed on disk", "bold reverse")
            title.append(" ")
        title.append(one_line(document.project.details.title or "Untitled project"), "bold")
        width = self.content_region.width or max(self.app.size.width - 2, 1)
        right = f" {where} · {one_line(document.path.name)}"
        if title.cell_len + len(right) > width:
            right = f" {where}"
        room = max(width - title.cell_len, int(width * (1 - TITLE_SHARE)))
        if len(right) > room:
            right = right[: max(room - 1, 0)] + "…"
        grid = Table.grid(expand=True)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(no_wrap=True, justify="right")
        grid.add_row(title, Text(right, style="dim"))
        self.update(grid)

    def redraw(self) -> None:
        """Show the same again, with the document's unsaved mark and title as they are now."""
        if self.shown is not None:
            self.show(*self.shown)

    def on_resize(self) -> None:
        self.redraw()
