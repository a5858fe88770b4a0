"""TOML syntax errors are reported with the line and column and what probably happened."""

import pytest

from tui_outcomes.core import fileformat as ff
from tui_outcomes.core.toml_errors import explain

CASES = [
    ('format = 1\ntitle = "abc\nx = 1\n', 2, "a string is not closed: check the quotes on line 2"),
    ("format = 1\ntitle = 'abc\nx = 1\n", 2, "a string is not closed: check the quotes on line 2"),
    ('format = 1\ntitle = """abc\nx = 1\n', None, "a multi-line string opened on line 2 is not closed"),
    ("format = 1\ntitle = \n", 2, "a value is missing or not quoted"),
    ("format = 1\nmy key = 1\n", 2, "a key with spaces must be in quotes"),
    ("format = 1\nformat = 2\n", 2, "this key is given twice"),
    ("format = 1\n[details]\n[details]\n", 3, "this table header appears twice"),
    ("format = 1\n[details\n", 2, "missing its closing bracket"),
    ("format = 1\na = [1, 2\nb = 3\n", None, "a list [ … ] is not closed"),
    ('format = 1\na = "C:\\path"\n', 2, "a backslash"),
    ('format = 1\na = "a\x01b"\n', 2, "control character (U+0001)"),
]


@pytest.mark.parametrize("text,line,advice", CASES)
def test_syntax_errors_say_what_probably_happened(text, line, advice):
    with pytest.raises(ff.ProjectFileError) as info:
        ff.parse(text, "x.toml")
    (problem,) = info.value.problems
    assert problem.message.startswith("not valid TOML: ")
    assert advice in problem.message
    assert problem.line is not None and problem.column is not None
    if line is not None:
        assert problem.line == line
    assert problem.format("x.toml").startswith(f"x.toml:{problem.line}:{problem.column}: ")


def test_an_unknown_message_is_kept_as_the_parser_gave_it():
    assert explain("Something new", "a = 1\n", 1, 3) == ("Something new", 1, 3)
