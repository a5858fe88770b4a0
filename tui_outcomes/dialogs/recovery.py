"""Offer a recovery copy of unsaved edits: what it holds, in the words of ``tui-outcomes diff``."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from ..core.textsafe import terminal_safe
from .choice import ChoiceDialog

CHOICES = [("restore", "Restore"), ("discard", "Discard the copy"), ("later", "Later")]


class RecoveryDialog(ChoiceDialog):
    """Dismisses with ``restore``, ``discard`` or ``later`` (escape: later, so nothing is lost)."""

    BINDINGS = [
        Binding("escape", "choose('later')", "Later", id="recovery.later"),
        Binding("j", "scroll('down')", "Scroll down", show=False, id="recovery.down"),
        Binding("k", "scroll('up')", "Scroll up", show=False, id="recovery.up"),
    ]

    def __init__(self, title: str, message: str, changes: str, advice: str):
        super().__init__(title, message, CHOICES)
        self.changes = changes
        self.advice = advice

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Static(Text(terminal_safe(self.title_text), style="bold"), classes="dialog-title")
            yield Static(Text(terminal_safe(self.message)), classes="dialog-message")
            with VerticalScroll(id="recovery-changes", classes="dialog-scroll"):
                yield Static(Text(terminal_safe(self.changes)))
            yield Static(Text(self.advice), classes="dialog-hint")
            with Horizontal(classes="dialog-buttons"):
                for i, (key, label) in enumerate(self.choices):
                    yield Button(Text.assemble((label[0], "underline"), label[1:]), id=f"choice-{key}",
                                 variant="primary" if i == 0 else "default")

    def on_mount(self) -> None:
        self.query_one("#choice-restore", Button).focus()

    def action_scroll(self, direction: str) -> None:
        scroll = self.query_one("#recovery-changes", VerticalScroll)
        scroll.scroll_down() if direction == "down" else scroll.scroll_up()
