"""The merge driver with real git: two branches of one project merged by meaning."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tui_outcomes.cli import main
from tui_outcomes.core.fileformat import dumps, load, save
from tui_outcomes.core.model import Link

from .conftest import EXAMPLE

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

BIN = Path(sys.executable).parent
DRIVER = f"{BIN / 'tui-outcomes'} merge %O %A %B --path %P"
NAME = "projects/example.toml"


def git(repo: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    # as a user runs git: the venv's bin is not on the PATH (the driver is configured by absolute path)
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != str(BIN))
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", GIT_PAGER="cat")
    result = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, timeout=120)
    if ok:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def make_repo(tmp_path: Path, driver: bool = True) -> Path:
    repo = tmp_path / "repo"
    (repo / "projects").mkdir(parents=True)
    shutil.copy(EXAMPLE, repo / NAME)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Test Person")
    git(repo, "config", "user.email", "test@example.org")
    if driver:
        (repo / ".gitattributes").write_text("projects/*.toml merge=outcomes diff=outcomes\n", encoding="utf-8")
        git(repo, "config", "merge.outcomes.driver", DRIVER)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "worked example")
    return repo


def branch(repo: Path, name: str, edit, start: str = "main") -> None:
    """A branch from ``start`` with one commit: ``edit`` turns the project into the branch's."""
    git(repo, "checkout", "-q", "-b", name, start)
    path = repo / NAME
    project = edit(load(path).project)
    save(path, project, force=True)
    git(repo, "commit", "-q", "-am", f"edit on {name}")


def merge_branches(repo: Path, ours, theirs) -> subprocess.CompletedProcess:
    branch(repo, "ours", ours)
    branch(repo, "theirs", theirs)
    git(repo, "checkout", "-q", "ours")
    return git(repo, "merge", "--no-edit", "theirs", ok=False)


def check(repo: Path, capsys) -> tuple[int, str]:
    capsys.readouterr()
    status = main(["check", str(repo / NAME)])
    return status, capsys.readouterr().out


def ids(project, key):
    return [e.id for e in project.stage(key).elements]


def test_different_fields_of_one_element_merge_clean(tmp_path, example, capsys):
    io1 = example.stage("interim_outcomes").elements[0]
    repo = make_repo(tmp_path)
    result = merge_branches(
        repo, lambda p: p.with_element_text(io1.id, "Ours: staff feel confident by July 2027."),
        lambda p: p.with_links(io1.id, [Link(io1.supports[0].id, "Theirs: confidence drives practice.")]))
    assert result.returncode == 0, result.stdout + result.stderr
    merged = load(repo / NAME).project
    element = merged.find(io1.id)[2]
    assert element.text == "Ours: staff feel confident by July 2027."
    assert element.supports[0].because == "Theirs: confidence drives practice."
    assert not merged.conflicts and check(repo, capsys)[0] == 0
    assert (repo / NAME).read_text(encoding="utf-8") == dumps(merged)  # canonical


def test_different_rows_and_both_adding_elements_in_one_stage_merge_clean(tmp_path, example, capsys):
    fo1 = example.stage("final_outcomes").elements[0]
    row_a, row_b = fo1.evidence[0], fo1.evidence[1] if len(fo1.evidence) > 1 else None
    repo = make_repo(tmp_path)

    def ours(p):
        p = p.with_row(row_a.id, target="Ours: 60% by July")
        return p.add_element("outputs", "Ours: a new output", element_id="ours01")[0]

    def theirs(p):
        p = p.with_row(row_b.id, baseline="Theirs: 40%") if row_b else p.add_row(fo1.id, source="Theirs")[0]
        return p.add_element("outputs", "Theirs: a new output", element_id="thrs01")[0]

    result = merge_branches(repo, ours, theirs)
    assert result.returncode == 0, result.stdout + result.stderr
    merged = load(repo / NAME).project
    assert merged.find_row(row_a.id)[3].target == "Ours: 60% by July"
    if row_b:
        assert merged.find_row(row_b.id)[3].baseline == "Theirs: 40%"
    outputs = ids(merged, "outputs")
    assert outputs[-2:] == ["ours01", "thrs01"] and outputs[:-2] == ids(example, "outputs")
    assert check(repo, capsys)[0] == 0


