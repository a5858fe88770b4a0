"""Read-only text to look through: an export's preview, a list of changes.

A read-only TextArea draws only the lines in view (fast for long exports) and scrolls
both ways; the text is made terminal-safe first, so it is shown, never obeyed.
"""

from __future__ import annotations

from textual.widgets import TextArea

from ..core.textsafe import terminal_safe


class Preview(TextArea):
    DEFAULT_CSS = """
    Preview, Preview:focus {
        height: 1fr;
        border: none;
        padding: 0;
        scrollbar-size-vertical: 1;
    }
    """

    def __init__(self, **kwargs):
        super().__init__(read_only=True, soft_wrap=False, show_cursor=False, **kwargs)

    def show(self, text: str, wrap: bool = False) -> None:
        """Show ``text`` (CSV's CRLF line ends as plain line ends; other controls made visible).
        ``wrap`` folds long lines at the edge, as they will be when pasted into a document."""
        self.soft_wrap = wrap
        self.load_text(terminal_safe(text.replace("\r\n", "\n")))
