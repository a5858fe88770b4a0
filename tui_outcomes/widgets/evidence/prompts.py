"""How the evidence table reads: an element's heading, then its rows as five wrapping columns."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions
from rich.text import Text

from ...core.model import Element, EvidenceRow
from ...core.stages import EVIDENCE_COLUMNS
from ...core.textsafe import one_line

GAP = "⚠"


def row_gaps(row: EvidenceRow) -> list[str]:
    """What is missing from a row ("n/a" counts as filled in)."""
    return [name for name, value in (("source", row.source), ("baseline", row.baseline), ("target", row.target))
            if not value.strip()]


class Columns:
    """A row of equal columns that wrap (a long word breaks; nothing is cut off).

    Hand-made rather than a rich Table: the evidence list measures every row before its
    first frame, and this is several times cheaper to lay out."""

    LEAD = 2  # the row number or gap mark

    def __init__(self, lead: Text, cells: list[Text]):
        self.lead = lead
        self.cells = cells

    def __rich_console__(self, console: Console, options: ConsoleOptions):
        count = len(self.cells)
        room = max(count, options.max_width - self.LEAD - count)
        widths = [room // count + (1 if i < room % count else 0) for i in range(count)]
        wrapped = [cell.wrap(console, width, overflow="fold") for cell, width in zip(self.cells, widths)]
        out = Text(no_wrap=True, overflow="crop")
        for y in range(max(len(lines) for lines in wrapped)):
            if y:
                out.append("\n")
            lead = self.lead if y == 0 else Text()
            out.append_text(lead)
            out.append(" " * (self.LEAD - lead.cell_len))
            for lines, width in zip(wrapped, widths):
                out.append(" ")
                part = lines[y] if y < len(lines) else Text()
                out.append_text(part)
                out.append(" " * (width - part.cell_len))
        yield out


def header(column: int) -> Columns:
    """The column headings; the cursor's column is marked ▸ and reversed (the highlighted row
    and this column make the current cell, so moving never re-measures the table)."""
    return Columns(Text(), [Text(("▸" if i == column else "") + heading,
                                 style="bold reverse" if i == column else "bold underline")
                            for i, (_, heading) in enumerate(EVIDENCE_COLUMNS)])


def element_heading(ref: str, element: Element, add_key: str = "") -> Text:
    """The element's heading line in the evidence table; ``add_key`` is the key that adds a row."""
    text = Text()
    text.append(ref, "bold")
    text.append(" ")
    text.append(one_line(element.text) or "(no text)", "bold")
    if not element.evidence:
        text.append(f"  {GAP} no evidence rows" + (f": press {add_key} or enter to add one" if add_key else ""),
                    "bold")
    return text


def row_prompt(number: int, row: EvidenceRow) -> Columns:
    gaps = row_gaps(row)
    cells = []
    for name, _ in EVIDENCE_COLUMNS:
        value = getattr(row, name)
        if value.strip():
            cells.append(Text(one_line(value)))
        else:
            cells.append(Text(f"{GAP} empty" if name in gaps else "–", style="bold"))
    return Columns(Text(f"{GAP}" if gaps else f"{number}", style="bold"), cells)
