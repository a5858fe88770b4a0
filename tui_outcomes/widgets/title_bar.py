"""One line at the top: which project, whether it has unsaved changes, which screen and file."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from ..document import Document
from ..textsafe import one_line


class TitleBar(Horizontal):
    def compose(self) -> ComposeResult:
        yield Static(id="title-text")
        yield Static(id="title-where")

    def show(self, document: Document, where: str) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        if document.dirty:
            text.append("● unsaved", "bold reverse")
            text.append(" ")
        text.append(one_line(document.project.details.title or "Untitled project"), "bold")
        self.query_one("#title-text", Static).update(text)
        self.query_one("#title-where", Static).update(Text(f" {where} · {one_line(document.path.name)}",
                                                          style="dim", no_wrap=True))
