"""Shown instead of a broken layout while the terminal is smaller than the app needs."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from ..widgets.key_bar import press


class TooSmallScreen(Screen):
    DEFAULT_CSS = """
    TooSmallScreen #too-small {
        width: 100%;
        height: 100%;
        content-align: center middle;
        text-align: center;
    }
    """
    BINDINGS = [Binding("ctrl+q", "app.quit", "Quit", id="small.quit")]

    def __init__(self, need: tuple[int, int]):
        super().__init__()
        self.need = need

    def compose(self) -> ComposeResult:
        yield Static(id="too-small")

    def show_size(self, width: int, height: int) -> None:
        w, h = self.need
        self.query_one("#too-small", Static).update(
            f"Terminal too small: {width}×{height}, needs at least {w}×{h}.\n"
            f"Make the window larger (nothing is lost), or {press(self, 'small.quit', 'to quit')}.")

    def on_mount(self) -> None:
        self.show_size(*self.app.size)
