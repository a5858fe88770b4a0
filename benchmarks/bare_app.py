"""The floor for first-paint timings: a bare Textual app that shows one Static."""

from textual.app import App
from textual.widgets import Static


class Bare(App):
    def compose(self):
        yield Static("HELLO-MARKER")


if __name__ == "__main__":
    Bare().run()
