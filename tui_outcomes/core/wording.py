"""Words for counts, so that every message reads "1 row" and "2 rows", never "1 rows" or "row(s)"."""

from __future__ import annotations

# Plurals that do not just add "s".
_IRREGULAR = {"case study": "case studies", "study": "studies", "is": "are", "was": "were", "has": "have"}


def plural(n: int, word: str, many: str | None = None) -> str:
    """``word`` for a count of ``n``: the word itself for 1, else its plural (``many`` if given)."""
    if n == 1:
        return word
    if many is not None:
        return many
    return _IRREGULAR.get(word) or (word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in "aeiou"
                                    else word + "s")


def did_you_mean(word: str, known, otherwise: str = "") -> str:
    """``"did you mean 'title'?"`` for the known word closest to ``word`` (a typo in a key), else
    ``otherwise`` (e.g. the list of known words). The one "did you mean" of the project file, the
    settings file and theme files."""
    import difflib

    close = difflib.get_close_matches(word, list(known), n=1)
    return f"did you mean '{close[0]}'?" if close else otherwise


def count(n: int, word: str, many: str | None = None) -> str:
    """``"1 row"``, ``"2 rows"``, ``"0 case studies"``; thousands separated by commas."""
    return f"{n:,} {plural(n, word, many)}"
