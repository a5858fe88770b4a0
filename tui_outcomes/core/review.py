"""Monitoring and review: progress, trend, status and due dates of evidence rows, from their readings.

Plain Python (no Textual), shared by the review screen, the logic model's badges, the ``review``
export part and the ``review`` and ``record`` commands. The rules are documented in the README
("Through the year"):

* **Numbers.** The first number in a text that stands on its own (not part of a word: "10 incidents"
  → 10, "62% at expected standard (2026)" → 62, "TROG 4y3m" and "Level 2b" → none). A target such
  as "50% reduction" (or fewer, less, lower, decrease, cut; increase, more, higher, rise) is read
  against the baseline's number: 50% less than 10 is 5.
* **Direction.** The row's own ``direction`` (up, down or range) when set; otherwise from the
  numbers: a target below the baseline means lower is better. A range's bounds are the target's
  first two numbers ("95% to 100%").
* **Progress** = how far the latest reading has gone from baseline to target: 0 at the baseline,
  1 at the target. For a range, 1 − (distance from the range now / distance at the baseline).
* **Trend** from the last two readings that have numbers: improving, worsening or steady.
* **Status** (first that applies): set by hand on the latest reading; ``not_started`` (no reading);
  ``met`` (the latest reading reaches the target); where the project's period has dates, progress
  against the share of the period passed (at least that share: ``on_track``; within 0.25 below it:
  ``at_risk``; further below: ``off_track``); else by trend (improving: on track, steady: at risk,
  worsening: off track); else one reading with progress above 0: on track, at or below 0: at risk;
  else ``no_target``.
* **Due dates** from the frequency text: weekly, fortnightly, monthly, half-termly, termly,
  annually/annual/yearly (the first of them in the text); anything else has no schedule. Terms
  and half-terms follow fixed English school-year dates (SCHOOL_YEAR).

Readings dated after ``as_of`` are left out (a review as of a date shows what was known then), as
are readings whose date is not YYYY-MM-DD.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date, timedelta
from typing import Iterable, NamedTuple

from .model import Element, EvidenceRow, Project, Reading

STATUSES = ("met", "on_track", "at_risk", "off_track", "not_started", "no_target")
STATUS_WORDS = {"met": "met", "on_track": "on track", "at_risk": "at risk",
                "off_track": "off track", "not_started": "not started", "no_target": "no target"}
STATUS_SYMBOLS = {"met": "✔", "on_track": "●", "at_risk": "▲", "off_track": "✖", "not_started": "○",
                  "no_target": "·"}
WORST_FIRST = ("off_track", "at_risk", "not_started", "on_track", "met", "no_target")  # badge order
TRENDS = ("improving", "worsening", "steady")


class Direction:
    """The ways a row can be better: its ``direction`` field in the file holds one of these."""

    UP = "up"  # higher is better
    DOWN = "down"  # lower is better
    RANGE = "range"  # the target gives a range to be inside
    ALL = (UP, DOWN, RANGE)
    WORDS = {UP: "higher is better", DOWN: "lower is better", RANGE: "within the target range"}


AT_RISK_MARGIN = 0.25  # progress this far below the share of the period passed is at risk; further, off track
STEADY = 1e-9  # a change smaller than this is no change


# -- numbers -----------------------------------------------------------------

# Patterns are compiled on first use (see _re): importing this module stays cheap for the app's start-up.
_PATTERNS = {
    "number": (r"(?:(?<![^\s(])[-−])?(?<![\w.,])(\d{1,3}(?:,\d{3})+(?![\d,])|\d+)(\.\d+)?(?![\w])", 0),
    "relative": (r"\s*%\s*(?:(reduction|decrease|fewer|less|lower|cut|drop|fall)|"
                 r"(increase|more|higher|rise|improvement))\b", re.I),
    "iso": (r"(\d{4})-(\d{2})-(\d{2})", re.ASCII),
    "academic": (r"\b(\d{4})\s*[/–—-]\s*(\d{2}|\d{4})\b", 0),
    "frequency": (r"\b(half[- ]?termly|termly|weekly|fortnightly|monthly|annually|annual|yearly)\b", re.I),
    "ref": (r"([A-Za-z]+\d+)\.(\d+)", 0),
    "status": (r"[\s_-]+", 0),
}
_compiled: dict[str, re.Pattern[str]] = {}


def _re(name: str) -> re.Pattern[str]:
    pattern = _compiled.get(name)
    if pattern is None:
        if name == "month_year":
            months = "|".join(sorted(_MONTHS, key=len, reverse=True))
            pattern = re.compile(rf"\b({months})\.?\s+(\d{{4}})\b", re.I)
        else:
            pattern = re.compile(*_PATTERNS[name])
        _compiled[name] = pattern
    return pattern


def _numbers(text: str) -> Iterable[tuple[float, re.Match[str]]]:
    for m in _re("number").finditer(text):
        value = float(m.group(1).replace(",", "") + (m.group(2) or ""))
        yield (-value if m.group().startswith(("-", "−")) else value), m


def number_in(text: str) -> float | None:
    """The first number in ``text`` that stands on its own: "10 incidents" → 10, "62% at expected" → 62,
    "£1,200" → 1200, "TROG 4y3m" → None (no single number), "Level 2b" → None."""
    m = _re("number").search(text)
    if m is None:
        return None
    value = float(m.group(1).replace(",", "") + (m.group(2) or ""))
    return -value if m.group().startswith(("-", "−")) else value


def target_number(target: str, baseline: float | None) -> float | None:
    """The target's number; "50% reduction" (fewer, less, lower, …; increase, more, higher, …) is
    50% less than the baseline's number (None without one)."""
    for value, m in _numbers(target):
        relative = _re("relative").match(target, m.end())
        if relative is None:
            return value
        if baseline is None:
            return None
        return baseline * (1 - value / 100) if relative.group(1) else baseline * (1 + value / 100)
    return None


