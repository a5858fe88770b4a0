"""Every key of the screen underneath, from its bindings (the one registry of actions)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from ..core.review import STATUS_SYMBOLS, STATUS_WORDS, WORST_FIRST
from ..core.trendline import LEGEND as TREND_LEGEND
from ..dialogs.base import Dialog, DialogKeys

LEGEND = (
    "In the logic model: FO/IO/OP/IN number the final outcomes, interim outcomes, outputs and inputs. "
    "↑n: links up to the stage above · ↓n: supported by n elements below · ▤n: evidence rows · "
    "⚠unlinked: supports nothing above · ⚠unsupported: nothing below supports it · "
    "✎n: n SMART hints (w lists them) · "
    "after ▤n, the worst review status of its rows ("
    + ", ".join(f"{STATUS_SYMBOLS[s]} {STATUS_WORDS[s]}" for s in WORST_FIRST) + ") · "
    "» marks the elements linked to the one you are on; ▶ marks the cursor. "
    "Unsaved changes show as ● unsaved in the top line. "
    f"In the review, each row's trend line: {TREND_LEGEND}; ⚠ overdue: its next reading's day has passed. "
    "Text you type is always shown as typed: [brackets] are never formatting."
)


def key_rows(screen) -> list[tuple[str, str]]:
    """(keys, description) for every action with a description on ``screen``, in binding order."""
    rows: dict[str, list[str]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description or binding.system or not binding.id:
            continue  # ours all have ids; the rest are the widgets' own (scrolling, copying)
        rows.setdefault(binding.description, [])
        display = screen.app.get_key_display(binding)
        if display not in rows[binding.description]:
            rows[binding.description].append(display)
    return [(" / ".join(keys), description) for description, keys in rows.items()]


class HelpScreen(Dialog[None]):
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "close", "Close", id="help.close"),
        Binding("j,down", "scroll(1)", "Scroll down", show=False, id="help.down"),
        Binding("k,up", "scroll(-1)", "Scroll up", show=False, id="help.up"),
    ]

    def __init__(self, title: str, rows: list[tuple[str, str]]):
        super().__init__()
        self.title_text = title
        self.rows = rows

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, expand=True, padding=(0, 1))
        table.add_column(style="bold", no_wrap=True)
        table.add_column(ratio=1)
        for keys, description in self.rows:
            table.add_row(keys, description)
        table.add_row("ctrl+p", "Command palette: every command by name")
        with Vertical(classes="dialog dialog-wide", id="help"):
            yield Static(Text(f"Keys: {self.title_text}", style="bold"), classes="dialog-title")
            with VerticalScroll(id="help-body", classes="dialog-scroll"):
                yield Static(table)
                yield Static(Text(LEGEND), classes="dialog-hint")
            yield DialogKeys(("help.close", "close"), ("help.down", "scroll down"), ("help.up", "scroll up"))

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, step: int) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        body.scroll_relative(y=step * 3)
