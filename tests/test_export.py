import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tui_outcomes.core.export import PARTS, ExportError, md_cell, render
from tui_outcomes.core.model import Link, Project
from tui_outcomes.core.textsafe import terminal_safe

NASTY = 'a | pipe, a "quote", a comma\nand a new line [bold]x[/] *star* \\ `tick` <b>'


def nasty_project():
    p = Project().with_details(title="T [red]", description=NASTY)
    p, f = p.add_element("final_outcomes", NASTY)
    p, i = p.add_element("interim_outcomes", "interim")
    p = p.with_links(i, [Link(f, "because | of it")])
    p, r = p.add_row(f, source=NASTY, baseline="n/a", target="x|y", data_method="m", frequency="f")
    p = p.with_answer("applications", "1.3", "purpose", True).with_answer("applications", "1.3", specify="pipes | here")
    return p, f, r


@pytest.mark.parametrize("part", PARTS)
def test_text_wraps_at_78(example, part):
    text = render(example, "text", part)
    assert text.endswith("\n")
    assert all(len(line) <= 78 for line in text.splitlines())


def _tables(markdown: str):
    tokens = MarkdownIt().enable("table").parse(markdown)
    tables, current, row = [], None, None
    for tok in tokens:
        if tok.type == "table_open":
            current = []
        elif tok.type == "tr_open":
            row = []
        elif tok.type in ("th_open", "td_open"):
            row.append("")
        elif tok.type == "inline" and row is not None and current is not None:
            row[-1] = tok.content
        elif tok.type == "tr_close":
            current.append(row)
            row = None
        elif tok.type == "table_close":
            tables.append(current)
            current = None
    return tables


def test_markdown_tables_keep_their_columns_with_pipes_and_newlines():
    p, f, r = nasty_project()
    markdown = render(p, "markdown", "evidence")
    table = next(t for t in _tables(markdown) if t[0][0] == "Element")
    assert all(len(row) == 6 for row in table)
    assert table[1][2] == "n/a"
    assert table[1][3] == "x|y"  # the escaped pipe stays inside its cell


def test_markdown_checklist_has_one_row_per_item():
    from tui_outcomes.core import proforma

    p, _, _ = nasty_project()
    tables = _tables(render(p, "markdown", "checklist"))
    rows = [row for t in tables for row in t[1:]]
    assert [r[0] for r in rows] == [i.number for s in proforma.SECTIONS for i in s.items]
    assert all(len(t[0]) == 2 + len(s.columns) for t, s in zip(tables, [proforma.ANALYSES] + [proforma.APPLICATIONS] * 5))
    row = next(r for r in rows if r[0] == "1.3")
    assert row[2:] == ["Yes", "—"]  # unanswered is not No


def test_markdown_paragraph_text_is_not_formatting():
    p, _, _ = nasty_project()
    html = MarkdownIt().render(render(p, "markdown", "all"))
    assert "<strong>" not in html.split("FO1")[1].split("</li>")[0].replace("<strong>FO1</strong>", "")
    assert "<b>" not in html and "&lt;b&gt;" in html


def test_csv_reads_back_to_the_same_cells():
    p, f, r = nasty_project()
    rows = list(csv.reader(io.StringIO(render(p, "csv", "evidence"), newline="")))
    assert rows[1][2] == NASTY and rows[1][3] == NASTY and rows[1][5] == "x|y"
    checklist = list(csv.reader(io.StringIO(render(p, "csv", "checklist"), newline="")))
    row = next(r for r in checklist if r[1] == "1.3")
    assert row[6:] == ["Yes", "", "pipes | here"]


def test_csv_refuses_the_whole_project():
    with pytest.raises(ExportError):
        render(Project(), "csv", "all")


def test_md_cell():
    assert md_cell("a|b\nc") == "a\\|b<br>c"


def test_terminal_safe_shows_controls():
    assert terminal_safe("a\x1b[31mred\x07\tb\n\u202e") == "a\u241b[31mred\u2407\tb\n<U+202E>"


@pytest.mark.parametrize("fmt", ["text", "markdown", "csv"])
@pytest.mark.parametrize("part", PARTS)
def test_every_part_in_every_format(example, part, fmt):
    """Each part × format renders as its format promises, for the worked example and for hostile text."""
    p, _, _ = nasty_project()
    for project in (example, p):
        if fmt == "csv" and part == "all":
            with pytest.raises(ExportError):
                render(project, fmt, part)
            continue
        text = render(project, fmt, part)
        if fmt == "text":
            assert all(len(line) <= 78 for line in text.splitlines())
        elif fmt == "markdown":
            for table in _tables(text):
                assert all(len(row) == len(table[0]) for row in table), table
        else:
            rows = list(csv.reader(io.StringIO(text, newline="")))
            assert len(rows) > (project is example) and all(len(row) == len(rows[0]) for row in rows)
            if project is p and part in ("evidence", "final_outcomes"):
                assert NASTY in rows[1]  # commas, quotes and newlines come back as they were