def target_range(target: str) -> tuple[float, float] | None:
    """The range a target gives, from its first two numbers ("95% to 100%" → (95, 100)); None without two."""
    found = [value for value, _ in _numbers(target)][:2]
    return (min(found), max(found)) if len(found) == 2 else None


# -- dates -------------------------------------------------------------------

FIRST_YEAR, LAST_YEAR = 1900, 2999  # dates outside these are typing mistakes (and would overflow date sums)


def parse_date(text: str) -> date:
    """A date written YYYY-MM-DD; ValueError with a plain message otherwise."""
    text = text.strip()
    m = _re("iso").fullmatch(text)
    if m is None:
        raise ValueError(f"'{text}' is not a date: write it as YYYY-MM-DD, e.g. 2026-12-15")
    try:
        day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError as exc:
        raise ValueError(f"'{text}' is not a date ({exc}): write it as YYYY-MM-DD, e.g. 2026-12-15") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"'{text}' is outside the years tui-outcomes works with ({FIRST_YEAR} to {LAST_YEAR})")
    return day


def _date_or_none(text: str) -> date | None:
    if len(text) == 10 and text[4] == text[7] == "-" and text[:4].isdigit():  # the usual case, fast
        try:
            day = date.fromisoformat(text)
        except ValueError:
            return None
        return day if FIRST_YEAR <= day.year <= LAST_YEAR else None
    try:
        return parse_date(text)
    except ValueError:
        return None


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it is shorter (31 Jan + 1 → 28/29 Feb)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


_MONTHS = {name: n for n, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"),
     ("nov", "november"), ("dec", "december")), 1) for name in names}


def period_dates(text: str) -> tuple[date, date] | None:
    """(first day, last day) of a project period given with dates; None when it has none. Understood:
    two dates ("2026-09-01 to 2027-07-31"), two months ("September 2026 to July 2027": 1 September
    to 31 July) and a school year ("2026/27", "2026-27", "2026/2027": 1 September to 31 July)."""
    found = [d for d in map(_date_or_none, (m.group() for m in _re("iso").finditer(text))) if d]
    if len(found) >= 2:
        start, end = found[0], found[1]
    elif len(months := _re("month_year").findall(text)) >= 2:
        (m1, y1), (m2, y2) = months[:2]
        start = date(int(y1), _MONTHS[m1.lower()], 1)
        end = add_months(date(int(y2), _MONTHS[m2.lower()], 1), 1) - timedelta(days=1)
    elif (m := _re("academic").search(text)) and int(m.group(2)) in (int(m.group(1)) + 1, (int(m.group(1)) + 1) % 100):
        start, end = date(int(m.group(1)), 9, 1), date(int(m.group(1)) + 1, 7, 31)
    else:
        return None
    return (start, end) if start < end and FIRST_YEAR <= start.year and end.year <= LAST_YEAR else None


