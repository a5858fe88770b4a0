"""A row's readings as a line of block characters on a fixed scale, from its baseline to its target.

Textual's Sparkline scales to the data's own lowest and highest value (10 → 13 would fill the
whole height) and cannot show a missing value. Here the bottom block is the baseline and the top
block the target, whichever way the row improves, so a line that climbs is always progress; a
period with no reading is a visible gap; a value past either end is clamped to a mark of its own
rather than quietly drawn as the end it passed.
"""

from __future__ import annotations

from typing import Sequence

BLOCKS = "▁▂▃▄▅▆▇█"  # the baseline is the first, the target the last
GAP = "·"  # a period with no reading
BEYOND = "↑"  # past the target (better than planned)
BEHIND = "↓"  # behind the baseline (gone backwards)
LEGEND = (f"{BLOCKS[0]}…{BLOCKS[-1]} baseline to target · {GAP} no reading that period · "
          f"{BEYOND} past the target · {BEHIND} behind the baseline")


def level(value: float, start: float, end: float) -> str:
    """The character for one value on the scale from ``start`` (the baseline) to ``end`` (the target);
    ``start`` may be above ``end`` (lower is better)."""
    share = (value - start) / (end - start)
    if share < 0:
        return BEHIND
    if share > 1:
        return BEYOND
    return BLOCKS[round(share * (len(BLOCKS) - 1))]


def trend_line(series: Sequence[float | None], start: float | None, end: float | None, width: int) -> str:
    """The last ``width`` values of ``series`` (one a period, None for none) as characters, oldest first.

    "" when there is no scale to draw on: no baseline or target number, or both the same."""
    if start is None or end is None or start == end or width <= 0:
        return ""
    return "".join(GAP if value is None else level(value, start, end) for value in series[-width:])
