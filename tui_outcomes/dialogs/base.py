"""What every dialog shares: a centred box with a title, hints and a line of keys."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen
from textual import work
from textual.binding import Binding
from textual.widgets import Input, Static

from ..widgets.key_bar import key_for

ResultType = TypeVar("ResultType")


class DialogKeys(Static):
    """A dialog's line of keys, named from its bindings, so that a key remapped in the keymap is
    named as the user has it. Each hint is (binding id, what it does), or (a key the widget
    handles itself, such as "tab", what it does)."""

    def __init__(self, *hints: tuple[str, str]):
        super().__init__(classes="dialog-keys")
        self.hints = hints

    def on_mount(self) -> None:
        self.show_keys()
        # the focused widget's keys (an editor's) are in force only once it has focus
        self.screen.bindings_updated_signal.subscribe(self, lambda screen: self.show_keys())

    def show_keys(self) -> None:
        parts = []
        for key, words in self.hints:
            shown = key_for(self.screen, key) if "." in key else key
            if shown:
                parts.append(f"{shown} {words}")
        self.update(" · ".join(parts))


class Dialog(ModalScreen[ResultType]):
    waits_for_keys = True  # keys typed ahead while its opener waits on it come here (see typeahead.py)
    BINDINGS = [
        # At once, as the key arrives (priority): keys typed after enter go to the next field.
        Binding("enter", "field_enter", "Next field", show=False, priority=True, id="dialog.enter"),
    ]
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
        min-width: 0;  /* short labels side by side: every one whole at 80x24 */
        padding: 0 1;
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
    /* Forms: one line a field, label beside it, so a form fits 80x24 with its keys in view. */
    Dialog .form-body {
        height: auto;
        max-height: 16;
    }
    Dialog .field {
        height: 1;
        margin: 0 0 1 0;
    }
    Dialog .field Label {
        width: 20;
        color: $text-muted;
    }
    Dialog .field Input, Dialog .field Select {
        width: 1fr;
        background: $boost;
    }
    Dialog .field-label {
        color: $text-muted;
    }
    Dialog .form-body TextArea {
        height: 6;
        background: $boost;
    }
    """

    def action_done(self) -> None:
        """Apply: subclasses dismiss with their result."""
        raise NotImplementedError

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "field_enter":  # only in a one-line field; elsewhere enter is the widget's own
            return isinstance(self.focused, Input)
        return True

    def action_field_enter(self) -> None:
        """enter in a one-line field: on to the next field, or on the last one, apply."""
        chain = self.focus_chain
        if not chain or chain[-1] is self.focused:
            self.action_done()
        else:
            self.focus_next()

    async def cancel_or_ask(self, changed: bool, message: str) -> None:
        """Escape: close at once when nothing changed; otherwise ask, so typed text is never lost silently."""
        if not changed:
            self.dismiss(None)
            return
        choice = await self.app.ask("Discard your changes?", message,
                                    [("keep", "Keep editing"), ("apply", "Apply"), ("discard", "Discard")])
        if choice == "apply":
            self.action_done()
        elif choice == "discard":
            self.dismiss(None)


class FormDialog(Dialog[ResultType]):
    """A dialog that edits something (a text, a form of fields, links): the one way to apply and
    cancel. ``ctrl+s`` (each form's own binding id) dismisses with :meth:`result`; ``escape`` closes at
    once when nothing :meth:`changed`, and otherwise asks before discarding (UNAPPLIED says what)."""

    UNAPPLIED = "You have typed text that is not applied yet."

    def result(self) -> ResultType:
        raise NotImplementedError

    def changed(self) -> bool:
        raise NotImplementedError

    def action_done(self) -> None:
        self.dismiss(self.result())

    @work
    async def action_cancel(self) -> None:
        await self.cancel_or_ask(self.changed(), self.UNAPPLIED)