# -- schedules ---------------------------------------------------------------

SCHEDULES = ("weekly", "fortnightly", "monthly", "half-termly", "termly", "annually")

# The English school year, fixed so that due dates are predictable (local term dates differ by a few
# days, and Easter moves): (month, day) each half-term starts, and the day its reading is due (the
# last school day or so before the break). A half-term runs to the next one's start, holidays
# included; a term is two half-terms, due with the second. A school year starts on 1 September.
SCHOOL_YEAR = (
    ("Autumn 1", (9, 1), (10, 24)),
    ("Autumn 2", (11, 1), (12, 19)),
    ("Spring 1", (1, 1), (2, 14)),
    ("Spring 2", (2, 23), (3, 31)),
    ("Summer 1", (4, 15), (5, 23)),
    ("Summer 2", (6, 8), (7, 20)),
)


# After a reading, the next half-term's or term's due day is the first at least this many days later:
# an end-of-term reading taken a few days early counts for its term, a half-term check does not.
SCHOOL_GAP = {"half-termly": 14, "termly": 28}


def schedule(frequency: str) -> str | None:
    """The schedule a frequency text names (one of SCHEDULES), by the first frequency word in it:
    "Termly with interim check at half-term" → termly; "Contract reviewed annually" → annually;
    "ad hoc" → None."""
    m = _re("frequency").search(frequency)
    if m is None:
        return None
    word = m.group(1).lower()
    if word.startswith("half"):
        return "half-termly"
    return "annually" if word in ("annual", "yearly") else word


def _school_periods(kind: str, school_year: int) -> list[tuple[date, date]]:
    """(start, due) of the half-terms or terms of the school year starting in September ``school_year``."""
    out = []
    for i, (_, (m1, d1), (m2, d2)) in enumerate(SCHOOL_YEAR):
        year = school_year if m1 >= 9 else school_year + 1
        start, due = date(year, m1, d1), date(year, m2, d2)
        if kind == "half-termly":
            out.append((start, due))
        elif i % 2 == 0:
            out.append((start, due))
        else:
            out[-1] = (out[-1][0], due)
    return out


def _school_period(kind: str, day: date, offset: int = 0) -> tuple[date, date]:
    """(start, due) of the school period holding ``day``, or ``offset`` periods after it."""
    year = day.year if day.month >= 9 else day.year - 1
    periods = _school_periods(kind, year)
    i = max(i for i, (start, _) in enumerate(periods) if start <= day) + offset
    while i >= len(periods):
        year += 1
        periods += _school_periods(kind, year)
    return periods[i]


def _step(kind: str, day: date, n: int = 1) -> date:
    if kind == "weekly":
        return day + timedelta(days=7 * n)
    if kind == "fortnightly":
        return day + timedelta(days=14 * n)
    if kind == "monthly":
        return add_months(day, n)
    return add_months(day, 12 * n)  # annually (29 February → 28 February)


def next_due(frequency: str, last: date | None, start: date | None, as_of: date) -> date | None:
    """When the next reading is due, or None when the frequency names no schedule. After a reading:
    a week, a fortnight, a month or a year after it; for half-termly and termly rows, the first
    half-term or term due day (SCHOOL_YEAR) at least two or four weeks after it (SCHOOL_GAP). Before
    any reading: one period after the project's start (``start``), or after ``as_of`` when the
    period has no dates; for half-terms and terms, the first due day on or after it."""
    kind = schedule(frequency)
    if kind is None:
        return None
    if kind in ("half-termly", "termly"):
        base, soonest = (last, last + timedelta(days=SCHOOL_GAP[kind])) if last else (start or as_of,) * 2
        offset = 0
        while (due := _school_period(kind, base, offset)[1]) < soonest:
            offset += 1
        return due
    return _step(kind, last if last is not None else (start or as_of))


MAX_SERIES = 100  # periods in a trend line at most (the latest ones)
_SPAN = {"weekly": 7, "fortnightly": 14, "monthly": 31, "half-termly": 62, "termly": 122, "annually": 366}


