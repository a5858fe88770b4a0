"""How each line of the pro-forma checklist reads: item, its answers, its text."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from ...core import proforma
from ...core.model import Answer, CaseStudy
from ...core.textsafe import one_line

# Short headings for the answer columns, so that a line fits 80 columns.
SHORT = {"hi": "HI", "vi": "VI", "msi": "MSI", "purpose": "Used for this purpose", "plans": "Informs SDP"}
UNANSWERED = "—"


def word(value: bool | None) -> str:
    return UNANSWERED if value is None else ("Yes" if value else "No")


def item_prompt(section: proforma.Section, item: proforma.Item, answer: Answer, column: int | None,
                edit_key: str = "") -> Table:
    """An item's line: number, label, answers. ``column``: the answer column the cursor is on (only for
    the highlighted item); ``edit_key``: the key that writes its text.

    The number stands in its own column so that a long label wraps under itself."""
    write = f"press {edit_key} to " if edit_key else ""
    text = Text()
    if item.free:
        text.append(one_line(answer.specify) if answer.specify else f"(free row: {write}describe it)",
                    "" if answer.specify else "dim")
    else:
        text.append(item.label)
        if item.footnote:
            text.append("  (see * below)", "dim")
        if item.specify:
            text.append("\nSpecify: ", "bold")
            text.append(one_line(answer.specify) if answer.specify else f"({write}write)" if write else "(to write)",
                        "" if answer.specify else "dim")
    text.append("\n")
    for i, (key, _) in enumerate(section.columns):
        current = i == column
        text.append("▸" if current else " ", "bold")
        text.append(f"{SHORT[key]} ", "bold" if current else "")
        text.append(word(answer.values.get(key)), "bold reverse" if current else "bold")
        text.append("   ")
    grid = Table.grid()
    grid.add_column(width=5, style="bold")
    grid.add_column(ratio=1)
    grid.add_row(item.number, text)
    return grid


def case_prompt(number: int, study: CaseStudy) -> Text:
    text = Text()
    text.append(f"{number}. ", "bold")
    text.append(one_line(study.title) or "(untitled)", "bold")
    if study.text:
        text.append("\n   " + one_line(study.text))
    return text


def progress(answers: dict[str, Answer], section: proforma.Section) -> tuple[int, int]:
    """(answered, total) yes/no questions in a section."""
    total = len(section.items) * len(section.columns)
    answered = sum(len(a.values) for n, a in answers.items())
    return answered, total
