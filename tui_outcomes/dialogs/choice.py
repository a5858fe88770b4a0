"""Ask a question with a few answers, each with its own key."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from .base import Dialog


class ChoiceDialog(Dialog[str]):
    """Dismisses with the key of the chosen answer (``cancel`` on escape)."""

    BINDINGS = [
        Binding("escape", "choose('cancel')", "Cancel", id="choice.cancel"),
        Binding("left", "app.focus_previous", "Previous", show=False, id="choice.previous"),
        Binding("right", "app.focus_next", "Next", show=False, id="choice.next"),
    ]

    def __init__(self, title: str, message: str, choices: list[tuple[str, str]]):
        """``choices``: (key, label); the key is also the keyboard shortcut (its first letter)."""
        super().__init__()
        self.title_text = title
        self.message = message
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.title_text, style="bold"), classes="dialog-title")
            yield Static(Text(self.message), classes="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                for i, (key, label) in enumerate(self.choices):
                    yield Button(Text.assemble((label[0], "underline"), label[1:]), id=f"choice-{key}",
                                 variant="primary" if i == 0 else "default", compact=True)

    def on_key(self, event) -> None:
        for key, label in self.choices:
            if event.character and event.character.lower() == label[0].lower():
                event.stop()
                self.dismiss(key)
                return

    def on_descendant_focus(self, event) -> None:
        self.mark_focus()

    def on_descendant_blur(self, event) -> None:
        self.mark_focus()

    def mark_focus(self) -> None:
        """▶ before the focused button's label, so the choice shows without colour too."""
        for button in self.query(Button):
            key = button.id.removeprefix("choice-")
            label = dict(self.choices)[key]
            mark = "▶ " if button.has_focus else ""
            button.label = Text.assemble(mark, (label[0], "underline"), label[1:])

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id.removeprefix("choice-"))

    def action_choose(self, key: str) -> None:
        self.dismiss(key)
