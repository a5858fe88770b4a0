"""Themes are TOML files: the shipped ones in ``themes/``, the user's own, and ``--themes DIR``.

A theme file has a ``name``, Textual's theme colours (``primary`` is required), ``dark``,
an optional ``description`` and a ``[variables]`` table of extra design variables.
A bad file is reported with its path and field and skipped; the others still load.

Not part of the core: theme files exist for the Textual shell, and colours are checked with
Textual's own colour parser (imported only when a file is checked), so that exactly what
Textual accepts is accepted. Turning a checked file into a Textual ``Theme`` is the app's job.
"""

from pathlib import Path
from typing import Iterable, NamedTuple

import tomli

from .core.wording import did_you_mean



def _shipped() -> Path:
    """The shipped themes: ``themes/`` at the top of a checkout (their one source), installed in a
    wheel as ``tui_outcomes/themes`` (pyproject.toml's package-dir)."""
    installed = Path(__file__).parent / "themes"
    return installed if installed.is_dir() else Path(__file__).parent.parent / "themes"


SHIPPED = _shipped()
DEFAULT = "outcomes-dark"
NO_COLOR_THEME = "monochrome"
COLOURS = ("primary", "secondary", "accent", "background", "surface", "panel", "foreground",
           "warning", "error", "success", "boost")
KEYS = ("name", "description", "dark", "variables", *COLOURS)


class ThemeFile(NamedTuple):
    path: Path
    name: str           # the theme's name, or the file's stem when the name is missing
    description: str
    data: dict          # keyword arguments for Textual's Theme; empty when the file is bad
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def _is_colour(value: str) -> bool:
    from textual.color import Color, ColorParseError

    try:
        Color.parse(value)
    except ColorParseError:
        return False
    return True


def read(path: Path) -> ThemeFile:
    """One theme file, checked; problems are ``file:line:col: message`` or ``file: field: message``."""
    where = str(path)
    try:
        data = tomli.loads(path.read_text(encoding="utf-8"))
    except tomli.TOMLDecodeError as exc:
        line, column = exc.lineno, exc.colno
        return ThemeFile(path, path.stem, "", {}, (f"{where}:{line}:{column}: {exc.msg} (not valid TOML)",))
    except (OSError, UnicodeDecodeError) as exc:
        return ThemeFile(path, path.stem, "", {}, (f"{where}: cannot be read: {exc}",))
    problems = []

    def bad(field: str, message: str) -> None:
        problems.append(f"{where}: {field}: {message}")

    for key in data:
        if key not in KEYS:
            bad(key, "unknown key; " + did_you_mean(key, KEYS, f"use one of {', '.join(KEYS)}"))
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        bad("name", "missing; every theme needs a name, e.g. name = \"my-theme\"")
        name = path.stem
    description = data.get("description", "")
    if not isinstance(description, str):
        bad("description", "must be text")
    if "dark" in data and not isinstance(data["dark"], bool):
        bad("dark", "must be true or false")
    if "primary" not in data:
        bad("primary", "missing; a theme needs at least its primary colour")
    for key in COLOURS:
        value = data.get(key)
        if value is not None and (not isinstance(value, str) or not _is_colour(value)):
            bad(key, f"{value!r} is not a colour; use #rrggbb, rgb(r, g, b), hsl(…) or a colour name")
    variables = data.get("variables", {})
    if not isinstance(variables, dict) or not all(isinstance(v, str) for v in variables.values()):
        bad("variables", "must be a table of names and text values, e.g. border = \"#ffff00\"")
    if problems:
        return ThemeFile(path, name, "", {}, tuple(problems))
    kwargs = {key: data[key] for key in (*COLOURS, "dark") if key in data}
    kwargs["variables"] = dict(variables)
    return ThemeFile(path, name, description, kwargs, ())


def user_folder(config: Path) -> Path:
    return config / "themes"


def discover(folders: Iterable[Path]) -> list[ThemeFile]:
    """Every theme file in ``folders`` (shipped first), in order; a later theme replaces an earlier one
    of the same name. Missing folders are skipped."""
    found = []
    for folder in folders:
        if folder.is_dir():
            found += [read(path) for path in sorted(folder.glob("*.toml"))]
    return found


def usable(files: Iterable[ThemeFile]) -> dict[str, ThemeFile]:
    """Name → the theme file that wins for that name."""
    return {f.name: f for f in files if f.ok}
