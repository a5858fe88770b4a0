"""What a TOML syntax error probably means, in words a person can act on.

The parser's messages are exact but terse ("Illegal character '\\n'"); each known message gets a
sentence saying what probably happened and what to check. Line and column stay as the parser gave
them, except where the mistake is at the end of the line before (an unclosed string).
"""

from __future__ import annotations

import re


def explain(message: str, text: str, line: int | None, column: int | None) -> tuple[str, int | None, int | None]:
    """``(message with advice, line, column)`` for a TOML decode error at ``line``:``column`` of ``text``."""
    lines = text.split("\n")
    hint = None
    if message == "Illegal character '\\n'" or message == "Illegal character '\\r'":
        hint = (f"a string is not closed: check the quotes on line {line} (text in \"…\" must end on the "
                "same line; use \"\"\"…\"\"\" for text over several lines)")
    elif message in ("Expected \"'\"", 'Expected \'"\''):
        # The parser notices only later on: point at the nearest line with an odd number of quotes.
        quote = message[-2]
        for number in range(min(line or 0, len(lines)), 0, -1):
            if lines[number - 1].count(quote) % 2:
                line, column = number, lines[number - 1].rindex(quote) + 1
                break
        hint = f"a string is not closed: check the quotes on line {line}"
    elif message == "Unterminated string":
        start = _last_opening_triple(lines[: (line or len(lines))])
        where = f" opened on line {start}" if start else ""
        hint = f"a multi-line string{where} is not closed: add the closing \"\"\" (or ''')"
    elif m := re.fullmatch(r"Illegal character '\\x([0-9a-f]{2})'", message):
        code = int(m.group(1), 16)
        hint = (f"the text holds a control character (U+{code:04X}), which TOML does not allow as it is: "
                f"remove it, or write it as \\u{code:04X}")
    elif message == "Invalid value":
        hint = ("a value is missing or not quoted: text must be in quotes (title = \"My project\"), "
                "numbers and true/false need none")
    elif message.startswith("Expected '=' after a key"):
        hint = ("expected key = value here: a key with spaces must be in quotes, and every key needs an "
                "= and a value")
    elif message == "Cannot overwrite a value":
        hint = "this key is given twice in the same table: remove or rename one of them"
    elif message.startswith("Cannot declare") and message.endswith("twice"):
        hint = "this table header appears twice: merge the two tables or remove one"
    elif message.startswith("Expected ']' at the end of a table declaration") or \
            message.startswith("Expected ']]' at the end of an array declaration"):
        hint = f"a table header on line {line} is missing its closing bracket"
    elif message == "Unclosed array":
        hint = "a list [ … ] is not closed, or two of its values have no comma between them"
    elif message == "Unclosed inline table":
        hint = "an inline table { … } is not closed: it must end with } on the same line"
    elif message.startswith("Unescaped '\\'"):
        hint = ("a backslash in \"…\" starts an escape: write \\\\ for a backslash, or use single quotes "
                "('C:\\folder')")
    elif message.startswith("Invalid") and "escape" in message.lower():
        hint = "an unknown escape after a backslash: write \\\\ for a backslash"
    if hint is None:
        return message, line, column
    return f"{message}: {hint}", line, column


def _last_opening_triple(lines: list[str]) -> int | None:
    """The line number where the last unclosed \"\"\" or ''' string began, if one can be seen."""
    open_at, quote = None, None
    for number, text in enumerate(lines, 1):
        for m in re.finditer(r'"""|\'\'\'', text):
            if quote is None:
                open_at, quote = number, m.group(0)
            elif m.group(0) == quote:
                open_at, quote = None, None
    return open_at
