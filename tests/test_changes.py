"""What changed between two versions: the core comparison, `tui-outcomes diff`, and git's textconv."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tui_outcomes.core import changes
from tui_outcomes.cli import main
from tui_outcomes.core.fileformat import save
from tui_outcomes.core.model import Link

from .conftest import EXAMPLE

BIN = str(Path(sys.executable).parent)  # where pip put the tui-outcomes command


def edited(example):
    """The worked example with one of everything changed."""
    fo1, fo2, fo3 = example.stage("final_outcomes").elements
    io1 = example.stage("interim_outcomes").elements[0]
    in3 = example.stage("inputs").elements[2]
    p = example.with_row(fo1.evidence[0].id, target="A 60% fall in incidents by July")
    p = p.with_answer("applications", "1.3", "purpose", True)
    p = p.with_answer("analyses", "7", specify="Comparisons with [bold] neighbours")
    p = p.with_element_text(io1.id, "Staff feel confident | sure")
    p, new = p.add_element("outputs", "Termly reports to governors")
    p = p.with_links(new, [Link(io1.id, "so that governors see progress")])
    p = p.with_links(io1.id, [link for link in io1.supports if link.id != fo3.id])
    p = p.delete_element(in3.id)
    p, _ = p.add_row(fo2.id, source="Pupil voice survey", baseline="n/a", target="Most pupils positive")
    p = p.with_details(period="Two academic years")
    p = p.with_sources("outputs", [*p.stage("outputs").evidence_sources, "Governors' minutes"])
    return p


def test_compare_names_every_kind_of_change(example):
    found = changes.compare(example, edited(example))
    text = "\n".join(f"{c.section}: {c.text}" for c in found)
    assert "Project details: Period changed: “Next academic year” → “Two academic years”" in text
    assert "1. Final outcomes: FO1 “Fewer disruptive incidents" in text
    assert "target changed: “50% reduction in disruptive incidents recorded next term” → " \
           "“A 60% fall in incidents by July”" in text
    assert "FO2 “Faster progress" in text and "added evidence row Source: “Pupil voice survey”" in text
    assert "2. Interim outcomes: IO1 reworded: “Staff feel confident in their new approach" in text
    assert "IO1 no longer supports FO3" in text
    assert "3. Outputs: Added OP4 “Termly reports to governors”" in text
    assert "OP4 supports IO1 because “so that governors see progress”" in text
    assert "Evidence source added: “Governors' minutes”" in text
    assert "4. Inputs: Removed IN3 “We gather and hand over" in text and "with its 2 evidence rows" in text
    assert "Pro-forma checklist: Section 2, 1.3 (used for this purpose): not answered → Yes" in text
    assert "Section 1, 7 please specify: (empty) → “Comparisons with [bold] neighbours”" in text


def test_reordering_is_reported_and_no_change_says_so(example):
    fo3 = example.stage("final_outcomes").elements[2]
    moved = example.move_element(fo3.id, -2)
    found = changes.compare(example, moved)
    assert [c.text for c in found] == ["Reordered: now FO1 (was FO3), FO2 (was FO1), FO3 (was FO2)"]
    assert "No changes." in changes.render(changes.compare(example, example), "a", "b")


def test_markdown_changes_render_as_headed_lists(example):
    markdown = changes.render(changes.compare(example, edited(example)), "old", "new", "markdown")
    tokens = MarkdownIt().parse(markdown)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings == ["Changes from old to new", "Project details", "1. Final outcomes", "2. Interim outcomes",
                        "3. Outputs", "4. Inputs", "Pro-forma checklist"]
    html = MarkdownIt().render(markdown)
    assert "[bold]" in html and "<strong>" not in html  # project text is never formatting


def test_text_changes_wrap_at_78(example):
    text = changes.render(changes.compare(example, edited(example)), "old", "new")
    assert all(len(line) <= 78 for line in text.splitlines())


def test_diff_command_between_two_files(tmp_path, example, capsys):
    old, new = tmp_path / "old.toml", tmp_path / "new.toml"
    save(old, example)
    save(new, edited(example))
    assert main(["diff", str(old), str(new)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Changes from {old} to {new}") and "IO1 no longer supports FO3" in out
    assert main(["diff", str(old), str(new), "--format", "markdown"]) == 0
    assert capsys.readouterr().out.startswith("# Changes from")
    assert main(["diff", str(old), str(tmp_path / "missing.toml")]) == 1
    assert "missing.toml: cannot be read" in capsys.readouterr().err


# -- git ------------------------------------------------------------------------

pytestmark_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "PATH": BIN + os.pathsep + os.environ.get("PATH", ""),
           "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "Test",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_PAGER": "cat", "NO_COLOR": "1"}
    result = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def repo(tmp_path):
    """A git repository holding the worked example, committed, set up as the README says."""
    repo = tmp_path / "repo"
    (repo / "projects").mkdir(parents=True)
    shutil.copy(EXAMPLE, repo / "projects" / "example.toml")
    shutil.copy(Path(__file__).parent.parent / "docs" / "git" / "gitattributes", repo / ".gitattributes")
    git(repo, "init", "-q")
    git(repo, "config", "diff.outcomes.textconv", "tui-outcomes export --format text")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "worked example")
    return repo


@pytestmark_git
def test_git_diff_shows_the_model_in_plain_language(repo, example):
    path = repo / "projects" / "example.toml"
    fo1 = example.stage("final_outcomes").elements[0]
    changed = example.with_row(fo1.evidence[0].id, target="A 60% fall in incidents by July")
    changed = changed.with_answer("applications", "1.3", "purpose", True)
    save(path, changed, force=True)
    diff = git(repo, "diff")
    removed = [line for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert any("50% reduction in disruptive incidents" in line for line in removed), diff
    assert any("A 60% fall in incidents by July" in line for line in added), diff
    assert any("Used for this purpose: Yes" in line for line in added), diff
    assert "target =" not in diff and "[[stages" not in diff  # the text, not the TOML

    # tui-outcomes diff between the last commit and the file as it is now
    out = subprocess.run([sys.executable, "-m", "tui_outcomes", "diff", "HEAD:projects/example.toml",
                          "projects/example.toml"], cwd=repo, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "target changed: “50% reduction in disruptive incidents recorded next term” → " \
           "“A 60% fall in incidents by July”" in " ".join(out.stdout.split())
    assert "Section 2, 1.3 (used for this purpose): not answered → Yes" in out.stdout

    git(repo, "commit", "-q", "-am", "new target")
    assert "A 60% fall in incidents by July" in git(repo, "log", "-p", "-1")


@pytestmark_git
def test_textconv_with_raw_on_error_shows_a_broken_file_as_it_is(repo):
    git(repo, "config", "diff.outcomes.textconv", "tui-outcomes export --format text --raw-on-error")
    path = repo / "projects" / "example.toml"
    path.write_text(path.read_text(encoding="utf-8") + "<<<<<<< HEAD\n", encoding="utf-8")
    diff = git(repo, "diff")
    assert "+<<<<<<< HEAD" in diff


@pytestmark_git
def test_diff_of_a_revision_that_does_not_exist_says_so(repo, capsys, monkeypatch):
    monkeypatch.chdir(repo)
    assert main(["diff", "HEAD~5:projects/example.toml", "projects/example.toml"]) == 1
    assert "HEAD~5:projects/example.toml: git has no revision called 'HEAD~5'" in capsys.readouterr().err


@pytestmark_git
def test_outside_git_the_reason_is_in_words(tmp_path, monkeypatch):
    from tui_outcomes.core.changes import VersionError, read_version

    (tmp_path / "x.toml").write_text("format = 1\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    with pytest.raises(VersionError, match="is not in a git repository.*git init, then git add x.toml"):
        read_version("HEAD:./x.toml", cwd=str(tmp_path))
    git(tmp_path, "init", "-q")
    with pytest.raises(VersionError, match="no commits yet.*git add x.toml and git commit"):
        read_version("HEAD:./x.toml", cwd=str(tmp_path))
    (tmp_path / "other").write_text("x", encoding="utf-8")
    git(tmp_path, "add", "other")
    git(tmp_path, "-c", "user.name=T", "-c", "user.email=t@x", "commit", "-q", "-m", "first")
    with pytest.raises(VersionError, match="x.toml has never been committed.*git add x.toml and git commit"):
        read_version("HEAD:./x.toml", cwd=str(tmp_path))


@pytestmark_git
def test_pre_commit_hook_stops_a_broken_project(repo):
    hook = repo / ".git" / "hooks" / "pre-commit"
    shutil.copy(Path(__file__).parent.parent / "docs" / "git" / "pre-commit", hook)
    hook.chmod(0o755)
    path = repo / "projects" / "example.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("format = 1", "format = 1\nnonsense = 2", 1), encoding="utf-8")
    git(repo, "add", ".")
    env = {**os.environ, "PATH": BIN + os.pathsep + os.environ.get("PATH", ""), "GIT_CONFIG_GLOBAL": os.devnull}
    refused = subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@x", "commit", "-q", "-m", "bad"],
                             cwd=repo, env=env, capture_output=True, text=True, timeout=60)
    assert refused.returncode != 0 and "nonsense" in refused.stderr + refused.stdout
    path.write_text(text, encoding="utf-8")
    git(repo, "add", ".")
    ok = subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@x", "commit", "-q", "-m", "good",
                         "--allow-empty"], cwd=repo, env=env, capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stderr


@pytestmark_git
def test_git_setup_makes_git_diff_work_without_an_activated_venv(tmp_path, example, monkeypatch, capsys):
    repo = tmp_path / "repo"
    (repo / "projects").mkdir(parents=True)
    shutil.copy(EXAMPLE, repo / "projects" / "example.toml")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "worked example")
    monkeypatch.chdir(repo)
    assert main(["git-setup"]) == 0
    first = capsys.readouterr().out
    assert "added 'projects/*.toml merge=outcomes diff=outcomes'" in first and "set to" in first
    assert main(["git-setup"]) == 0  # again: nothing to change
    again = capsys.readouterr().out
    assert "set to" not in again and again.count("already") == 4
    assert (repo / ".gitattributes").read_text() == "projects/*.toml merge=outcomes diff=outcomes\n"
    fo1 = example.stage("final_outcomes").elements[0]
    save(repo / "projects" / "example.toml", example.with_row(fo1.evidence[0].id, target="A 60% fall by July"),
         force=True)
    # git as a user runs it: the venv's bin is not on the PATH
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != BIN)
    diff = subprocess.run(["git", "diff"], cwd=repo, env=env, capture_output=True, text=True, timeout=60)
    assert diff.returncode == 0, diff.stderr
    assert "+         Target:      A 60% fall by July" in diff.stdout, diff.stdout


def test_git_setup_outside_a_repository_says_so(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    monkeypatch.chdir(tmp_path)
    assert main(["git-setup"]) == 1
    assert "is not in a git repository: run git init there first" in capsys.readouterr().err


def test_readings_and_direction_are_said_in_words(example):
    from tui_outcomes.core.model import Reading

    fo1 = example.stage("final_outcomes").elements[0]
    row = fo1.evidence[0]
    assert len(row.readings) > 1, "the worked example's first row has readings"
    first, last = row.readings[0], row.readings[-1]
    p = example.with_row(row.id, direction="down")
    p = p.delete_reading(row.id, -1)
    p = p.with_reading(row.id, 0, first._replace(value="99"))
    p = p.add_reading(row.id, Reading("2027-01-10", "4", note="spring [bold]count[/bold]"))
    texts = [c.text for c in changes.compare(example, p)]
    assert any("direction changed: “worked out from baseline and target” → “lower is better”" in t
               for t in texts), texts
    assert any(f"reading of {first.date} changed: value “{first.value}” → “99”" in t for t in texts), texts
    assert any("added reading 2027-01-10: “4”, note “spring [bold]count[/bold]”" in t for t in texts), texts
    assert any(f"removed reading {last.date}: “{last.value}”" in t for t in texts), texts
    assert not any(t.startswith("Only details") for t in texts)
    # the same readings in both: nothing said
    assert changes.compare(p, p) == []
