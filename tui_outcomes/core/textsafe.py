"""Project text on its way to a terminal: shown literally, never obeyed.

Control characters (ESC, BEL, backspace, C1 codes ...), invisible direction
overrides and zero-width characters are replaced by visible stand-ins, so that
text from a file can neither move the cursor nor recolour the screen nor
reorder or hide what is shown.  Newlines and tabs are kept.

Used on every path where text is shown or meant to be read: the app's screens,
plain-text and Markdown exports (to a terminal, a pipe or a file alike) and every
command's output.  CSV and JSON keep the data exactly (JSON with ``\\uXXXX``
escapes: :func:`json_safe`).
"""

from __future__ import annotations

import re

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064"
                     "\u2066-\u2069\ufeff]")


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control pictures": ␛ for ESC
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def terminal_safe(text: str) -> str:
    """``text`` with every control or direction-override character made visible."""
    return _UNSAFE.sub(_visible, text)


def is_safe(text: str) -> bool:
    """True when nothing in ``text`` would be obeyed or hidden by a terminal (newlines and tabs aside)."""
    return _UNSAFE.search(text) is None


def json_safe(text: str) -> str:
    """JSON text (from ``json.dumps``) with every unsafe character written as a ``\\uXXXX`` escape: the
    same data for a JSON reader, nothing for a terminal to obey. (They can only occur inside strings.)"""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def one_line(text: str) -> str:
    """A single display line: newlines shown as ↵, tabs as spaces, controls visible."""
    return terminal_safe(text.replace("\r\n", "\n").replace("\n", " ↵ ").replace("\t", "    "))
