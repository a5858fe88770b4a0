"""Optional extras: what a feature needs that a plain ``pip install`` leaves out, and the one line
that says how to get it."""

from __future__ import annotations

from importlib.util import find_spec


class MissingExtra(Exception):
    """An optional dependency is not installed; the message names the extra to install."""


def need(module: str, package: str, extra: str, what: str) -> None:
    """Raise MissingExtra unless ``module`` (from the distribution ``package``) can be imported;
    looked up, not imported: cheap."""
    if find_spec(module) is None:
        raise MissingExtra(f"{what} needs {package}, which is not installed; "
                           f"install it with: pip install 'tui-outcomes[{extra}]'")
