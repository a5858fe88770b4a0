"""The keys of the current screen on one line: a light stand-in for Textual's Footer.

It is built from the screen's bindings (the one registry of actions), honours
a user keymap, and costs one Static instead of a widget per key. The screen's own
keys come first, then how to go back, save and undo, help and quit; what does not
fit is left to help (f1) and the palette, never cut in half.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

# Keys every project screen shares, after the screen's own, in this order; help and back are
# always shown (they lead to everything else).
SHARED = ("project.leave", "project.save", "project.undo", "app.help", "app.quit")
ALWAYS = ("project.leave", "app.help")
GAP = "  "


def key_for(screen, binding_id: str) -> str:
    """How the key of the binding ``binding_id`` is shown (as the user's keymap has it), for hints
    written in sentences; "" when the screen has no such binding in force."""
    for active in screen.active_bindings.values():
        if active.binding.id == binding_id:
            return screen.app.get_key_display(active.binding)
    return ""


def press(screen, binding_id: str, what: str) -> str:
    """``"press a to add one"`` with the key the user has for ``binding_id``; "" when none is in force."""
    key = key_for(screen, binding_id)
    return f"press {key} {what}" if key else ""


def with_hint(text: str, hint: str) -> str:
    """``"(none yet: press s to add one)"``, or ``"(none yet)"`` when there is no key to name."""
    return f"({text}: {hint})" if hint else f"({text})"


def clickable(node, action: str) -> str:
    """The action a click on a key's label runs, in the namespace of the node that binds it."""
    from textual.app import App
    from textual.screen import Screen

    if "." in action.split("(")[0]:
        return action  # already namespaced (app.quit)
    if isinstance(node, App):
        return f"app.{action}"
    if isinstance(node, Screen):
        return f"screen.{action}"
    return f"focused.{action}"


class KeyBar(Static):
    def on_mount(self) -> None:
        self.call_after_refresh(self.show_keys)
        self.screen.bindings_updated_signal.subscribe(self, lambda screen: self.show_keys())

    def on_resize(self) -> None:
        self.show_keys()

    def entries(self) -> list[tuple[str, str, bool, str]]:
        """(key, description, always shown, action to run when clicked) in the order they are offered."""
        own: list[tuple[str, str, bool, str]] = []
        shared: dict[str, tuple[str, str, bool, str]] = {}
        seen: set[str] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.description or binding.action in seen or not active.enabled:
                continue
            click = clickable(active.node, binding.action)
            if binding.id in SHARED:
                seen.add(binding.action)
                shared[binding.id] = (self.app.get_key_display(binding), binding.description, binding.id in ALWAYS,
                                      click)
            elif binding.show:
                seen.add(binding.action)
                own.append((self.app.get_key_display(binding), binding.description, False, click))
        named = {words for _, words, _, _ in own}  # the portfolio's own "q Quit" stands for the app's
        return own + [shared[i] for i in SHARED if i in shared and shared[i][1] not in named] + \
            [("^p", "palette", False, "app.command_palette")]

    def show_keys(self) -> None:
        entries = self.entries()
        width = self.size.width or self.app.size.width
        cost = [len(key) + 1 + len(words) + len(GAP) for key, words, _, _ in entries]
        room = width - sum(c for c, (_, _, always, _) in zip(cost, entries) if always)
        keep = []
        for c, (key, words, always, click) in zip(cost, entries):
            if always or c <= room:
                keep.append((key, words, click))
                room -= 0 if always else c
        text = Text(no_wrap=True, overflow="ellipsis")
        for key, words, click in keep:
            meta = Style.from_meta({"@click": click}) if click else Style()
            text.append(key, Style(bold=True) + meta)
            text.append(f" {words}{GAP}", meta)
        text.rstrip()
        self.update(text)