def test_one_reorders_while_the_other_edits(tmp_path, example, capsys):
    outputs = example.stage("outputs").elements
    repo = make_repo(tmp_path)
    moved = outputs[0].id
    result = merge_branches(repo, lambda p: p.move_element(moved, len(outputs)),
                            lambda p: p.with_element_text(moved, "Theirs: reworded").with_element_text(
                                outputs[-1].id, "Theirs: the last one"))
    assert result.returncode == 0, result.stdout + result.stderr
    merged = load(repo / NAME).project
    assert ids(merged, "outputs") == [e.id for e in outputs[1:]] + [moved]  # the move kept, once
    assert merged.find(moved)[2].text == "Theirs: reworded"
    assert merged.find(outputs[-1].id)[2].text == "Theirs: the last one"
    assert check(repo, capsys)[0] == 0


def test_both_adding_links_to_the_same_element(tmp_path, example, capsys):
    from tui_outcomes.core.stages import stage_above

    def unlinked(key, element):  # the elements of the stage above that it does not support yet
        return [a.id for a in example.stage(stage_above(key)).elements if a.id not in element.supports_ids()]

    target, free = next((e, unlinked(key, e)) for key, e in example.elements()
                        if stage_above(key) and len(unlinked(key, e)) >= 2)
    repo = make_repo(tmp_path)
    result = merge_branches(repo, lambda p: p.with_links(target.id, [*target.supports, Link(free[0], "ours")]),
                            lambda p: p.with_links(target.id, [*target.supports, Link(free[1])]))
    assert result.returncode == 0, result.stdout + result.stderr
    links = load(repo / NAME).project.find(target.id)[2].supports
    assert [l.id for l in links] == [*target.supports_ids(), free[0], free[1]] and links[-2].because == "ours"
    assert check(repo, capsys)[0] == 0


def conflicted_repo(tmp_path, example) -> tuple[Path, str]:
    """A merge where both branches reworded the same element: git stops with a conflict."""
    io1 = example.stage("interim_outcomes").elements[0]
    repo = make_repo(tmp_path)
    result = merge_branches(repo, lambda p: p.with_element_text(io1.id, "Ours [wording] \\ kept"),
                            lambda p: p.with_element_text(io1.id, "Theirs\nwording"))
    assert result.returncode != 0 and "CONFLICT" in result.stdout, result.stdout + result.stderr
    return repo, io1.id


def test_the_same_field_changed_differently_is_a_conflict_kept_in_a_loadable_file(tmp_path, example, capsys):
    repo, element_id = conflicted_repo(tmp_path, example)
    text = (repo / NAME).read_text(encoding="utf-8")
    assert "<<<<<<<" not in text and '"Ours [wording] \\\\ kept"' in text and '"""\nTheirs\nwording"""' in text
    merged = load(repo / NAME).project
    assert merged.find(element_id)[2].text == "Ours [wording] \\ kept"  # ours in place
    (conflict,) = merged.conflicts
    assert conflict.path == ("element", element_id) and conflict.field == "text"
    assert conflict.theirs == "Theirs\nwording" and conflict.base == example.find(element_id)[2].text
    status, out = check(repo, capsys)
    assert status == 1 and "interim_outcomes.elements[0].text" in out and "merge conflict" in out
    assert f"{NAME}:" in out and "merge_conflicts[0]" in out
    capsys.readouterr()
    assert main(["fmt", "--check", str(repo / NAME)]) == 1
    assert "unresolved merge conflict" in capsys.readouterr().out
    # the pre-commit hook refuses to commit it
    from .conftest import ROOT

    hook = repo / ".git" / "hooks" / "pre-commit"
    shutil.copy(ROOT / "docs" / "git" / "pre-commit", hook)
    hook.chmod(0o755)
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "GIT_CONFIG_GLOBAL": os.devnull}
    git(repo, "add", NAME)
    refused = subprocess.run(["git", "commit", "-q", "--no-edit"], cwd=repo, env=env, capture_output=True,
                             text=True, timeout=120)
    assert refused.returncode != 0 and "unresolved merge conflict" in refused.stdout + refused.stderr


