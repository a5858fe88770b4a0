"""The keys of the current screen on one line: a light stand-in for Textual's Footer.

It is built from the screen's bindings (the one registry of actions), honours
a user keymap, and costs one Static instead of a widget per key.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


def key_for(screen, binding_id: str) -> str:
    """How the key of the binding ``binding_id`` is shown (as the user's keymap has it), for hints
    written in sentences; "" when the screen has no such binding in force."""
    for active in screen.active_bindings.values():
        if active.binding.id == binding_id:
            return screen.app.get_key_display(active.binding)
    return ""


class KeyBar(Static):
    def on_mount(self) -> None:
        self.call_after_refresh(self.show_keys)
        self.screen.bindings_updated_signal.subscribe(self, lambda screen: self.show_keys())

    def show_keys(self) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        seen: set[str] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.show or not binding.description or binding.action in seen or not active.enabled:
                continue
            seen.add(binding.action)
            text.append(self.app.get_key_display(binding), "bold")
            text.append(f" {binding.description}  ")
        text.append("^p", "bold")
        text.append(" palette")
        self.update(text)
