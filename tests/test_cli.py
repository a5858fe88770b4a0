import csv
import io
import os
import shutil
import subprocess
import sys


from tui_outcomes import __version__
from tui_outcomes.cli import main
from tui_outcomes.core.fileformat import dumps, load

from .conftest import EXAMPLE, ROOT


def test_new_from_each_template_and_refuses_to_overwrite(tmp_path, capsys):
    path = tmp_path / "p.toml"
    assert main(["new", str(path), "--title", "Hearing support"]) == 0
    assert load(path).project.details.title == "Hearing support"
    before = path.read_bytes()
    assert main(["new", str(path)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert path.read_bytes() == before
    example = tmp_path / "e.toml"
    assert main(["new", str(example), "--template", "worked-example"]) == 0
    assert load(example).project == load(EXAMPLE).project


def test_new_into_missing_folder_is_a_clean_error(tmp_path, capsys):
    assert main(["new", str(tmp_path / "no" / "such" / "p.toml")]) == 1
    assert "could not save" in capsys.readouterr().err


def test_check_lists_every_problem_and_sets_exit_status(tmp_path, capsys):
    good = tmp_path / "good.toml"
    bad = tmp_path / "bad.toml"
    shutil.copy(EXAMPLE, good)
    text = EXAMPLE.read_text(encoding="utf-8")
    bad.write_text(text.replace('baseline = "55% L2@KS1"', "baseline = 55").replace('{ id = "f7k2mq" },', '{ id = "zzzzzz" },', 1),
                   encoding="utf-8")
    assert main(["check", str(good)]) == 0
    capsys.readouterr()
    assert main(["check", str(good), str(bad)]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{bad}:") and "final_outcomes.elements[1].evidence[0].baseline: expected a string" in lines[0]
    assert "interim_outcomes.elements[0].supports[0]: links to 'zzzzzz'" in lines[1]
    assert err.strip() == "checked 2 files: 1 readable, 1 with errors, 0 warnings and hints"
    assert bad.read_text(encoding="utf-8") != ""  # untouched


def test_check_syntax_error_has_line_and_column(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text("format = 1\n[project\n", encoding="utf-8")
    assert main(["check", str(bad)]) == 1
    assert capsys.readouterr().out.startswith(f"{bad}:2:9: not valid TOML")


def test_export_formats(tmp_path, capsys):
    assert main(["export", str(EXAMPLE)]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Behaviour support for pupils with BESD")
    assert max(len(line) for line in text.splitlines()) <= 78
    assert main(["export", str(EXAMPLE), "--format", "markdown", "--part", "evidence"]) == 0
    assert "| Element | Source | Baseline | Target | Data method | Frequency |" in capsys.readouterr().out
    out = tmp_path / "e.csv"
    assert main(["export", str(EXAMPLE), "-f", "csv", "-o", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets read UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:8] == ["Stage", "Ref", "Element", "Source", "Baseline", "Target", "Data method", "Frequency"]
    assert len(rows) == 1 + 24


def test_export_bad_part_for_csv_and_bad_file(tmp_path, capsys):
    assert main(["export", str(EXAMPLE), "-f", "csv", "-p", "all"]) == 1
    assert "CSV file holds one table" in capsys.readouterr().err
    bad = tmp_path / "bad.toml"
    bad.write_text("format = [\n", encoding="utf-8")
    assert main(["export", str(bad)]) == 1
    assert f"{bad}:" in capsys.readouterr().err


def test_fmt_rewrites_checks_and_keeps_comments_unless_asked(tmp_path, capsys):
    path = tmp_path / "p.toml"
    canonical = EXAMPLE.read_text(encoding="utf-8")
    messy = canonical.replace("format = 1\n", "format = 1\n\n\n").replace('title = "Behaviour', 'title   =   "Behaviour')
    path.write_text(messy, encoding="utf-8")
    assert main(["fmt", "--check", str(path)]) == 1
    assert path.read_text(encoding="utf-8") == messy
    assert main(["fmt", str(path)]) == 0
    assert path.read_text(encoding="utf-8") == canonical
    assert main(["fmt", "--check", str(path)]) == 0
    path.write_text("# keep me\n" + canonical, encoding="utf-8")
    assert main(["fmt", str(path)]) == 1
    assert "1 comment," in capsys.readouterr().err
    assert main(["fmt", "--drop-comments", str(path)]) == 0
    assert path.read_text(encoding="utf-8") == canonical


def test_shipped_projects_pass_check_and_fmt():
    paths = sorted(str(p) for p in (ROOT / "projects").glob("*.toml"))
    assert len(paths) >= 2
    assert main(["check", *paths]) == 0
    assert main(["fmt", "--check", *paths]) == 0


def test_shipped_example_matches_its_template():
    from tui_outcomes.core.templates import example_path

    assert EXAMPLE.read_bytes() == example_path("worked-example").read_bytes()
    assert (ROOT / "projects" / "blank-project.toml").read_text(encoding="utf-8") == dumps(
        __import__("tui_outcomes.core.templates", fromlist=["make"]).make("blank"))


def test_installed_script_runs_as_a_real_process(tmp_path):
    script = shutil.which("tui-outcomes", path=os.path.dirname(sys.executable)) or shutil.which("tui-outcomes")
    assert script, "the console script is not installed"
    result = subprocess.run([script, "--version"], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == f"tui-outcomes {__version__}"
    result = subprocess.run([script, "check", str(EXAMPLE)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    path = tmp_path / "x.toml"
    path.write_text("format = 1\n[project]\ntitle = 3\n", encoding="utf-8")
    result = subprocess.run([script, "check", str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stdout == f"{path}:3: project.title: expected a string, got an integer; put it in quotes\n"
    assert "Traceback" not in result.stderr
    result = subprocess.run([sys.executable, "-m", "tui_outcomes", "export", str(EXAMPLE), "-p", "model"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "1. FINAL OUTCOMES" in result.stdout


def test_garbage_collection_is_resumed_when_the_app_cannot_start(tmp_path, capsys):
    """Start-up pauses collection; it is on again whatever happens before the first frame."""
    import gc

    assert gc.isenabled()
    assert main([str(tmp_path / "missing.toml")]) == 1
    assert gc.isenabled()
    assert "does not exist" in capsys.readouterr().err
