"""Project text on its way to a terminal: shown literally, never obeyed.

Control characters (ESC, BEL, backspace, C1 codes ...) and invisible
direction overrides are replaced by visible stand-ins, so that text from a
file can neither move the cursor nor recolour the screen nor reorder what is
shown.  Newlines and tabs are kept.  Files written by the exporters keep the
text exactly; only what goes to a terminal passes through here.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


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


def one_line(text: str) -> str:
    """A single display line: newlines shown as ↵, tabs as spaces, controls visible."""
    return terminal_safe(text.replace("\r\n", "\n").replace("\n", " ↵ ").replace("\t", "    "))