def _series(kind: str | None, values: list[tuple[date, float | None]], start: date | None,
            as_of: date) -> tuple[float | None, ...]:
    """One value per period (the period's last reading with a number, None if none) from the first
    period (the project's start or the first reading, whichever is earlier) to the one holding
    ``as_of``, the latest MAX_SERIES of them; without a schedule, the numeric readings in date order."""
    if kind is None:
        return tuple(v for _, v in values if v is not None)[-MAX_SERIES:]
    anchor = min([d for d, _ in values[:1]] + ([start] if start and start <= as_of else []), default=None)
    if anchor is None:
        return ()
    earliest = as_of - timedelta(days=_SPAN[kind] * MAX_SERIES)
    starts: list[date] = []  # each period's first day
    if kind in ("half-termly", "termly"):
        begin = _school_period(kind, max(anchor, earliest))[0]
        while begin <= as_of:
            starts.append(begin)
            begin = _school_period(kind, begin, 1)[0]
    else:
        k = 0
        if anchor < earliest:  # skip to the periods that will be shown
            k = (earliest - anchor).days // _SPAN[kind]
        while (begin := _step(kind, anchor, k)) <= as_of:
            starts.append(begin)
            k += 1
    series: list[float | None] = [None] * len(starts)
    for day, value in values:  # date order: a later reading in a period replaces an earlier one
        i = bisect_right(starts, day) - 1
        if i >= 0 and value is not None:
            series[i] = value
    return tuple(series[-MAX_SERIES:])


# -- one row -----------------------------------------------------------------


def status_key(text: str) -> str | None:
    """The status a reading's ``status`` text names ("on track", "On_Track", "on-track" → "on_track"),
    None for empty or other text."""
    if not text:
        return None
    key = _re("status").sub("_", text.strip().lower())
    return key if key in STATUSES else None


class RowReview(NamedTuple):
    stage: str  # stage key
    element_id: str
    element_ref: str  # "FO1" (Project.refs())
    row_number: int  # 1-based within the element
    row: EvidenceRow
    ref: str  # "FO1.2"
    baseline_value: float | None
    target_value: float | None  # for a range: None, and target_range = (lo, hi)
    target_range: tuple[float, float] | None
    direction: str | None  # "up", "down", "range" or None
    direction_explicit: bool
    latest: Reading | None  # latest by date (of the readings up to as_of with a YYYY-MM-DD date)
    progress: float | None  # 0 at baseline, 1 at target
    trend: str | None  # "improving" | "worsening" | "steady" | None
    status: str  # one of STATUSES
    status_set_by_hand: bool
    next_due: date | None
    overdue: bool
    series: tuple[float | None, ...]  # for the trend line (see _series)
    latest_date: date | None = None


class _Context(NamedTuple):
    refs: dict[str, str]
    period: tuple[date, date] | None


def _context(project: Project) -> _Context:
    return _Context(project.refs(), period_dates(project.details.period))


def _distance(value: float, lo: float, hi: float) -> float:
    return lo - value if value < lo else value - hi if value > hi else 0.0