def test_delete_against_edit_keeps_the_edited_element_with_a_conflict(tmp_path, example, capsys):
    fo1 = example.stage("final_outcomes").elements[0]
    linked = [e.id for e in example.stage("interim_outcomes").elements if fo1.id in e.supports_ids()]
    repo = make_repo(tmp_path)
    result = merge_branches(repo, lambda p: p.delete_element(fo1.id),
                            lambda p: p.with_element_text(fo1.id, "Theirs: still wanted"))
    assert result.returncode != 0
    merged = load(repo / NAME).project
    assert merged.find(fo1.id)[2].text == "Theirs: still wanted"
    assert [e.id for e in merged.stage("interim_outcomes").elements if fo1.id in e.supports_ids()] == linked
    (conflict,) = merged.conflicts
    assert (conflict.field, conflict.ours, conflict.theirs) == ("", "deleted", "edited")
    status, out = check(repo, capsys)
    assert status == 1 and "deleted on one side (ours)" in out


def test_an_unreadable_side_falls_back_to_a_line_merge(tmp_path, example):
    repo = make_repo(tmp_path)
    path = repo / NAME
    git(repo, "checkout", "-q", "-b", "ours")
    path.write_text(path.read_text(encoding="utf-8").replace('title = "', 'title = broken "', 1), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "broken on ours")
    branch(repo, "theirs", lambda p: p.with_details(commissioner="Theirs: a commissioner"), start="main")
    git(repo, "checkout", "-q", "ours")
    result = git(repo, "merge", "--no-edit", "theirs", ok=False)
    assert result.returncode != 0
    assert "merged line by line" in result.stdout + result.stderr
    text = path.read_text(encoding="utf-8")
    assert 'title = broken "' in text and 'commissioner = "Theirs: a commissioner"' in text  # both, as lines


def test_resolve_redoes_a_merge_made_without_the_driver(tmp_path, example, capsys, monkeypatch):
    repo = make_repo(tmp_path, driver=False)
    result = merge_branches(repo, lambda p: p.add_element("outputs", "Ours: new", element_id="ours01")[0],
                            lambda p: p.add_element("outputs", "Theirs: new", element_id="thrs01")[0])
    assert result.returncode != 0 and "<<<<<<<" in (repo / NAME).read_text(encoding="utf-8")
    monkeypatch.chdir(repo)
    capsys.readouterr()
    assert main(["resolve", NAME]) == 0
    assert "resolved and staged" in capsys.readouterr().out
    merged = load(repo / NAME).project
    assert ids(merged, "outputs")[-2:] == ["ours01", "thrs01"] and check(repo, capsys)[0] == 0
    assert "UU" not in git(repo, "status", "--short").stdout
    git(repo, "commit", "-q", "--no-edit")


def test_git_setup_registers_the_driver(tmp_path, example, monkeypatch, capsys):
    repo = make_repo(tmp_path, driver=False)
    monkeypatch.chdir(repo)
    assert main(["git-setup"]) == 0
    out = capsys.readouterr().out
    assert "merge.outcomes.driver: set to" in out and "merge.outcomes.name: set to" in out
    assert main(["git-setup"]) == 0 and "set to" not in capsys.readouterr().out  # idempotent
    git(repo, "add", ".gitattributes")
    git(repo, "commit", "-q", "-m", "set up")
    result = merge_branches(repo, lambda p: p.add_element("outputs", "Ours", element_id="ours01")[0],
                            lambda p: p.add_element("outputs", "Theirs", element_id="thrs01")[0])
    assert result.returncode == 0, result.stdout + result.stderr
    assert ids(load(repo / NAME).project, "outputs")[-2:] == ["ours01", "thrs01"]


def test_merge_command_needs_readable_files(tmp_path, capsys):
    assert main(["merge", str(tmp_path / "a"), str(tmp_path / "b"), str(tmp_path / "c")]) == 1
    assert "cannot read the file" in capsys.readouterr().err
