"""The line or four under the panes: the selected item in full, with its links.

A fixed-size widget that redraws itself without asking for a new layout, so
moving the cursor costs one small repaint.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class Detail(Widget):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.text = Text()

    def show(self, text: Text) -> None:
        self.text = text
        self.refresh()

    def render(self) -> Text:
        return self.text
