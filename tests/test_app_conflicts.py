"""Resolving merge conflicts in the app, by keys: the conflicts screen, the model's marks, saving."""

import shutil

import pytest

from tui_outcomes.app import OutcomesApp
from tui_outcomes.cli import main
from tui_outcomes.core.fileformat import load, save
from tui_outcomes.core.merge import merge
from tui_outcomes.screens.conflicts import ConflictsScreen
from tui_outcomes.screens.logic_model import LogicModelScreen

from .apphelpers import SIZES, burst, press, running, screen_text, settle, type_text, until


def conflicted(tmp_path, example):
    """A project file merged with three conflicts: an element's text, a row's target, delete vs edit."""
    io1 = example.stage("interim_outcomes").elements[0]
    row = example.stage("outputs").elements[0].evidence[0]
    fo1 = example.stage("final_outcomes").elements[0]
    ours = example.with_element_text(io1.id, "Ours [b]wording[/b]").with_row(row.id, target="Ours target")
    ours = ours.delete_element(fo1.id)
    theirs = example.with_element_text(io1.id, "Theirs wording").with_row(row.id, target="Theirs target")
    theirs = theirs.with_element_text(fo1.id, "Theirs: still wanted")
    merged = merge(example, ours, theirs)
    assert len(merged.conflicts) == 3
    path = tmp_path / "merged.toml"
    save(path, merged)
    return path, io1.id, row.id, fo1.id


@pytest.mark.parametrize("size", SIZES)
async def test_a_project_with_conflicts_opens_on_them_and_keys_resolve_them(tmp_path, example, size, capsys):
    path, io1, row, fo1 = conflicted(tmp_path, example)
    app = OutcomesApp(tmp_path, path)
    async with running(app, size) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ConflictsScreen), "the conflicts screen")
        await settle(pilot)
        shown = screen_text(app)
        assert "3 merge conflicts left" in shown and "✗ 3 conflicts" in shown
        assert "[b]wording[/b]" in shown  # shown literally, never as markup
        # the conflicts come in a fixed order: the element deleted on one side, the text, the row
        kinds = [(c.path[0], c.field) for c in app.document.project.conflicts]
        first = kinds.index(("element", ""))
        await press(pilot, *["down"] * first)
        await burst(pilot, "t")  # theirs edited it: kept
        assert fo1 in app.document.project.ids()
        text_at = [(c.path[0], c.field) for c in app.document.project.conflicts].index(("element", "text"))
        await press(pilot, "home", *["down"] * text_at, "e")
        await settle(pilot)
        await type_text(pilot, " (both)")  # the editor holds ours, then theirs: the cursor at the end
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert app.document.project.find(io1)[2].text == "Ours [b]wording[/b]\nTheirs wording (both)"
        assert isinstance(app.screen, ConflictsScreen) and "1 merge conflict left" in screen_text(app)
        await burst(pilot, "home", "o")  # the row: ours
        assert not app.document.project.conflicts
        assert "No merge conflicts left" in screen_text(app)
        await press(pilot, "ctrl+s")
        await settle(pilot)
        await press(pilot, "escape")
        await settle(pilot)
        assert isinstance(app.screen, LogicModelScreen)
        assert "conflict" not in screen_text(app)
    saved = load(path).project
    assert not saved.conflicts and saved.find_row(row)[3].target == "Ours target"
    assert saved.find(io1)[2].text == "Ours [b]wording[/b]\nTheirs wording (both)" and fo1 in saved.ids()
    capsys.readouterr()
    assert main(["check", str(path)]) == 0


async def test_the_model_marks_conflicted_elements_and_M_reopens_the_conflicts(tmp_path, example):
    path, io1, row, fo1 = conflicted(tmp_path, example)
    app = OutcomesApp(tmp_path, path)
    async with running(app, (80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ConflictsScreen), "the conflicts screen")
        await settle(pilot)
        await press(pilot, "escape")
        await settle(pilot)
        assert isinstance(app.screen, LogicModelScreen)
        assert screen_text(app).count("✗conflict") >= 2  # IO1 and FO1 (the row's element is off screen)
        palette = {c.title: c.help for c in app.get_system_commands(app.screen)}
        assert palette.get("Merge conflicts") == "key: M"  # in the palette too
        await press(pilot, "ctrl+s")  # saving with conflicts is allowed: they stay in the file
        await settle(pilot)
        assert len(load(path).project.conflicts) == 3
        await press(pilot, "M")
        await settle(pilot)
        assert isinstance(app.screen, ConflictsScreen)
        await burst(pilot, "o", "o", "o")  # typed ahead: each takes ours of the next one left
        assert not app.document.project.conflicts and fo1 not in app.document.project.ids()
        await press(pilot, "M")
        await settle(pilot)
        assert isinstance(app.screen, LogicModelScreen)
        await press(pilot, "u")  # undo brings the last conflict back
        assert len(app.document.project.conflicts) == 1


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
async def test_a_file_with_git_conflict_markers_offers_to_resolve(tmp_path, example):
    from .test_merge_git import NAME, git, make_repo, merge_branches

    repo = make_repo(tmp_path, driver=False)
    result = merge_branches(repo, lambda p: p.add_element("outputs", "Ours: new", element_id="ours01")[0],
                            lambda p: p.add_element("outputs", "Theirs: new", element_id="thrs01")[0])
    assert result.returncode != 0
    app = OutcomesApp(repo / "projects", repo / NAME)
    async with running(app, (80, 24)) as pilot:
        await until(pilot, lambda: "line by line" in screen_text(app), "the offer to resolve")
        assert "conflict markers" in screen_text(app)
        await press(pilot, "r")
        await until(pilot, lambda: isinstance(app.screen, LogicModelScreen), "the merged project")
        await settle(pilot)
        outputs = [e.id for e in app.document.project.stage("outputs").elements]
        assert outputs[-2:] == ["ours01", "thrs01"]
    assert "UU" not in git(repo, "status", "--short").stdout


async def test_the_checks_screen_stays_red_while_conflicts_are_left(tmp_path, example):
    path, *_ = conflicted(tmp_path, example)
    app = OutcomesApp(tmp_path, path)
    async with running(app, (80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ConflictsScreen), "the conflicts screen")
        await settle(pilot)
        await burst(pilot, "escape", "w")
        await settle(pilot)
        assert "✗ 3 unresolved merge conflicts" in screen_text(app)
        await burst(pilot, "w", "M", "o", "o", "o", "escape", "w")
        await settle(pilot)
        assert "unresolved merge conflict" not in screen_text(app) and "finding" in screen_text(app)