def test_files_keep_the_text_exactly_and_csv_gets_a_byte_order_mark():
    from tui_outcomes.core.export import file_bytes

    assert file_bytes("a\x1bb", "text") == b"a\x1bb"
    assert file_bytes("a,b\r\n", "csv") == b"\xef\xbb\xbfa,b\r\n"


def test_text_reads_well_when_pasted(example):
    from tui_outcomes.core import export as ex
    from tui_outcomes.core.model import Link

    text = ex.render(example, "text")
    assert "\n\n\n" not in text  # no run of blank lines, after the title or anywhere
    io1 = example.stage("interim_outcomes").elements[0]
    fo1 = example.stage("final_outcomes").elements[0]
    links = [Link(l.id, "radio aids help in class" if l.id == fo1.id else "") for l in io1.supports]
    assert fo1.id in [l.id for l in links]
    p = example.with_links(io1.id, links)
    model = ex.render(p, "text", "model")
    assert "Supports FO1 — because radio aids help in class" in model
    assert model.count("radio aids help in class") == 1
    # without reasons the links stay on one line
    assert "Supports: " in ex.render(example, "text", "model")


def test_checklist_answered_only(example):
    from tui_outcomes.core import export as ex

    p = example.with_answer("applications", "1.1", "purpose", True)
    for fmt in ("text", "markdown", "csv"):
        full = ex.render(p, fmt, "checklist")
        short = ex.render(p, fmt, "checklist", answered_only=True)
        assert "1.1" in short and len(short) < len(full)
        assert "4.7" in full and "4.7" not in short
    assert "(no answers yet)" in ex.render(p, "text", "checklist", answered_only=True)  # Section 1


def test_answered_only_from_the_command_line(tmp_path, capsys):
    from tui_outcomes.cli import main

    from .conftest import EXAMPLE

    assert main(["export", str(EXAMPLE), "-p", "checklist", "--answered-only"]) == 0
    out = capsys.readouterr().out
    assert "NATSIP PRO-FORMA" in out and "4.7" not in out


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("ab c\t\u00a0\u3000x\n"), max_size=120), st.sampled_from(["", "  ", "FO1  "]),
       st.sampled_from([None, "", "     "]), st.integers(4, 80))
def test_wrap_fast_path_is_what_textwrap_gives(text, indent, hanging, width):
    """Lines that fit skip textwrap; the result is the same as textwrap's, whitespace and all."""
    import textwrap

    from tui_outcomes.core.export import wrap

    expected = []
    hang = indent if hanging is None else hanging
    for n, line in enumerate(text.split("\n")):
        lead = indent if n == 0 else hang
        if not line.strip():
            expected.append("")
            continue
        own = line[: len(line) - len(line.lstrip())]
        expected.extend(textwrap.wrap(line.strip(), width, initial_indent=lead + own, subsequent_indent=hang + own,
                                      break_long_words=False, break_on_hyphens=False) or [lead])
    assert wrap(text, indent, hanging, width) == expected


def test_review_part_progress_as_of_a_date_in_every_format(example):
    from datetime import date

    from tui_outcomes.core.model import Reading

    project = example
    for _, element in example.elements():  # without the example's own readings
        for row in element.evidence:
            project = project.with_row(row.id, readings=())
    project = project.add_reading("r2a8k", Reading("2026-10-20", "8")).add_reading(
        "r2a8k", Reading("2026-12-15", "7", note="Calmer after the [b]training[/b] | week 3"))
    as_of = date(2027, 1, 10)
    text = render(project, "text", "review", as_of=as_of)
    lines = text.splitlines()
    assert lines[0] == "Progress as of 10 January 2027" and all(len(line) <= 78 for line in lines)
    assert "Met 0, on track 1, at risk 0, off track 0, not started" in text
    block = text[text.index("FO1.1"):text.index("FO1.2")]
    for expected in ("Baseline: 10 incidents recorded last term", "Latest:   7 (2026-12-15)",
                     "Status:   ● on track; improving; 60% of the way", "Next due: 2027-03-31",
                     "Note:     Calmer after the [b]training[/b] | week 3"):
        assert expected in block
    markdown = render(project, "markdown", "review", as_of=as_of)
    assert markdown.startswith("# Progress as of 10 January 2027\n")
    row = next(line for line in markdown.splitlines() if line.startswith("| FO1.1 "))
    assert "| 7 (2026-12-15) |" in row and "\\[b\\]training\\[/b\\] \\| week 3" in row
    rows = list(csv.reader(io.StringIO(render(project, "csv", "review", as_of=as_of), newline="")))
    head = rows[0]
    first = dict(zip(head, rows[1]))
    assert (first["As of"], first["Ref"], first["Latest"], first["Latest date"], first["Status"], first["Progress"],
            first["Trend"], first["Note"]) == ("2027-01-10", "FO1.1", "7", "2026-12-15", "on track", "0.60",
                                               "improving", "Calmer after the [b]training[/b] | week 3")
    assert len(rows) == 1 + sum(len(e.evidence) for _, e in project.elements())
    # as_of earlier than the readings: they are not known yet
    assert "Latest:   no reading yet" in render(project, "text", "review", as_of=date(2026, 9, 1)).split("FO1.2")[0]