def _review(ctx: _Context, stage_key: str, element: Element, row_index: int, as_of: date) -> RowReview:
    row = element.evidence[row_index]
    baseline = number_in(row.baseline)
    explicit = row.direction in Direction.ALL
    direction: str | None = row.direction if explicit else None
    target: float | None = None
    bounds: tuple[float, float] | None = None
    if direction == Direction.RANGE:
        bounds = target_range(row.target)
    else:
        target = target_number(row.target, baseline)
        if direction is None and baseline is not None and target is not None and target != baseline:
            direction = Direction.UP if target > baseline else Direction.DOWN

    dated = sorted(((d, r) for r in row.readings if (d := _date_or_none(r.date)) is not None and d <= as_of),
                   key=lambda pair: pair[0])  # stable: same-day readings keep their order
    values = [(d, number_in(r.value)) for d, r in dated]
    latest, latest_date = (dated[-1][1], dated[-1][0]) if dated else (None, None)
    now = values[-1][1] if values else None

    progress: float | None = None
    met = False
    if now is not None:
        if direction == Direction.RANGE and bounds is not None:
            met = _distance(now, *bounds) == 0
            if baseline is not None and (gap := _distance(baseline, *bounds)) > 0:
                progress = 1 - _distance(now, *bounds) / gap
        elif target is not None and direction is not None:
            met = now >= target if direction == Direction.UP else now <= target
            if baseline is not None and target != baseline:
                progress = (now - baseline) / (target - baseline)

    trend: str | None = None
    if len(values) >= 2 and values[-1][1] is not None and values[-2][1] is not None and direction is not None:
        before, after = values[-2][1], values[-1][1]
        if direction == Direction.RANGE:
            if bounds is not None:
                change = _distance(before, *bounds) - _distance(after, *bounds)  # closer is better
                trend = "steady" if abs(change) < STEADY else "improving" if change > 0 else "worsening"
        else:
            change = (after - before) * (1 if direction == Direction.UP else -1)
            trend = "steady" if abs(change) < STEADY else "improving" if change > 0 else "worsening"

    by_hand = status_key(latest.status) if latest is not None else None
    if by_hand is not None:
        status = by_hand
    elif latest is None:
        status = "not_started"
    elif met:
        status = "met"
    elif progress is not None and ctx.period is not None:
        start, end = ctx.period
        share = min(1.0, max(0.0, (as_of - start).days / (end - start).days))
        status = "on_track" if progress >= share else "at_risk" if progress >= share - AT_RISK_MARGIN \
            else "off_track"
    elif trend is not None:
        status = {"improving": "on_track", "steady": "at_risk", "worsening": "off_track"}[trend]
    elif progress is not None:
        status = "on_track" if progress > 0 else "at_risk"
    else:
        status = "no_target"

    start = ctx.period[0] if ctx.period else None
    kind = schedule(row.frequency)
    due = next_due(row.frequency, latest_date, start, as_of) if kind else None
    element_ref = ctx.refs[element.id]
    return RowReview(
        stage_key, element.id, element_ref, row_index + 1, row, f"{element_ref}.{row_index + 1}",
        baseline, target, bounds, direction, explicit, latest, progress, trend, status, by_hand is not None,
        due, due is not None and due < as_of, _series(kind, values, start, as_of), latest_date,
    )


def review_row(project: Project, stage_key: str, element: Element, row_index: int, as_of: date) -> RowReview:
    """The review of one evidence row (``element.evidence[row_index]``) as of a day."""
    return _review(_context(project), stage_key, element, row_index, as_of)


def review_project(project: Project, as_of: date) -> list[RowReview]:
    """Every evidence row's review, in model order: stage, element, row."""
    ctx = _context(project)
    return [_review(ctx, stage.key, element, i, as_of)
            for stage in project.stages for element in stage.elements for i in range(len(element.evidence))]


def summary(rows: Iterable[RowReview]) -> dict[str, int]:
    """How many rows have each status (every status, in STATUSES order), plus "overdue"."""
    counts = dict.fromkeys(STATUSES, 0) | {"overdue": 0}
    for r in rows:
        counts[r.status] += 1
        counts["overdue"] += r.overdue
    return counts


_RANK = {s: i for i, s in enumerate(WORST_FIRST)}


def element_status(rows_of_element: Iterable[RowReview]) -> str | None:
    """The worst status of an element's rows (in WORST_FIRST order), None if it has none."""
    return min((r.status for r in rows_of_element), key=_RANK.__getitem__, default=None)


def to_json(rows: Iterable[RowReview], as_of: date) -> dict:
    """The review as JSON data: {"as_of", "rows": [...], "summary"} (the shape ``review --format json`` prints)."""
    rows = list(rows)
    return {
        "as_of": as_of.isoformat(),
        "rows": [{
            "element": r.element_ref,
            "row": r.row_number,
            "id": r.row.id,
            "source": r.row.source,
            "baseline": r.row.baseline,
            "target": r.row.target,
            "latest": {"date": r.latest.date, "value": r.latest.value} if r.latest else None,
            "readings": len(r.row.readings),
            "progress": None if r.progress is None else round(r.progress, 4),
            "trend": r.trend,
            "status": r.status,
            "status_set_by_hand": r.status_set_by_hand,
            "next_due": r.next_due.isoformat() if r.next_due else None,
            "overdue": r.overdue,
        } for r in rows],
        "summary": summary(rows),
    }




