"""Edit one piece of text: a line in an Input, long text in a wrapping TextArea."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static, TextArea

from ..core.textsafe import terminal_safe
from ..widgets.text_fields import TextEditor, TextInput
from .base import DialogKeys, FormDialog


class TextDialog(FormDialog[str | None]):
    """Dismisses with the new text, or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "done", "Done", id="text.done", priority=True),
        Binding("escape", "cancel", "Cancel", id="text.cancel"),
        Binding("ctrl+o", "external_editor", "Open in $EDITOR", id="text.editor"),
    ]

    def __init__(self, title: str, text: str, *, multiline: bool = True, hint: str = ""):
        super().__init__()
        self.title_text = title
        self.original = text
        self.multiline = multiline
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Static(Text(self.title_text, style="bold"), classes="dialog-title")
            if self.hint:
                yield Static(Text(self.hint), classes="dialog-hint")
            if self.multiline:
                yield TextEditor(self.original, id="editor")
                yield DialogKeys(("text.done", "done"), ("text.cancel", "cancel"), ("editor.line_end", "end of line"),
                                 ("editor.text_end", "end of text"), ("text.editor", "$EDITOR"))
            else:
                yield TextInput(self.original, id="editor")
                yield DialogKeys(("enter", "done"), ("text.cancel", "cancel"))

    def on_mount(self) -> None:
        editor = self.query_one("#editor")
        if isinstance(editor, TextArea):  # editing goes on where the text ends
            editor.move_cursor(editor.document.end)
        else:
            editor.cursor_position = len(editor.value)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "external_editor":
            return self.multiline
        return super().check_action(action, parameters)

    @property
    def value(self) -> str:
        editor = self.query_one("#editor")
        return editor.text if isinstance(editor, TextArea) else editor.value

    def result(self) -> str:
        return self.value

    def changed(self) -> bool:
        return self.value != self.original

    def action_external_editor(self) -> None:
        command = self.app.settings.editor or os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if not command:
            self.notify("Set EDITOR (for example EDITOR=nano), or editor in the settings file, "
                        "to edit in your own editor.",
                        title="No editor", severity="warning")
            return
        editor = self.query_one("#editor", TextArea)
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as fh:
            fh.write(editor.text)
            name = fh.name
        try:
            try:
                with self.app.suspend():
                    result = subprocess.run([*shlex.split(command), name])
            except Exception as exc:  # the editor could not be started, or suspend is unsupported here
                self.notify(terminal_safe(f"Could not run {command!r}: {exc}"), title="Editor failed",
                            severity="error", markup=False)
                return
            if result.returncode != 0:
                self.notify(terminal_safe(f"{command!r} exited with status {result.returncode}; text unchanged."),
                            title="Editor failed", severity="error", markup=False)
                return
            with open(name, encoding="utf-8") as fh:
                text = fh.read()
            editor.text = text[:-1] if text.endswith("\n") and not editor.text.endswith("\n") else text
        finally:
            os.unlink(name)
