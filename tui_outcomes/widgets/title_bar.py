"""One line at the top: which project, whether it has unsaved changes, which screen and file."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from ..core.document import Document
from ..core.textsafe import one_line


class TitleBar(Static):
    def show(self, document: Document, where: str) -> None:
        title = Text(no_wrap=True, overflow="ellipsis")
        if document.dirty:
            title.append("● unsaved", "bold reverse")
            title.append(" ")
        title.append(one_line(document.project.details.title or "Untitled project"), "bold")
        grid = Table.grid(expand=True)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(no_wrap=True, justify="right")
        grid.add_row(title, Text(f" {where} · {one_line(document.path.name)}", style="dim"))
        self.update(grid)
