"""Helpers for driving the app the way a person does: keys only, then read the screen or the file."""

from __future__ import annotations

import html
import re

from textual.pilot import Pilot

SIZES = [(80, 24), (160, 50)]


async def type_text(pilot: Pilot, text: str) -> None:
    """Type text key by key (newline = enter).

    Pilot cannot press characters such as "–" or "é"; those arrive as a terminal delivers
    them when pasted, as a Paste event to the focused widget."""
    from textual import events

    for c in text:
        if c == "\n":
            await pilot.press("enter")
        elif c.isascii():
            await pilot.press(c)
        else:
            pilot.app.focused.post_message(events.Paste(c))
            await pilot.pause()


async def settle(pilot: Pilot) -> None:
    """Let workers, dialogs and refreshes finish (a worker waiting on an open dialog stays waiting)."""
    for _ in range(4):
        await pilot.pause()


def screen_text(app) -> str:
    """What is on the screen, line by line, as plain text (from an SVG screenshot)."""
    svg = app.export_screenshot()
    lines: dict[float, list[tuple[float, str]]] = {}
    for x, y, text in re.findall(r'<text[^>]*?x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', svg, flags=re.S):
        lines.setdefault(float(y), []).append((float(x), html.unescape(text).replace("\xa0", " ")))
    return "\n".join("".join(t for _, t in sorted(parts)) for _, parts in sorted(lines.items()))
