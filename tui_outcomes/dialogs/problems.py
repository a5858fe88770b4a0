"""Show why a file could not be read: every problem, with file:line and field path."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from ..core.textsafe import terminal_safe
from .base import Dialog, DialogKeys


class ProblemsDialog(Dialog[None]):
    BINDINGS = [
        Binding("escape,enter,q", "close", "Close", id="problems.close"),
        Binding("j", "scroll('down')", "Scroll down", show=False, id="problems.down"),
        Binding("k", "scroll('up')", "Scroll up", show=False, id="problems.up"),
    ]

    def __init__(self, title: str, lines: list[str], advice: str = ""):
        super().__init__()
        self.title_text = title
        self.lines = lines
        self.advice = advice

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Static(Text(terminal_safe(self.title_text), style="bold"), classes="dialog-title")
            with VerticalScroll(id="problem-list", classes="dialog-scroll"):
                yield Static(Text(terminal_safe("\n".join(self.lines))))
            if self.advice:
                yield Static(Text(self.advice), classes="dialog-hint")
            yield DialogKeys(("problems.close", "close"), ("problems.down", "scroll"))

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, direction: str) -> None:
        scroll = self.query_one("#problem-list", VerticalScroll)
        scroll.scroll_down() if direction == "down" else scroll.scroll_up()
