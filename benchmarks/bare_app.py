"""The floor for first-paint timings: a bare Textual app that shows one Static.

    python benchmarks/bare_app.py     (run by first_paint.py; takes no arguments)
"""

import sys

from textual.app import App
from textual.widgets import Static


class Bare(App):
    def compose(self):
        yield Static("HELLO-MARKER")


if __name__ == "__main__":
    if sys.argv[1:]:  # --help, or anything else: this app takes no arguments (no argparse: it is a floor)
        print(__doc__.strip())
        sys.exit(0 if sys.argv[1] in ("-h", "--help") else 2)
    Bare().run()
