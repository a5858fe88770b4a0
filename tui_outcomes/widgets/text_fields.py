"""The fields project text is typed into: Textual's Input and TextArea, with control characters
(which a terminal would obey) removed from whatever is typed or pasted, as the project file has
none (docs/file-format.md), and the wrapping editor's keys for the ends of lines and text."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input, TextArea

from ..core.model import clean_text


class TextInput(Input):
    """One line of project text."""

    def insert_text_at_cursor(self, text: str) -> None:
        super().insert_text_at_cursor(clean_text(text))

    def replace(self, text: str, start: int, end: int) -> None:
        super().replace(clean_text(text), start, end)


class TextEditor(TextArea):
    """Long project text, wrapped. End goes to the end of the line as written (TextArea's own end
    stops at the end of the wrapped screen line), ctrl+end and ctrl+home to the end and start."""

    BINDINGS = [
        Binding("end,ctrl+e", "line_end", "End of line", show=False, id="editor.line_end"),
        Binding("ctrl+end", "text_end", "End of text", show=False, id="editor.text_end"),
        Binding("ctrl+home", "text_start", "Start of text", show=False, id="editor.text_start"),
    ]

    def __init__(self, text: str = "", **kwargs):
        super().__init__(text, soft_wrap=True, **kwargs)

    def replace(self, insert: str, start, end, *, maintain_selection_offset: bool = True):
        return super().replace(clean_text(insert), start, end, maintain_selection_offset=maintain_selection_offset)

    def action_line_end(self) -> None:
        row = self.cursor_location[0]
        self.move_cursor((row, len(self.document.get_line(row))))

    def action_text_end(self) -> None:
        self.move_cursor(self.document.end)

    def action_text_start(self) -> None:
        self.move_cursor((0, 0))