class Reviews:
    """The rows' reviews by element, worked out again only for the elements that changed since the last
    call (elements are immutable and shared between versions of a project, so an edit to one row costs
    one element's rows, not the project's). An element that only moved or was renumbered (an element
    added above it: FO2 is now FO3) keeps its reviews and badge; :meth:`of` gives them its new reference."""

    MANY = 8  # more changed elements than this: one pass over the whole project

    def __init__(self) -> None:
        self.key: tuple | None = None
        # element id -> (element, stage key, its rows' reviews, the symbol of their worst status or "")
        self.by_element: dict[str, tuple[object, str, tuple, str]] = {}

    def _update(self, project: Project, as_of: date) -> dict[str, tuple]:
        if self.key != (project.details, as_of):
            self.key, self.by_element = (project.details, as_of), {}
        cached = self.by_element
        stale = [(stage.key, e) for stage in project.stages for e in stage.elements
                 if (c := cached.get(e.id)) is None or c[0] is not e or c[1] != stage.key]
        if not stale and len(cached) == sum(len(stage.elements) for stage in project.stages):
            return cached
        fresh: dict[str, list] = {}
        if len(stale) > self.MANY:
            for review in review_project(project, as_of):
                fresh.setdefault(review.element_id, []).append(review)
            stale = [(stage.key, e) for stage in project.stages for e in stage.elements]
        else:
            ctx = _context(project)
            for key, element in stale:
                fresh[element.id] = [_review(ctx, key, element, i, as_of) for i in range(len(element.evidence))]
        for key, element in stale:
            rows = tuple(fresh.get(element.id, ()))
            fresh[element.id] = (element, key, rows, badge(rows))
        self.by_element = {e.id: fresh.get(e.id) or cached[e.id] for stage in project.stages for e in stage.elements}
        return self.by_element

    def badges(self, project: Project, as_of: date) -> dict[str, str]:
        """element id -> the symbol of its rows' worst status, for the elements with rows."""
        return {element_id: entry[3] for element_id, entry in self._update(project, as_of).items() if entry[3]}

    def of(self, project: Project, as_of: date) -> dict[str, tuple]:
        """element id -> the reviews of its rows, for every element in model order."""
        by_element = self._update(project, as_of)
        refs = project.refs()
        out = {}
        for element_id, (element, key, rows, symbol) in by_element.items():
            ref = refs[element_id]
            if rows and rows[0].element_ref != ref:  # renumbered: the same reviews under the new reference
                rows = tuple(r._replace(element_ref=ref, ref=f"{ref}.{r.row_number}") for r in rows)
                by_element[element_id] = (element, key, rows, symbol)
            out[element_id] = rows
        return out


def badge(rows_of_element: Iterable[RowReview]) -> str:
    """The symbol of an element's worst status, "" when it has no rows."""
    worst = element_status(rows_of_element)
    return STATUS_SYMBOLS[worst] if worst is not None else ""


def element_badges(reviews: dict[str, tuple]) -> dict[str, str]:
    """element id -> the symbol of its worst status (elements without rows have none)."""
    return {element_id: symbol for element_id, rows in reviews.items() if (symbol := badge(rows))}


def find_ref(project: Project, ref: str) -> tuple[str, Element, int]:
    """(stage key, element, row index) of a reference as the app shows it ("FO1.2": the second row of
    FO1) or of a row id. KeyError with a plain message (and a "did you mean") when there is none."""
    from .wording import did_you_mean

    text = ref.strip()
    refs = project.refs()
    m = _re("ref").fullmatch(text)
    if m:
        by_ref = {short: element_id for element_id, short in refs.items()}
        element_id = by_ref.get(m.group(1).upper())
        if element_id is not None:
            key, _, element = project.find(element_id)
            n = int(m.group(2))
            if 1 <= n <= len(element.evidence):
                return key, element, n - 1
            have = (f"it has rows {m.group(1).upper()}.1 to {m.group(1).upper()}.{len(element.evidence)}"
                    if len(element.evidence) > 1 else f"it has only {m.group(1).upper()}.1"
                    if element.evidence else "it has no evidence rows yet")
            raise KeyError(f"{m.group(1).upper()} has no row {n}: {have}")
    try:
        key, element, i, _ = project.find_row(text)
        return key, element, i
    except KeyError:
        pass
    known = [f"{refs[e.id]}.{n}" for _, e in project.elements() for n in range(1, len(e.evidence) + 1)]
    advice = did_you_mean(text.upper(), known, "") or did_you_mean(
        text, [r.id for _, e in project.elements() for r in e.evidence], "")
    raise KeyError(f"no evidence row '{text}': give an element's reference and row number as the app "
                   f"shows them (FO1.2 is the second row of FO1) or a row id" + (f"; {advice}" if advice else ""))
