"""The export screen and the changes screen, driven by keys; the clipboard captured as the app sends it."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tui_outcomes.core import export
from tui_outcomes.app import CLIPBOARD_LIMIT, OutcomesApp
from tui_outcomes.dialogs.choice import ChoiceDialog
from tui_outcomes.dialogs.text_dialog import TextDialog
from tui_outcomes.core.fileformat import load, save
from tui_outcomes.screens.export import ExportScreen
from tui_outcomes.core.textsafe import terminal_safe
from tui_outcomes.widgets.preview import Preview

from .apphelpers import SIZES, press, screen_text, settle, until
from .conftest import EXAMPLE
from .test_changes import git, pytestmark_git


def project_file(tmp_path, project=None):
    path = tmp_path / "p.toml"
    if project is None:
        shutil.copy(EXAMPLE, path)
    else:
        save(path, project)
    return path


@pytest.mark.parametrize("size", SIZES)
async def test_choose_part_and_format_and_the_preview_follows(tmp_path, size):
    path = project_file(tmp_path)
    project = load(path).project
    app = OutcomesApp(tmp_path, path)
    async with app.run_test(size=size) as pilot:
        await press(pilot, "x")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        preview = screen.query_one(Preview)
        assert preview.text == export.render(project, "text", "all")
        assert "Whole project" in screen_text(app) and "Plain text" in screen_text(app)
        await press(pilot, "p", "p")  # model, evidence
        await press(pilot, "f")        # markdown
        await settle(pilot)
        assert (screen.part, screen.fmt) == ("evidence", "markdown")
        assert preview.text == export.render(project, "markdown", "evidence")
        await press(pilot, "f")  # csv keeps the part: evidence is one table
        await settle(pilot)
        assert preview.text == export.render(project, "csv", "evidence").replace("\r\n", "\n")
        await press(pilot, "P")
        await settle(pilot)
        assert screen.part == "model"
        await press(pilot, "P")  # CSV has no "whole project": round to the last stage
        await settle(pilot)
        assert screen.part == "inputs"
        await press(pilot, "pagedown", "down")  # the preview scrolls
        await press(pilot, "x")
        await settle(pilot)
        assert not isinstance(app.screen, ExportScreen)


async def test_csv_of_the_whole_project_switches_to_a_table(tmp_path, notices):
    app = OutcomesApp(tmp_path, project_file(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "x", "f", "f")
        await settle(pilot)
        assert (app.screen.part, app.screen.fmt) == ("evidence", "csv")
        assert any("one table" in m for m in notices.messages())


@pytest.fixture
def tmux_server(monkeypatch):
    """A private tmux server, with $TMUX naming it as it does for a program run inside it."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    name = f"tui-outcomes-test-clip-{os.getpid()}"
    tmux = lambda *args: subprocess.run(["tmux", "-L", name, *args], capture_output=True, text=True, check=True).stdout
    tmux("-f", "/dev/null", "new-session", "-d", "-x", "80", "-y", "24", "sleep 600")
    socket = ""
    try:
        socket = tmux("display-message", "-p", "#{socket_path}").strip()
        monkeypatch.setenv("TMUX", f"{socket},{os.getpid()},0")
        yield tmux
    finally:
        subprocess.run(["tmux", "-L", name, "kill-server"], capture_output=True)
        if socket:  # tmux leaves it behind
            Path(socket).unlink(missing_ok=True)


@pytest.mark.parametrize("in_tmux", [False, True])
async def test_copy_sends_the_export_through_osc52(tmp_path, monkeypatch, request, in_tmux, clipboard, notices):
    tmux = request.getfixturevalue("tmux_server") if in_tmux else None
    if not in_tmux:
        monkeypatch.delenv("TMUX", raising=False)
    path = project_file(tmp_path)
    app = OutcomesApp(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "x", "p", "f", "c")
        await settle(pilot)
        expected = export.render(load(path).project, "markdown", "model")
        assert clipboard == [expected]  # Textual's own OSC 52, once
        assert app.clipboard == expected
        if in_tmux:  # and tmux has it too: in its paste buffer, for its own clipboard handling
            assert tmux("show-buffer") == expected
        lines = expected.count("\n")
        assert any(f"Copied Logic model (Markdown) to the clipboard: {lines} lines" in m
                   for m in notices.messages())


