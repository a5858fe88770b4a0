"""The ``record`` and ``review`` commands: readings in, progress out, and nothing written on any error."""

import datetime
import json
import shutil
import subprocess
import sys

import pytest

from tui_outcomes.cli import main
from tui_outcomes.core import fileformat
from tui_outcomes.core.fileformat import load

from .conftest import EXAMPLE, ROOT


@pytest.fixture
def project(tmp_path):
    """The worked example without its readings (so each test says what it records), canonical."""
    path = tmp_path / "p.toml"
    loaded = load(EXAMPLE).project
    bare = loaded
    for _, element in loaded.elements():
        for row in element.evidence:
            bare = bare.with_row(row.id, readings=())
    fileformat.save(path, bare, expect=None)
    return path


def readings(path, ref_row_id):
    return load(path).project.find_row(ref_row_id)[3].readings


def test_record_one_reading_by_reference_or_row_id(project, capsys):
    assert main(["record", str(project), "FO1.1", "--value", "8", "--date", "2026-10-20"]) == 0
    assert capsys.readouterr().out == f"{project}: recorded 8 for FO1.1 on 2026-10-20\n"
    assert main(["record", str(project), "r2a8k", "--value", " 7 ", "--date", "2026-12-15",
                 "--note", "calmer\x1b[31m after training", "--status", "on track"]) == 0
    assert main(["record", str(project), "fo1.1", "--value", "9", "--date", "2026-09-30"]) == 0
    got = readings(project, "r2a8k")
    assert [(r.date, r.value, r.status, r.note) for r in got] == [
        ("2026-09-30", "9", "", ""), ("2026-10-20", "8", "", ""),
        ("2026-12-15", "7", "on_track", "calmer[31m after training")]  # control characters removed on the way in
    text = project.read_text(encoding="utf-8")
    assert fileformat.dumps(fileformat.parse(text)) == text  # canonical
    assert main(["record", str(project), "IO2.1", "--value", "1.5%"]) == 0  # today by default
    assert readings(project, "rak8u")[-1].date == datetime.date.today().isoformat()


@pytest.mark.parametrize("argv, message", [
    (["FO9.1", "--value", "7"], "no evidence row 'FO9.1'"),
    (["F01.1", "--value", "7"], "did you mean 'FO1.1'?"),
    (["FO1.3", "--value", "7"], "FO1 has no row 3: it has rows FO1.1 to FO1.2"),
    (["FO1.1", "--value", "7", "--date", "2026-13-01"], "'2026-13-01' is not a date"),
    (["FO1.1", "--value", "7", "--date", "15/12/2026"], "write it as YYYY-MM-DD"),
    (["FO1.1", "--value", "7", "--status", "fine"], "'fine' is not a status; use one of met, on_track"),
    (["FO1.1", "--value", "  "], "the --value is empty"),
])
def test_record_refuses_bad_input_and_leaves_the_file_byte_identical(project, capsys, argv, message):
    before = project.read_bytes()
    assert main(["record", str(project), *argv]) == 1
    err = capsys.readouterr().err
    assert message in err and "nothing was written" in err and "Traceback" not in err
    assert project.read_bytes() == before


def test_record_refuses_a_file_with_errors_comments_or_changed_since_read(project, capsys, monkeypatch):
    broken = project.read_text(encoding="utf-8").replace('baseline = "55% L2@KS1"', "baseline = 55")
    project.write_text(broken, encoding="utf-8")
    assert main(["record", str(project), "FO1.1", "--value", "7"]) == 1
    assert "expected a string" in capsys.readouterr().err and project.read_text(encoding="utf-8") == broken
    project.write_text("# a note\n" + broken.replace("baseline = 55", 'baseline = "55"'), encoding="utf-8")
    before = project.read_bytes()
    assert main(["record", str(project), "FO1.1", "--value", "7"]) == 1
    assert "1 comment, which saving would remove" in capsys.readouterr().err and project.read_bytes() == before
    project.write_bytes(before.split(b"\n", 1)[1])

    real_load = fileformat.load

    def load_then_someone_edits(path):  # another editor saves between our read and our write
        loaded = real_load(path)
        path = loaded.path
        path.write_text(path.read_text(encoding="utf-8").replace("Disciplinary records", "Records", 1),
                        encoding="utf-8")
        return loaded

    monkeypatch.setattr(fileformat, "load", load_then_someone_edits)
    assert main(["record", str(project), "FO1.1", "--value", "7"]) == 1
    assert "changed on disk since it was opened" in capsys.readouterr().err
    monkeypatch.undo()
    assert readings(project, "r2a8k") == ()  # their edit kept, ours not written


