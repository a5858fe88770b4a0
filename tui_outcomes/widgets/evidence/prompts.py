"""How the evidence table reads: an element's heading, then its rows as five wrapping columns."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from ...model import Element, EvidenceRow
from ...stages import EVIDENCE_COLUMNS
from ...textsafe import one_line

GAP = "⚠"


def row_gaps(row: EvidenceRow) -> list[str]:
    """What is missing from a row ("n/a" counts as filled in)."""
    return [name for name, value in (("source", row.source), ("baseline", row.baseline), ("target", row.target))
            if not value.strip()]


def _grid(widths: tuple[int, ...] = (2, 1, 1, 1, 1, 1)) -> Table:
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=widths[0], no_wrap=True)
    for _ in EVIDENCE_COLUMNS:
        grid.add_column(ratio=1, overflow="fold")  # a long word breaks; nothing is cut off
    return grid


def header() -> Table:
    grid = _grid()
    grid.add_row("", *(Text(heading, style="bold underline") for _, heading in EVIDENCE_COLUMNS))
    return grid


def element_heading(ref: str, element: Element) -> Text:
    text = Text()
    text.append(ref, "bold")
    text.append(" ")
    text.append(one_line(element.text) or "(no text)", "bold")
    if not element.evidence:
        text.append(f"  {GAP} no evidence rows: press a to add one", "bold")
    return text


def row_prompt(number: int, row: EvidenceRow, column: int | None) -> Table:
    """``column``: the cell the cursor is on (only for the highlighted row); shown reversed and with ▸."""
    gaps = row_gaps(row)
    grid = _grid()
    cells = []
    for i, (name, _) in enumerate(EVIDENCE_COLUMNS):
        value = getattr(row, name)
        cell = Text()
        if i == column:
            cell.append("▸", "bold")
        if value.strip():
            cell.append(one_line(value), "reverse" if i == column else "")
        else:
            cell.append(f"{GAP} empty" if name in gaps else "–", "bold reverse" if i == column else "bold")
        cells.append(cell)
    grid.add_row(Text(f"{GAP}" if gaps else f"{number}", style="bold"), *cells)
    return grid