async def test_too_large_for_the_clipboard_offers_a_file(tmp_path, clipboard):
    from tui_outcomes.core.model import Project

    big = Project().with_details(title="Big", description="word " * (CLIPBOARD_LIMIT // 4))
    path = project_file(tmp_path, big)
    app = OutcomesApp(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "x", "c")
        await settle(pilot)
        assert clipboard == []
        assert isinstance(app.screen, ChoiceDialog) and "Too large" in screen_text(app)
        await press(pilot, "s")  # Save to a file
        await settle(pilot)
        assert isinstance(app.screen, TextDialog)
        await press(pilot, "enter")
        await settle(pilot)
    saved = tmp_path / "p-all.txt"
    assert saved.read_text(encoding="utf-8") == export.render(big, "text", "all")


@pytest.mark.parametrize("size", SIZES)
async def test_save_to_file_asks_before_overwriting(tmp_path, monkeypatch, size):
    folder = tmp_path / "projects"
    folder.mkdir()
    path = project_file(folder)
    project = load(path).project
    monkeypatch.chdir(tmp_path)  # opened as projects/p.toml, the way a user types it
    app = OutcomesApp(Path("projects"), Path("projects/p.toml"))
    async with app.run_test(size=size) as pilot:
        await press(pilot, "x", "f", "f", "s")  # CSV of the evidence, default name beside the project
        await settle(pilot)
        assert app.screen.value == "p-evidence.csv"
        await press(pilot, "enter")
        await settle(pilot)
        target = folder / "p-evidence.csv"
        assert target.read_bytes() == export.file_bytes(export.render(project, "csv", "evidence"), "csv")
        target.write_text("keep me", encoding="utf-8")
        await press(pilot, "s")
        await settle(pilot)
        await press(pilot, "enter")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        await press(pilot, "c")  # Cancel: the file stays
        await settle(pilot)
        assert target.read_text(encoding="utf-8") == "keep me"
        await press(pilot, "s")
        await settle(pilot)
        await press(pilot, "enter")
        await settle(pilot)
        await press(pilot, "o")  # Overwrite
        await settle(pilot)
        assert target.read_bytes().startswith(b"\xef\xbb\xbfStage,")


async def test_preview_and_file_show_invisible_characters_and_markup_as_text(tmp_path):
    from tui_outcomes.core.model import Project

    nasty = "Red \x1b[31malert\x07 \u202eevil\u202c and [bold]markup[/]"
    project, _ = Project().with_details(title="T").add_element("final_outcomes", nasty)
    assert project.stage("final_outcomes").elements[0].text == "Red [31malert \u202eevil\u202c and [bold]markup[/]"
    path = project_file(tmp_path, project)
    app = OutcomesApp(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "x")
        await settle(pilot)
        preview = app.screen.query_one(Preview)
        assert "Red [31malert <U+202E>evil<U+202C> and [bold]markup[/]" in preview.text
        assert "[bold]markup[/]" in screen_text(app)
        await press(pilot, "s")
        await settle(pilot)
        await press(pilot, "enter")
        await settle(pilot)
    saved = (tmp_path / "p-all.txt").read_text(encoding="utf-8")
    assert "<U+202E>evil<U+202C> and [bold]markup[/]" in saved and "\u202e" not in saved


# -- changes since the last commit --------------------------------------------------


async def wait_for_text(pilot, widget, needle: str) -> str:
    """The preview's text once ``needle`` shows in it or above it (git runs in a worker thread)."""
    await until(pilot, lambda: needle in widget.text or needle in pilot.app.screen.query_one("#about").render().plain,
                f"{needle!r} in the changes screen")
    return widget.text


@pytestmark_git
@pytest.mark.parametrize("size", SIZES)
async def test_changes_since_the_last_commit_include_unsaved_edits(tmp_path, size):
    repo = tmp_path / "repo"
    repo.mkdir()
    path = repo / "example.toml"
    shutil.copy(EXAMPLE, path)
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "first")
    project = load(path).project
    fo1 = project.stage("final_outcomes").elements[0]
    save(path, project.with_row(fo1.evidence[0].id, target="Half as many incidents"), force=True)
    app = OutcomesApp(repo, path)
    async with app.run_test(size=size) as pilot:
        await press(pilot, "1", "a")  # an unsaved edit: a new final outcome
        await settle(pilot)
        await press(pilot, *"Fewer exclusions", "ctrl+s")
        await settle(pilot)
        await press(pilot, "g")
        await settle(pilot)
        preview = app.screen.query_one(Preview)
        text = " ".join((await wait_for_text(pilot, preview, "target changed")).split())
        assert "target changed: “50% reduction in disruptive incidents recorded next term” → " \
               "“Half as many incidents”" in text
        assert "Added FO4 “Fewer exclusions”" in text
        assert "unsaved edits included" in screen_text(app)
        await press(pilot, "m")
        await settle(pilot)
        assert preview.text.startswith("# Changes from")


async def test_changes_outside_git_say_why(tmp_path):
    app = OutcomesApp(tmp_path, project_file(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "g")
        await settle(pilot)
        preview = app.screen.query_one(Preview)
        await wait_for_text(pilot, preview, "No committed version")
        words = " ".join(screen_text(app).split())
        assert "No committed version to compare with" in words
        assert "is not in a git repository" in words and "git init" in words and "fatal" not in words


async def test_answered_only_and_folded_lines_in_the_preview(tmp_path):
    path = project_file(tmp_path, load(EXAMPLE).project.with_answer("applications", "1.1", "purpose", True))
    app = OutcomesApp(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "x", "p", "p", "p")  # in one burst: model, evidence, checklist
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExportScreen) and screen.part == "checklist"
        preview = screen.query_one(Preview)
        assert "4.7" in preview.text
        await press(pilot, "a")
        await settle(pilot)
        assert "answered only" in screen_text(app)
        assert "1.1" in preview.text and "4.7" not in preview.text
        assert preview.text == export.render(load(path).project, "text", "checklist", answered_only=True)
        await press(pilot, "f")  # Markdown: table rows are longer than the screen, and are folded
        await settle(pilot)
        assert preview.soft_wrap
        assert max(len(line) for line in preview.text.split("\n")) > 80
        await press(pilot, "f")  # CSV scrolls sideways instead
        await settle(pilot)
        assert not preview.soft_wrap


# -- the preview: a long text, drawn a screen at a time ----------------------------------------------


def preview_app(text: str, wrap: bool):
    from textual.app import App

    class One(App):
        def compose(self):
            yield Preview()

        def on_mount(self):
            self.query_one(Preview).show(text, wrap=wrap)
            self.query_one(Preview).focus()

    return One()


@pytest.mark.parametrize("size", SIZES)
async def test_a_long_preview_folds_scrolls_and_follows_the_width(size):
    """5,000 lines, some longer than the screen: folded at the edge (after a space), the last line reached with
    end, folded again when the terminal narrows, with the same text still at the top."""
    from tui_outcomes.widgets.preview import fold

    width, height = size
    lines = [f"line {n} " + ("word " * (n % 40)) + "[bold]not markup[/] \x1b[31m" for n in range(5000)]
    app = preview_app("\n".join(lines), wrap=True)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        preview = app.query_one(Preview)
        shown = screen_text(app).split("\n")
        assert shown[0].rstrip() == "line 0 [bold]not markup[/] ␛[31m"
        assert all(len(row.rstrip()) <= width for row in shown)
        assert len(preview.starts) == sum(len(fold(terminal_safe(line), width - 1)) for line in lines)
        await press(pilot, "end")
        assert "line 4999 word" in screen_text(app)
        await press(pilot, "home", *["pagedown"] * 3)
        top = screen_text(app).split("\n")[0]
        await pilot.resize_terminal(60, height)
        await settle(pilot)
        assert preview.laid_out_for == 59
        assert all(len(row.rstrip()) <= 60 for row in screen_text(app).split("\n"))
        assert top.split()[:2] == screen_text(app).split("\n")[0].split()[:2]  # the same line at the top


async def test_a_preview_without_folding_scrolls_sideways():
    text = "\n".join(f"{n}," + ",".join(f"cell {c}" for c in range(40)) for n in range(300))
    app = preview_app(text, wrap=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert screen_text(app).split("\n")[0].startswith("0,cell 0,cell 1")
        await press(pilot, *["right"] * 10)
        await settle(pilot)
        first = screen_text(app).split("\n")[0]
        assert not first.startswith("0,cell 0") and first.endswith("cell 11,c")  # moved along, one row still
        assert app.query_one(Preview).virtual_size.width == max(len(line) for line in text.split("\n"))


async def test_keys_typed_while_the_export_is_made_reach_it_and_the_copy_is_whole(tmp_path, monkeypatch, clipboard):
    """x, then the part, the format and copy in one burst: each choice is made (the last one shown) and the
    copy is the whole text of the last choice, sent once."""
    from .apphelpers import burst

    monkeypatch.delenv("TMUX", raising=False)
    path = project_file(tmp_path)
    app = OutcomesApp(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await burst(pilot, "x", "p", "p", "f", "c")
        await settle(pilot)
        expected = export.render(load(path).project, "markdown", "evidence")
        assert clipboard == [expected]
        assert app.screen.query_one(Preview).text == expected
        assert "Evidence tables" in screen_text(app) and "Markdown" in screen_text(app)


@pytest.mark.parametrize("size", SIZES)
async def test_the_progress_report_is_a_part_of_the_export_screen(tmp_path, size):
    """The review part, as of today, in each format; CSV keeps it (it is one table)."""
    path = project_file(tmp_path)
    project = load(path).project
    app = OutcomesApp(tmp_path, path)
    async with app.run_test(size=size) as pilot:
        await press(pilot, "x")
        await settle(pilot)
        screen = app.screen
        await press(pilot, "p", "p", "p", "p")  # model, evidence, checklist, review
        await settle(pilot)
        preview = screen.query_one(Preview)
        assert screen.part == "review" and preview.text == export.render(project, "text", "review")
        assert "Progress report" in screen_text(app) and "Progress as of" in screen_text(app)
        await press(pilot, "f", "f")
        await settle(pilot)
        assert (screen.part, screen.fmt) == ("review", "csv")
        assert preview.text == export.render(project, "csv", "review").replace("\r\n", "\n")
