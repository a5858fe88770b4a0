"""Every key binding of the app by its id: for checking a user keymap, ``tui-outcomes keys`` and the README.

Part of the Textual shell (it imports every screen to read its bindings), used by the app and
by ``tui-outcomes keys``; nothing in the core needs it. The bindings themselves stay where they
act (each screen's, dialog's and widget's BINDINGS); this walks them all, so there is still one
place that defines a key.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import NamedTuple


PLACES = {"OutcomesApp": "everywhere", "ProjectScreen": "every project screen", "MarkedList": "every list"}


class KeyBinding(NamedTuple):
    id: str
    keys: str
    description: str
    where: str


def _modules():
    from . import dialogs, screens, widgets

    for package in (screens, dialogs, widgets):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            yield importlib.import_module(info.name)


def all_bindings(app_class: type | None = None) -> list[KeyBinding]:
    """Every binding with an id, once each: the app's (``app_class``, given by the caller, so that this
    module never imports the app that uses it), then the screens', dialogs' and widgets' in the order
    their modules define them."""
    from textual.binding import Binding

    found: dict[str, KeyBinding] = {}
    classes = [app_class] if app_class else []
    for module in _modules():
        classes += [value for value in vars(module).values()
                    if isinstance(value, type) and value.__module__ == module.__name__]
    for value in classes:
        for binding in vars(value).get("BINDINGS") or ():
            if isinstance(binding, Binding) and binding.id and binding.id not in found:
                where = getattr(value, "WHERE", "") or PLACES.get(value.__name__) or value.__name__
                found[binding.id] = KeyBinding(binding.id, binding.key, binding.description or binding.action, where)
    return list(found.values())


def unknown_ids(keymap, app_class: type | None = None) -> list[str]:
    """Messages for the keymap's binding ids that no binding has."""
    known = {b.id for b in all_bindings(app_class)}
    return [f"keymap: {binding_id}: no key binding has this id; tui-outcomes keys lists them"
            for binding_id in keymap if binding_id not in known]
