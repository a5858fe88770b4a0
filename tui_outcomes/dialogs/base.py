"""What every dialog shares: a centred box with a title, hints and a line of keys."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    DEFAULT_CSS = """
    Dialog {
        align: center middle;
    }
    Dialog .dialog {
        width: 60;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $accent;
        background: $surface;
        padding: 0 1;
    }
    Dialog .dialog-wide {
        width: 90%;
        max-width: 110;
    }
    Dialog .dialog-title {
        padding: 0 0 1 0;
    }
    Dialog .dialog-hint {
        color: $text-muted;
        padding: 0 0 1 0;
    }
    Dialog .dialog-keys {
        color: $text-muted;
        padding: 1 0 0 0;
    }
    Dialog .dialog-error {
        color: $error;
        text-style: bold;
    }
    Dialog .dialog-buttons {
        height: auto;
        align: center middle;
    }
    Dialog .dialog-buttons Button {
        margin: 0 1;
    }
    Dialog TextArea {
        height: 12;
    }
    Dialog SelectionList {
        height: auto;
        max-height: 12;
    }
    Dialog .dialog-scroll {
        height: auto;
        max-height: 20;
    }
    """

    def action_done(self) -> None:
        """Apply: subclasses dismiss with their result."""
        raise NotImplementedError

    async def cancel_or_ask(self, changed: bool, message: str) -> None:
        """Escape: close at once when nothing changed; otherwise ask, so typed text is never lost silently."""
        if not changed:
            self.dismiss(None)
            return
        from .choice import ChoiceDialog

        choice = await self.app.push_screen_wait(ChoiceDialog(
            "Discard your changes?", message, [("keep", "Keep editing"), ("apply", "Apply"), ("discard", "Discard")]))
        if choice == "apply":
            self.action_done()
        elif choice == "discard":
            self.dismiss(None)
