"""A second floor for first-paint timings: a bare Textual app with four bordered OptionLists
showing the worked example's elements as plain strings (what the logic model draws, with none
of our code). It tells how much of our first paint the widgets themselves cost.

    python benchmarks/four_lists_app.py PROJECT.toml     (run by first_paint.py)
"""

import sys
from pathlib import Path

import tomli
from textual.app import App
from textual.containers import Grid
from textual.widgets import OptionList, Static

STAGES = ("final_outcomes", "interim_outcomes", "outputs", "inputs")
TITLES = ("1 Final outcomes", "2 Interim outcomes", "3 Outputs", "4 Inputs")
PREFIXES = ("FO", "IO", "OP", "IN")


class FourLists(App):
    CSS = """
    Grid { grid-size: 2 2; }
    OptionList { border: round $accent; height: 1fr; }
    """

    def __init__(self, path: Path):
        super().__init__()
        self.data = tomli.loads(path.read_text(encoding="utf-8"))

    def compose(self):
        yield Static("title")
        with Grid():
            for key, title, prefix in zip(STAGES, TITLES, PREFIXES):
                stage = self.data.get(key, {})
                items = [f"Introduction: {stage.get('introduction', '')}"[:40]]
                items += [f"{prefix}{i} {e.get('text', '')}" for i, e in enumerate(stage.get("elements", []), 1)]
                items += [f"· {s}" for s in stage.get("evidence_sources", [])]
                options = OptionList(*items)
                options.border_title = title
                yield options
        yield Static("keys")


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] in ("-h", "--help"):  # no argparse: it is a floor
        print(__doc__.strip())
        sys.exit(0 if sys.argv[1:] in (["-h"], ["--help"]) else 2)
    FourLists(Path(sys.argv[1])).run()
