"""Word export: every part, Word's own styles, tables that behave in Word and LibreOffice, the same
bytes for the same project, the command line's messages, and LibreOffice opening the result."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile

import pytest
from hypothesis import given, settings, strategies as st

docx = pytest.importorskip("docx", reason="the docx extra is not installed: pip install -e '.[test,all]'")

from docx.oxml.ns import qn  # noqa: E402

from tui_outcomes.cli import main  # noqa: E402
from tui_outcomes.core import docx_export, export  # noqa: E402
from tui_outcomes.core.model import CaseStudy, Link, Project  # noqa: E402
from tui_outcomes.core.stages import STAGES  # noqa: E402

from .conftest import EXAMPLE  # noqa: E402


def read(data: bytes):
    return docx.Document(io.BytesIO(data))


def body_kinds(document) -> list[str]:
    return [child.tag.split("}")[1] for child in document.element.body.iterchildren()]


def paragraphs(document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs]


def cell_texts(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def answered_project():
    p = Project().with_details(title="Hearing support", commissioner="LA sensory team", period="2026-27")
    p, f = p.add_element("final_outcomes", "Pupils with HI make expected progress by July 2027")
    p, i = p.add_element("interim_outcomes", "Teachers adapt lessons")
    p = p.with_links(i, [Link(f, "adapted lessons help progress")])
    p, _ = p.add_row(f, source="KS2 results", baseline="40%", target="60%", data_method="Dataset", frequency="Yearly")
    p = (p.with_answer("analyses", "1", "hi", True).with_answer("analyses", "1", "vi", False)
         .with_answer("applications", "1.3", "purpose", True).with_answer("applications", "1.3", specify="Own tracker"))
    return p.with_case_studies((CaseStudy("Using the data", "First paragraph.\n\nSecond paragraph."),))


@pytest.mark.parametrize("part", export.PARTS)
def test_every_export_part_is_a_word_document_or_refused_clearly(example, part):
    if part not in docx_export.PARTS:  # a part added to the text exports and not (yet) here
        with pytest.raises(export.ExportError, match=f"'{part}' cannot be written as a Word document"):
            docx_export.render(example, part)
        return
    document = read(docx_export.render(example, part))
    texts = [t for _, t in paragraphs(document)]
    headings = [t for s, t in paragraphs(document) if s == "Heading 1"]
    if part == "review":
        assert texts[0].startswith("Progress as of ") and texts[1].startswith("Behaviour support for pupils")
        assert headings == [f"{s.number}. {s.title}" for s in STAGES]
        return
    assert texts[0].startswith("Behaviour support for pupils with BESD")
    if part == "checklist":
        assert headings == ["NatSIP pro-forma: Applications of Outcomes Benchmarking Data"]
    else:
        stages = [s for s in STAGES if part not in [x.key for x in STAGES] or s.key == part]
        assert headings[:len(stages)] == [f"{s.number}. {s.title}" for s in stages]
        for s in stages:
            assert s.question in texts


def test_progress_report_as_of_a_day(example):
    from datetime import date

    from tui_outcomes.core import review

    day = date(2027, 1, 10)
    document = read(docx_export.render(example, "review", as_of=day))
    texts = [t for _, t in paragraphs(document)]
    assert texts[0] == "Progress as of 10 January 2027"
    rows = review.review_project(example, day)
    assert export.review_summary(rows) + "." in texts
    tables = document.tables
    assert all(cell_texts(t)[0] == ["Row", "Source", "Baseline", "Latest", "Target", "Status", "Next due"]
               for t in tables)
    shown = [r for t in tables for r in cell_texts(t)[1:]]
    assert [r[0] for r in shown] == [r.ref for r in rows]  # every evidence row, in model order
    first = rows[0]
    assert shown[0][5].startswith(export.status_text(first)) and shown[0][6] == export.due_text(first)
    assert docx_export.render(example, "review", as_of=day) == docx_export.render(example, "review", as_of=day)


def test_unknown_part_is_refused(example):
    with pytest.raises(export.ExportError, match="unknown part 'nope'"):
        docx_export.render(example, "nope")


def test_whole_project_uses_words_styles_a4_and_tables_that_behave(example):
    document = read(docx_export.render(example, "all"))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert len(document.sections) == 1  # portrait throughout: the evidence columns are fitted
    styles = {s for s, _ in paragraphs(document)}
    assert {"Title", "Heading 1", "Heading 2", "List Bullet", "List Bullet 2", "Quote"} <= styles
    texts = [t for _, t in paragraphs(document)]
    assert any(t.startswith("FO1 Fewer disruptive incidents") for t in texts)
    assert "Supports: FO3, FO1" in texts and "Supported by: OP1, OP2" in texts
    kinds = body_kinds(document)
    assert all(not (a == b == "tbl") for a, b in zip(kinds, kinds[1:])), "two tables side by side merge in Word"
    evidence = [t for t in document.tables if t.rows[0].cells[0].text == "Element"]
    assert len(evidence) == 4
    assert cell_texts(evidence[0])[0] == ["Element", "Source", "Baseline", "Target", "Data method", "Frequency"]
    assert sum(len(t.rows) - 1 for t in evidence) == 24  # the worked example's evidence rows
    text_width = section.page_width - section.left_margin - section.right_margin
    for table in document.tables:
        assert table.style.name == "Table Grid"
        cells = table._tbl.iter(qn("w:tc"))
        widths = [tc.tcPr.find(qn("w:tcW")) for tc in cells]
        assert all(w is not None and int(w.get(qn("w:w"))) > 0 for w in widths), "every cell has a width"
        first_row = [tc.width for tc in table.rows[0].cells]
        assert sum(first_row) <= text_width + 1000  # fits the page (EMU rounding aside)
    for table in evidence:
        header = table.rows[0]._tr.trPr
        assert header is not None and header.find(qn("w:tblHeader")) is not None, "the header row repeats"


def test_checklist_answers_specify_text_and_case_studies():
    document = read(docx_export.render(answered_project(), "checklist"))
    rows = [row for t in document.tables for row in cell_texts(t)]
    assert ["1", "LA HI/VI/MSI outcomes against the national HI/VI/MSI benchmarking data set", "Yes", "No", "—"] in rows
    assert ["1.3", "Other (please specify): Own tracker", "Yes", "—"] in rows
    texts = [t for _, t in paragraphs(document)]
    assert "Using the data" in texts and "First paragraph." in texts and "Second paragraph." in texts
    answered = read(docx_export.render(answered_project(), "checklist", answered_only=True))
    numbers = [r[0] for t in answered.tables for r in cell_texts(t)[1:]]
    assert numbers == ["1", "1.3"]


def test_the_same_project_gives_the_same_bytes_and_no_clock_time(example):
    first = docx_export.render(example, "all")
    assert docx_export.render(example, "all") == first
    parts = zipfile.ZipFile(io.BytesIO(first))
    assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in parts.infolist())
    props = read(first).core_properties
    assert props.created == props.modified == docx_export.FIXED_TIME
    assert props.title == "Behaviour support for pupils with BESD, bought from a special school"
    changed = example.with_details(title="Another title")
    assert docx_export.render(changed, "all") != first


@settings(max_examples=25, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40))
def test_any_text_is_written_literally_and_readably(text):
    p, f = Project().add_element("final_outcomes", text)
    p, _ = p.add_row(f, source=text)
    element = p.stage("final_outcomes").elements[0]  # as the model keeps it (controls dropped)
    document = read(docx_export.render(p, "all"))
    shown = docx_export._safe(element.text)
    assert [t for s, t in paragraphs(document) if s == "List Bullet"][0] == f"FO1 {shown or '(no text)'}"
    assert cell_texts(document.tables[0])[1][1] == docx_export._safe(element.evidence[0].source)


def test_markup_and_direction_marks_are_shown_not_obeyed():
    p, f = Project().add_element("final_outcomes", "[bold]x[/] <b>&amp; \u202eevil")
    texts = [t for _, t in paragraphs(read(docx_export.render(p, "model")))]
    assert "FO1 [bold]x[/] <b>&amp; <U+202E>evil" in texts


# -- the command line ----------------------------------------------------------


def test_cli_writes_a_word_document(tmp_path, capsys):
    out = tmp_path / "plan.docx"
    assert main(["export", str(EXAMPLE), "--format", "docx", "--part", "evidence", "-o", str(out)]) == 0
    document = read(out.read_bytes())
    assert [p.text for p in document.paragraphs][0].endswith(": Evidence tables")
    assert len(document.tables) == 4
    assert list(tmp_path.iterdir()) == [out]


def test_cli_refuses_a_word_document_on_stdout(capsys):
    assert main(["export", str(EXAMPLE), "--format", "docx"]) == 2
    err = capsys.readouterr().err
    assert "give the file to write with -o FILE.docx" in err and err.count("\n") == 1


def test_cli_unwritable_place_says_so_and_leaves_nothing(tmp_path, capsys):
    missing = tmp_path / "no-such-folder" / "plan.docx"
    assert main(["export", str(EXAMPLE), "-f", "docx", "-o", str(missing)]) == 1
    assert "does not exist" in capsys.readouterr().err
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "plan.docx").write_bytes(b"the old plan")
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as a user who can write anywhere (root): a read-only folder cannot be made")
        assert main(["export", str(EXAMPLE), "-f", "docx", "-o", str(folder / "plan.docx")]) == 1
        assert "the file on disk is unchanged" in capsys.readouterr().err
        assert [p.name for p in folder.iterdir()] == ["plan.docx"]
        assert (folder / "plan.docx").read_bytes() == b"the old plan"
    finally:
        folder.chmod(0o700)


def test_cli_write_failure_midway_leaves_the_old_file(tmp_path, capsys, monkeypatch):
    out = tmp_path / "plan.docx"
    out.write_bytes(b"the old plan")

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    assert main(["export", str(EXAMPLE), "-f", "docx", "-o", str(out)]) == 1
    assert "No space left on device" in capsys.readouterr().err
    assert out.read_bytes() == b"the old plan"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.docx"]


def test_cli_without_python_docx_names_the_extra(tmp_path, capsys, monkeypatch):
    import tui_outcomes.core.extras as extras

    monkeypatch.setattr(extras, "find_spec", lambda name: None)
    assert main(["export", str(EXAMPLE), "-f", "docx", "-o", str(tmp_path / "x.docx")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pip install 'tui-outcomes[docx]'" in err
    assert not list(tmp_path.iterdir())


# -- LibreOffice ---------------------------------------------------------------


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed: "
                    "apt-get install libreoffice-writer-nogui")
def test_libreoffice_opens_the_document_and_reads_its_text(tmp_path, example):
    path = tmp_path / "plan.docx"
    path.write_bytes(docx_export.render(example, "all"))
    done = subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                          capture_output=True, text=True, timeout=180)
    pdf = tmp_path / "plan.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              timeout=60).stdout
        for words in ("1. Final outcomes", "4. Inputs", "Data method", "NatSIP pro-forma", "FO1"):
            assert words in text
