"""Helpers for driving the app the way a person does: keys only, then read the screen or the file.

Use these, not ``pilot.press``, to send keys. ``pilot.press`` waits after *every* key, even when
given several in one ``press(*keys)`` call: twice until the process has been idle for a 20 ms
slice (which, while the app redraws, takes up to a second) and for animations, so each key cost
about 100 ms and pressing keys made up most of the suite's time. Here each wait is for the messages
already sent to be handled (``pilot.pause(0)``: Textual's wait for the screen's message queues,
then one turn of the event loop), which is what the next key needs and takes a few milliseconds.

- ``press``: keys one after another, each handled before the next (use it for keys that open or
  close a screen or move the focus; ``settle`` after one that opens a dialog or starts a worker);
- ``burst``: keys sent all at once, as a terminal delivers fast typing or a held key;
- ``type_text``: text as one paste (one ``Paste`` event), as a terminal delivers pasted text;
- ``type_keys``: text key by key, for the few tests that are about typing.
"""

from __future__ import annotations

import contextlib
import html
import re
import time
import unicodedata

from textual import events
from textual.keys import KEY_NAME_REPLACEMENTS, REPLACED_KEYS, key_to_character
from textual.pilot import Pilot
from textual.widget import Widget

SIZES = [(80, 24), (160, 50)]


async def type_text(pilot: Pilot, text: str) -> None:
    """Enter text the way a terminal delivers a paste: one ``Paste`` event to the focused widget
    (newlines included: a multi-line editor keeps them, a one-line field takes the first line)."""
    pilot.app.post_message(events.Paste(text))
    await _handled(pilot)


async def _handled(pilot: Pilot) -> None:
    """Wait until the app has handled what was sent: once for the app to forward the events to the
    focused widget, once for that widget to handle them."""
    await pilot.pause(0)
    await pilot.pause(0)
    await pilot.wait_for_animation()


def _key_for(character: str) -> str:
    """The key name a terminal gives a typed character ("a", "space", "full_stop", "slash")."""
    if character == "\n":
        return "enter"
    if character.isalnum():
        return character
    name = unicodedata.name(character).lower().replace(" ", "_").replace("-", "_")
    return KEY_NAME_REPLACEMENTS.get(name, name)


def _event(key: str) -> events.Key:
    """The key event a terminal sends for a key name ("a", "down", "ctrl+s") or a character ("?")."""
    if len(key) == 1:
        return events.Key(_key_for(key), None if key == "\n" else key)
    return events.Key(key, key_to_character(REPLACED_KEYS.get(key, key)))


def _send(pilot: Pilot, keys) -> None:
    for key in keys:
        pilot.app.post_message(_event(key))


async def press(pilot: Pilot, *keys: str) -> None:
    """Press keys one after another, each handled before the next is sent (what ``pilot.press``
    does, without its idle waits). Keys are named as for ``pilot.press`` ("a", "down", "ctrl+s")."""
    for key in keys:
        _send(pilot, [key])
        await _handled(pilot)


async def burst(pilot: Pilot, *keys: str) -> None:
    """Send keys in one burst, as a terminal does when someone types fast or a key repeats: every
    key event is queued before the app handles the first, then wait once. Keys are named as for
    ``pilot.press`` ("a", "down", "ctrl+s")."""
    _send(pilot, keys)
    await _handled(pilot)
    await _typed_ahead(pilot)


async def _typed_ahead(pilot: Pilot) -> None:
    """Wait until keys the app holds back to keep them in order (typeahead.py) have all been sent on."""
    app = pilot.app
    await until(pilot, lambda: not getattr(app, "held_keys", None) and not getattr(app, "keys_in_flight", 0),
                "the keys typed ahead to be handled")
    await _handled(pilot)


async def type_keys(pilot: Pilot, text: str) -> None:
    """Type text key by key, in one burst (newline = enter): for the tests that are about typing."""
    _send(pilot, text)
    await _handled(pilot)
    await _typed_ahead(pilot)


async def settle(pilot: Pilot, timeout: float = 10.0) -> None:
    """Let dialogs, refreshes and the current screen's workers finish (a worker waiting on an
    open dialog belongs to the screen below it, so it is not waited for)."""
    for _ in range(3):
        await pilot.pause(0)
    await until(pilot, lambda: not _working(pilot.app), "the screen's workers to finish", timeout)
    await pilot.pause(0)


def _working(app) -> bool:
    """Whether keys typed ahead are still waiting (typeahead.py) or a worker of the current screen (or
    of a widget on it) has not finished."""
    if getattr(app, "held_keys", None) or getattr(app, "keys_in_flight", 0):
        return True
    screen = app.screen
    if not screen.is_mounted or (screen.focused is None and screen.focus_chain):
        return True  # a screen just pushed, not ready for keys yet
    if any(not worker.is_finished and isinstance(worker.node, Widget) and worker.node.screen is screen
           for worker in app.workers):
        return True
    # the app's own work (saving on the way out, leaving a project), unless it waits on the dialog on top
    from tui_outcomes.typeahead import BACKGROUND_GROUPS

    return not getattr(screen, "waits_for_keys", False) and any(
        not worker.is_finished and worker.node is app and worker.group not in BACKGROUND_GROUPS
        for worker in app.workers)


async def until(pilot: Pilot, condition, what: str, timeout: float = 10.0) -> None:
    """Wait until ``condition()`` holds (for work done in a thread or on a timer), checking after
    each moment the app is idle; fails, naming ``what``, if it does not within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:g} s for {what}")
        await pilot.pause()


@contextlib.asynccontextmanager
async def running(app, size: tuple[int, int] = (80, 24)):
    """Run ``app`` headless at ``size`` until its first screen has settled; yields the pilot."""
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        yield pilot


_TEXT = re.compile(r"<text ([^>]*)>(.*?)</text>", flags=re.S)
_LINE = re.compile(r'\bx="([\d.]+)".*\bclip-path="url\(#[\w-]+-line-(\d+)\)"')


def screen_text(app) -> str:
    """What is on the screen, line by line, as plain text (read from an SVG screenshot: each piece
    of text names its line in its clip path and its column in ``x``; the window title is left out).

    Fails loudly rather than return nothing, since an empty result would make every
    ``assert "x" not in screen_text(app)`` pass: a screenshot this cannot read (Textual's SVG has
    changed) or a screen with no text at all is an error."""
    svg = app.export_screenshot()
    found = _TEXT.findall(svg)
    if not found or len(found) != svg.count("<text "):
        raise AssertionError("screen_text cannot find the text in the screenshot: has Textual's SVG format changed?")
    lines: dict[int, list[tuple[float, str]]] = {}
    for attributes, text in found:
        if "-title" in attributes.split('"')[1]:  # the window's title, not part of the screen
            continue
        where = _LINE.search(attributes)
        if where is None:
            raise AssertionError(f"screen_text cannot tell where this text is: <text {attributes}>: "
                                 "has Textual's SVG format changed?")
        x, line = where.groups()
        lines.setdefault(int(line), []).append((float(x), html.unescape(text).replace("\xa0", " ")))
    shown = "\n".join("".join(t for _, t in sorted(parts)) for _, parts in sorted(lines.items()))
    if not shown.strip():
        raise AssertionError("screen_text: the screen shows no text at all")
    return shown
