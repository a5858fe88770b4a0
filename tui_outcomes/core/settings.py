"""The user's settings: one TOML file in the user config folder, written atomically.

    theme = "high-contrast"
    last_folder = "/home/sam/commissioning/projects"
    editor = "nano"

    [keymap]
    "model.add_element" = "n"

The config folder is ``$TUI_OUTCOMES_CONFIG`` when set, else the platform's user config
folder (``~/.config/tui-outcomes`` on Linux). A settings file that cannot be read is
reported and the defaults are used; before it is next written it is copied aside to
``settings.toml.bak`` so nothing the user wrote is lost. Unknown keys are kept.
"""

import os
from pathlib import Path
from types import MappingProxyType
from typing import Mapping, NamedTuple

import tomli

from .wording import did_you_mean

FILE_NAME = "settings.toml"
FIELDS = ("theme", "last_folder", "editor", "keymap")
# Keys that terminal multiplexers take for themselves: tmux's prefix and GNU screen's.
MULTIPLEXER_KEYS = {"ctrl+b": "tmux", "ctrl+a": "GNU screen"}


class Settings(NamedTuple):
    theme: str | None = None
    last_folder: str | None = None
    editor: str | None = None
    keymap: Mapping[str, str] = MappingProxyType({})
    extras: Mapping[str, object] = MappingProxyType({})  # keys we do not know, kept as they were

    def replace(self, **changes) -> "Settings":
        return self._replace(**changes)


def config_folder() -> Path:
    folder = os.environ.get("TUI_OUTCOMES_CONFIG")
    if folder:
        return Path(folder)
    from platformdirs import user_config_dir

    return Path(user_config_dir("tui-outcomes", appauthor=False))


def load(path: Path) -> tuple[Settings, list[str]]:
    """The settings in ``path`` and the problems found; defaults (and no problems) when it is missing."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings(), []
    except (OSError, UnicodeDecodeError) as exc:
        return Settings(), [f"{path}: cannot be read ({exc}); using the default settings"]
    try:
        data = tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        return Settings(), [f"{path}:{exc.lineno}:{exc.colno}: {exc.msg}; using the default settings "
                            f"(the file is kept, and copied to {path.name}.bak before it is next saved)"]
    problems = []
    values: dict = {}
    extras = {}
    for key, value in data.items():
        if key not in FIELDS:
            hint = did_you_mean(key, FIELDS)
            problems.append(f"{path}: {key}: unknown setting, kept as it is" + (f"; {hint}" if hint else ""))
            extras[key] = value
        elif key == "keymap":
            if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
                values[key] = MappingProxyType(dict(value))
            else:
                problems.append(f"{path}: keymap: must be a table of binding ids and keys, "
                                f"e.g. \"model.add_element\" = \"n\"; ignored")
        elif isinstance(value, str):
            values[key] = value
        else:
            problems.append(f"{path}: {key}: must be text in quotes; ignored")
    problems += keymap_warnings(values.get("keymap", {}), path)
    return Settings(**values, extras=MappingProxyType(extras)), problems


def keymap_warnings(keymap: Mapping[str, str], path: Path | str = FILE_NAME) -> list[str]:
    """Warnings for keys that tmux or screen take before the app can see them."""
    warnings = []
    for binding_id, keys in keymap.items():
        for key in keys.split(","):
            owner = MULTIPLEXER_KEYS.get(key.strip().lower())
            if owner:
                warnings.append(f"{path}: keymap.{binding_id}: {key.strip()} is the {owner} prefix key and may "
                                f"never reach the app inside {owner}; choose another key")
    return warnings


def dumps(settings: Settings) -> str:
    import tomli_w

    data: dict = {key: value for key, value in settings.extras.items()}
    for key in ("theme", "last_folder", "editor"):
        value = getattr(settings, key)
        if value is not None:
            data[key] = value
    if settings.keymap:
        data["keymap"] = dict(settings.keymap)
    return tomli_w.dumps(data)


def save(path: Path, settings: Settings) -> None:
    """Write atomically; a file already there that does not load cleanly is first copied aside.

    Raises ``fileformat.SaveError`` when the file cannot be written."""
    from .fileformat import SaveError, write_atomic

    try:
        if path.exists() and load(path)[1]:
            write_atomic(path.with_name(path.name + ".bak"), path.read_bytes(), force=True)
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SaveError(f"could not save {path}: {exc.strerror or exc}; the file on disk is unchanged") from None
    write_atomic(path, dumps(settings).encode("utf-8"), force=True)
