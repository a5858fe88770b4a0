"""Keys typed ahead of the screen reach what they were typed for, in the order they were typed.

Over SSH people type faster than the screen answers: `a` and the element's text in one burst,
`ctrl+s` and `ctrl+q` together. Textual hands each key to the focused widget's queue as it
arrives, and a key's binding runs only when the key comes back up to the app; a dialog opened
by a worker appears later still. So keys typed after `a` used to reach the logic model as
commands before the dialog was up, and `ctrl+q` overtook the save of `ctrl+s`.

Here the app sends on one key at a time: the next waits until the key before it has been
handled (a marker message follows each key up the same path), until any worker the key
started has finished or is waiting on a dialog, and until the screen on top can take keys
(a dialog just opened has its field focused). Keys wait in order and never for long: after
FALLBACK seconds they go on regardless, so nothing can freeze the keyboard.
"""

from __future__ import annotations

from textual import events
from textual.app import App, ScreenStackError
from textual.message import Message

# Workers that never open a dialog nor change what a key means: keys do not wait for them ("render":
# an export's text and the preview's rows, made in threads; "checks": the logic model's first check). A save
# runs beside the keys too (a big file takes seconds); what must come after it (quitting, leaving,
# closing) waits for it in the app (OutcomesApp.saves_done).
BACKGROUND_GROUPS = frozenset({"scan", "git", "journal", "save", "render", "checks"})
# Long enough for a dialog to open on a busy shared server (a key let go early runs as a command:
# the R of "Reading…" typed after `a` would reload the file), short enough never to feel frozen.
FALLBACK = 3.0  # seconds


class KeyHandled(Message, bubble=True):
    """Sent after a key to the widget that got it; when it reaches the app, that key is done."""


class TypeAheadApp(App):
    """An App whose keys are handled strictly one after another (see the module docstring)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.held_keys: list[events.Key] = []
        self.keys_in_flight = 0
        self.hold_timer = None
        self.held_since = 0.0

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self.held_keys or not self.keys_may_flow():
                self.hold(event)
                return
            await self.send_key(event)
            return
        await super().on_event(event)

    async def send_key(self, event: events.Key) -> None:
        target = self.focused or self.screen
        await super().on_event(event)  # Textual's own way: priority bindings, else to the focused widget
        if event.is_forwarded:  # it went to a widget's queue: a marker follows it up the same path
            self.keys_in_flight += 1
            target.post_message(KeyHandled())

    def on_key_handled(self, message: KeyHandled) -> None:
        self.keys_in_flight = max(0, self.keys_in_flight - 1)
        self.call_later(self.release_keys)

    def keys_may_flow(self) -> bool:
        if self.keys_in_flight or not self.is_running:
            return False
        try:
            screen = self.screen
        except ScreenStackError:  # closing down
            return False
        if not getattr(screen, "takes_keys", False):
            # A screen just pushed takes keys once its field has focus (or it has none to focus).
            # Once it has, a click that leaves nothing focused does not hold keys back again.
            if not screen.is_mounted or (screen.focused is None and screen.focus_chain):
                return False
            screen.takes_keys = True
        busy = [w for w in self.workers if w.is_running and w.group not in BACKGROUND_GROUPS]
        if busy and not getattr(screen, "waits_for_keys", False):
            return False  # an action still at work (saving, about to open a dialog)
        return True

    def hold(self, event: events.Key) -> None:
        import time

        if not self.held_keys:
            self.held_since = time.monotonic()
        self.held_keys.append(event)
        if self.hold_timer is None:
            self.hold_timer = self.set_interval(0.01, self.release_keys)

    async def release_keys(self) -> None:
        import time

        if not self.is_running:  # closing down: nothing left to send keys to
            self.held_keys.clear()
        while self.held_keys:
            overdue = time.monotonic() - self.held_since > FALLBACK
            if not overdue and not self.keys_may_flow():
                return
            if overdue:
                self.keys_in_flight = 0
            event = self.held_keys.pop(0)
            self.held_since = time.monotonic()
            await self.send_key(event)
        if self.hold_timer is not None:
            self.hold_timer.stop()
            self.hold_timer = None