def test_record_from_csv_all_or_nothing(project, tmp_path, capsys):
    sheet = tmp_path / "readings.csv"
    sheet.write_text("\ufeffRef,Date,Value,Note\n"  # Excel's byte-order mark and capitals
                     "FO1.1,2026-10-20,8,first\n"
                     "IO2.1,2026-10-20,1.6%,\"a note, with a comma\nand a line\"\n"
                     "\n"
                     "FO9.9,2026-10-20,3,\n"
                     "FO1.1,20/10/2026,7,\n"
                     "FO1.2,2026-11-01,,\n", encoding="utf-8")
    before = project.read_bytes()
    assert main(["record", str(project), "--csv", str(sheet)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"tui-outcomes: {sheet}:6: no evidence row 'FO9.9'")
    assert err[1].startswith(f"tui-outcomes: {sheet}:7: the date '20/10/2026' is not a date")
    assert err[2] == f"tui-outcomes: {sheet}:8: the value is empty"
    assert err[3] == f"tui-outcomes: 3 bad lines in {sheet}; nothing was written"
    assert project.read_bytes() == before
    sheet.write_text("ref,date,value,note,status\nFO1.1,2026-10-20,8,first,\nr2a8k,2026-12-15,7,,met\n"
                     "IO2.1,2026-10-20,1.6%,\"two\nlines\",\n", encoding="utf-8")
    assert main(["record", str(project), "--csv", str(sheet)]) == 0
    assert capsys.readouterr().out == f"{project}: recorded 3 readings from {sheet}\n"
    assert [(r.value, r.status) for r in readings(project, "r2a8k")] == [("8", ""), ("7", "met")]
    assert readings(project, "rak8u")[0].note == "two\nlines"


@pytest.mark.parametrize("content, message", [
    ("ref,date,value,notes\nFO1.1,2026-10-20,8,x\n", "unknown column 'notes' (did you mean 'note'?); the columns"),
    ("date,value\n2026-10-20,8\n", ":1: the header row needs the columns ref"),
    ("ref,date,value\n", "holds no readings"),
    ("ref,date,value\nFO1.1,2026-10-20,8,extra\n", ":2: 4 cells, but the header has 3 columns"),
])
def test_record_csv_header_and_shape_problems(project, tmp_path, capsys, content, message):
    sheet = tmp_path / "r.csv"
    sheet.write_text(content, encoding="utf-8")
    before = project.read_bytes()
    assert main(["record", str(project), "--csv", str(sheet)]) == 1
    assert message in capsys.readouterr().err
    assert project.read_bytes() == before


def test_record_usage_errors(project, tmp_path, capsys):
    before = project.read_bytes()
    assert main(["record", str(project)]) == 2
    assert main(["record", str(project), "FO1.1"]) == 2  # no --value
    assert main(["record", str(project), "FO1.1", "--value", "7", "--csv", str(tmp_path / "x.csv")]) == 2
    assert main(["record", str(project), "--csv", str(tmp_path / "missing.csv")]) == 1
    assert "cannot read" in capsys.readouterr().err
    assert project.read_bytes() == before


def test_review_text_markdown_and_json_as_of_a_date(project, capsys):
    for value, day in (("8", "2026-10-20"), ("7", "2026-12-15")):
        assert main(["record", str(project), "FO1.1", "--value", value, "--date", day]) == 0
    assert main(["record", str(project), "FO1.2", "--value", "fewer", "--date", "2026-12-15",
                 "--status", "at risk"]) == 0
    capsys.readouterr()
    assert main(["review", str(project), "--as-of", "2027-01-10"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Progress as of 10 January 2027\n")
    assert "Status:   ● on track; improving; 60% of the way" in text
    assert "Status:   ▲ at risk (set by hand)" in text
    assert main(["review", str(project), "--as-of", "2027-01-10", "--format", "markdown"]) == 0
    assert capsys.readouterr().out.startswith("# Progress as of 10 January 2027\n")
    assert main(["review", str(project), "--as-of", "2027-01-10", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["as_of"] == "2027-01-10" and set(data) == {"as_of", "rows", "summary"}
    first, second = data["rows"][:2]
    assert first == {"element": "FO1", "row": 1, "id": "r2a8k", "source": "Disciplinary records",
                     "baseline": "10 incidents recorded last term",
                     "target": "50% reduction in disruptive incidents recorded next term",
                     "latest": {"date": "2026-12-15", "value": "7"}, "readings": 2, "progress": 0.6,
                     "trend": "improving", "status": "on_track", "status_set_by_hand": False,
                     "next_due": "2027-03-31", "overdue": False}
    assert (second["status"], second["status_set_by_hand"], second["next_due"], second["overdue"]) == \
        ("at_risk", True, "2026-12-22", True)  # weekly: due a week after 15 December
    assert data["summary"] == {"met": 0, "on_track": 1, "at_risk": 1, "off_track": 0,
                               "not_started": len(data["rows"]) - 2, "no_target": 0, "overdue": data["summary"]["overdue"]}
    assert data["summary"]["overdue"] == sum(r["overdue"] for r in data["rows"])
    # as of before the readings: not known yet
    assert main(["review", str(project), "--as-of", "2026-09-01", "-f", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["rows"][0]["latest"] is None


def test_review_several_files_and_bad_input(project, tmp_path, capsys):
    other = tmp_path / "other.toml"
    shutil.copy(project, other)
    assert main(["review", str(project), str(other), "-f", "json", "--as-of", "2027-01-10"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["file"] for d in data] == [str(project), str(other)]
    assert main(["review", str(project), "--as-of", "10/01/2027"]) == 1
    assert "--as-of: '10/01/2027' is not a date" in capsys.readouterr().err
    bad = tmp_path / "bad.toml"
    bad.write_text("format = 1\n[project\n", encoding="utf-8")
    assert main(["review", str(bad), str(project), "--as-of", "2027-01-10"]) == 1
    out, err = capsys.readouterr()
    assert f"{bad}:2:9: not valid TOML" in err and out.startswith("Progress as of")


def test_record_and_review_as_a_subprocess(project):
    def run(*argv):
        return subprocess.run([sys.executable, "-m", "tui_outcomes", *argv], capture_output=True, text=True,
                              cwd=ROOT, timeout=60)

    done = run("record", str(project), "FO1.1", "--value", "7", "--date", "2026-12-15")
    assert done.returncode == 0 and done.stderr == ""
    before = project.read_bytes()
    refused = run("record", str(project), "XX1.1", "--value", "7")
    assert refused.returncode == 1 and "no evidence row 'XX1.1'" in refused.stderr
    assert project.read_bytes() == before
    shown = run("review", str(project), "--as-of", "2027-01-10", "--format", "json")
    assert shown.returncode == 0
    assert json.loads(shown.stdout)["rows"][0]["latest"] == {"date": "2026-12-15", "value": "7"}


def test_export_of_the_progress_report_takes_as_of(tmp_path, capsys):
    from tui_outcomes.core import export
    from tui_outcomes.core.fileformat import load as read

    path = tmp_path / "p.toml"
    shutil.copy(EXAMPLE, path)
    day = datetime.date(2026, 3, 1)
    assert main(["export", str(path), "--part", "review", "--as-of", "2026-03-01"]) == 0
    out = capsys.readouterr().out
    assert "Progress as of 1 March 2026" in out
    assert out.rstrip("\n") == export.render(read(path).project, "text", "review", as_of=day).rstrip("\n")
    before = path.read_bytes()
    assert main(["export", str(path), "--part", "review", "--as-of", "1 March"]) == 1
    assert "--as-of:" in capsys.readouterr().err
    assert path.read_bytes() == before
