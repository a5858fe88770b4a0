"""How the review screen reads: a row's reference and status, baseline → latest → target, progress,
its trend line and when the next reading is due, laid out for the width there is."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, Group
from rich.text import Text

from ...core.textsafe import one_line
from ...core.trendline import trend_line

WIDE = 110  # from this width (inside the list) a row takes one line, its text in a column of its own
REF, STATUS, PROGRESS, TREND, DUE = 7, 13, 8, 24, 20


def status_text(status: str) -> Text:
    """``✖ off track``: the symbol and the word, so a status reads without colour."""
    from ...core.review import STATUS_SYMBOLS, STATUS_WORDS

    return Text(f"{STATUS_SYMBOLS[status]} {STATUS_WORDS[status]}", style="bold" if status == "off_track" else "")


def progress_text(progress: float | None) -> str:
    return "–" if progress is None else f"{progress:.0%}"


def due_text(review) -> Text:
    if review.next_due is None:
        return Text("no schedule", style="dim")
    if review.overdue:
        return Text(f"⚠ overdue {review.next_due.isoformat()}", style="bold")
    return Text(f"due {review.next_due.isoformat()}")


def scale_ends(review) -> tuple[float | None, float | None]:
    """Where the trend line's scale starts (the baseline) and ends (the target; for a target range, its
    nearer end)."""
    start, end = review.baseline_value, review.target_value
    if review.target_range is not None and start is not None:
        low, high = review.target_range
        end = low if start < low else high if start > high else None
    return start, end


def trend_cell(review, width: int) -> Text:
    line = trend_line(review.series, *scale_ends(review), width)
    if line:
        return Text(line)
    return Text("(no numbers)" if review.row.readings else "", style="dim")


def row_words(review) -> Text:
    """``Incident logs: 10 incidents → 7 (2026-11-03) → 5 incidents``."""
    row = review.row
    text = Text()
    text.append(one_line(row.source) or "(no source)", "bold")
    text.append(": ")
    text.append(one_line(row.baseline) or "no baseline")
    text.append(" → ")
    if review.latest is None:
        text.append("no reading yet", "dim")
    else:
        text.append(one_line(review.latest.value) or "(no value)", "bold")
        text.append(f" ({one_line(review.latest.date)}")
        text.append(", status set by hand)" if review.status_set_by_hand else ")")
    text.append(" → ")
    text.append(one_line(row.target) or "no target")
    return text


def _cell(text: Text | str, width: int, right: bool = False) -> Text:
    text = Text(text) if isinstance(text, str) else text.copy()
    text.truncate(width, overflow="ellipsis")
    pad = " " * max(width - text.cell_len, 0)
    return Text(pad) + text if right else text + Text(pad)


class RowLine:
    """A row of the review screen (or, with ``review=None``, the column headings), laid out for the width
    it is given: from WIDE columns on one line, the words in a column that wraps; narrower on two lines,
    the figures, then the words cut to the line (the screen's detail panel shows them whole). Worked out
    when drawn, so a long list costs nothing until it scrolls into view."""

    def __init__(self, review=None):
        self.review = review

    def cells(self, trend: int) -> list[Text]:
        review = self.review
        if review is None:
            return [Text("Row", "bold"), Text("Status", "bold"), Text("Progress", "bold"),
                    Text("Trend ▁→█ target", "bold"), Text("Next reading", "bold")]
        return [Text(review.ref, "bold"), status_text(review.status), Text(progress_text(review.progress)),
                trend_cell(review, trend), due_text(review)]

    def words(self) -> Text:
        if self.review is None:
            return Text("Source: baseline → latest reading (its date) → target", "bold")
        return row_words(self.review)

    def __rich_console__(self, console: Console, options: ConsoleOptions):
        width = options.max_width
        wide = width >= WIDE
        trend = TREND if wide else max(min(TREND, width - (REF + STATUS + PROGRESS + DUE + 4)), 0)
        ref, status, progress, line, due = self.cells(trend)
        out = Text(no_wrap=True, overflow="crop")
        out += _cell(ref, REF) + " " + _cell(status, STATUS) + " "
        if wide:
            flex = width - (REF + STATUS + PROGRESS + TREND + DUE + 5)
            wrapped = self.words().wrap(console, flex, overflow="fold")
            out += _cell(wrapped[0], flex) + " "
        out += _cell(progress, PROGRESS, right=self.review is not None) + " " + _cell(line, trend) + " " + _cell(due, DUE)
        indent = REF + STATUS + 2 if wide else REF + 1
        rest = wrapped[1:] if wide else [_cell(self.words(), max(width - indent, 1))]
        for part in rest:
            out += "\n" + " " * indent
            out += part
        yield out


def element_heading(ref: str, text: str, worst: str | None) -> Group:
    """The element's line above its rows: reference, its worst status (symbol), its text (on one line:
    the rows matter here, and the logic model shows the element whole)."""
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(ref, "bold")
    if worst is not None:
        from ...core.review import STATUS_SYMBOLS

        line.append(f" {STATUS_SYMBOLS[worst]}", "bold")
    line.append(" ")
    line.append(one_line(text) or "(no text)", "bold")
    return Group(line)  # a Group keeps Rich's no_wrap in an OptionList
