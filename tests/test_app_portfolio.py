"""The portfolio: every project in a folder, bad files marked, new projects, opening by Enter."""

import shutil

from tui_outcomes.app import OutcomesApp
from tui_outcomes.cli import main
from tui_outcomes.core.fileformat import load
from tui_outcomes.screens.logic_model import LogicModelScreen
from tui_outcomes.screens.portfolio import PortfolioScreen

from .apphelpers import press, running, settle, screen_text, type_text
from .conftest import EXAMPLE


def folder_with_a_bad_file(tmp_path):
    shutil.copy(EXAMPLE, tmp_path / "a-good.toml")
    (tmp_path / "b-bad.toml").write_text('format = 1\n[project]\ntitle = 5\n[outputs\n', encoding="utf-8")
    (tmp_path / "c-also-good.toml").write_text('[project]\ntitle = "Third"\n', encoding="utf-8")
    return tmp_path


async def test_one_bad_file_never_stops_the_others(tmp_path):
    folder = folder_with_a_bad_file(tmp_path)
    app = OutcomesApp(folder)
    async with running(app, (80, 24)) as pilot:
        assert isinstance(app.screen, PortfolioScreen)
        shown = screen_text(app)
        assert "a-good.toml" in shown and "Behaviour support" in shown
        assert "c-also-good.toml" in shown and "Third" in shown
        assert "✗" in shown and "cannot be read" in shown
        await press(pilot, "down", "enter")  # the bad one
        await settle(pilot)
        shown = "".join(screen_text(app).split())  # long paths wrap
        assert "b-bad.toml:4:9:notvalidTOML" in shown
        await press(pilot, "escape", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, LogicModelScreen)
        assert app.document.project.details.title == "Third"
        await press(pilot, "escape")
        await settle(pilot)
        assert isinstance(app.screen, PortfolioScreen)
    assert (folder / "b-bad.toml").read_text(encoding="utf-8").endswith("[outputs\n")  # untouched


async def test_counts_per_stage_cycle_stage_and_review(tmp_path, monkeypatch):
    from datetime import date

    from tui_outcomes.core.fileformat import load, save
    from tui_outcomes.core.model import Reading
    from tui_outcomes.core.review import review_project, summary
    from tui_outcomes.core.wording import count

    day = date(2026, 12, 4)
    monkeypatch.setattr("tui_outcomes.screens.review.today", lambda: day)
    project = load(EXAMPLE).project
    row = project.stage("final_outcomes").elements[0].evidence[0]
    project = project.add_reading(row.id, Reading("2026-11-30", "12"))  # worse than the baseline: off track
    save(tmp_path / "x.toml", project)
    review = summary(review_project(project, day))
    assert review["off_track"] and review["overdue"]
    counts = ["3", "3", "3", "3", str(review["overdue"]), str(review["off_track"])]
    app = OutcomesApp(tmp_path)
    async with running(app, (120, 30)) as pilot:
        line = next(line for line in screen_text(app).splitlines() if "x.toml" in line)
        assert "Plan" in line and line.split()[-6:] == counts
        assert "Overdue" in screen_text(app) and "Off track" in screen_text(app)
        assert f"{count(review['overdue'], 'row')} overdue · {review['off_track']} off track" in screen_text(app)
    app = OutcomesApp(tmp_path)
    async with running(app, (80, 24)) as pilot:  # narrower: no cycle column, short headings
        line = next(line for line in screen_text(app).splitlines() if "x.toml" in line)
        assert "Plan" not in line and line.split()[-6:] == counts
        assert "Late" in screen_text(app) and "Off" in screen_text(app)


async def test_new_project_from_the_portfolio(tmp_path):
    app = OutcomesApp(tmp_path)
    async with running(app, (80, 24)) as pilot:
        assert "No project files here yet" in screen_text(app)
        await press(pilot, "n")
        await settle(pilot)
        await type_text(pilot, "hearing")
        await press(pilot, "tab", "enter")
        await settle(pilot)
        await press(pilot, "down", "enter")  # the worked example
        await settle(pilot)
        await press(pilot, "tab")
        await type_text(pilot, "Hearing support")
        await press(pilot, "enter")
        await settle(pilot)
        assert isinstance(app.screen, LogicModelScreen)
    project = load(tmp_path / "hearing.toml").project
    assert project.details.title == "Hearing support"
    assert len(project.stage("inputs").elements) == 3


async def test_opening_a_bad_file_directly_shows_its_errors(tmp_path):
    folder = folder_with_a_bad_file(tmp_path)
    app = OutcomesApp(folder, folder / "b-bad.toml")
    async with running(app, (80, 24)) as pilot:
        assert "b-bad.toml cannot be opened" in screen_text(app)
        await press(pilot, "escape")
        await settle(pilot)
        assert isinstance(app.screen, PortfolioScreen)


def test_no_projects_folder_says_how_to_start(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main([]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "tui-outcomes new projects/my-project.toml" in err
    assert main(["nowhere.toml"]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_no_projects_folder_opens_the_folder_opened_last(tmp_path, monkeypatch, user_config):
    from tui_outcomes.core import settings

    folder = tmp_path / "mine"
    folder.mkdir()
    settings.save(user_config / settings.FILE_NAME, settings.Settings(last_folder=str(folder)))
    monkeypatch.chdir(tmp_path)
    opened = []
    monkeypatch.setattr(OutcomesApp, "run", lambda app: opened.append((app.folder, app.first_project)))
    assert main([]) == 0
    assert opened == [(folder, None)]


async def test_help_and_palette_list_our_commands(tmp_path):
    app = OutcomesApp(tmp_path, EXAMPLE)
    async with running(app, (160, 50)) as pilot:
        await press(pilot, "question_mark")
        await settle(pilot)
        shown = screen_text(app)
        for words in ("Add", "Links", "Project details", "Widen pane", "Undo", "Save"):
            assert words in shown
        await press(pilot, "escape", "ctrl+p")
        await settle(pilot)
        await type_text(pilot, "project details")
        await settle(pilot)
        await press(pilot, "enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "DetailsForm"


def test_every_binding_has_an_id_and_no_tmux_keys():
    import importlib
    import pkgutil

    import tui_outcomes
    from textual.binding import Binding

    seen = 0
    for module in pkgutil.walk_packages(tui_outcomes.__path__, "tui_outcomes."):
        if module.name.endswith("__main__"):
            continue
        mod = importlib.import_module(module.name)
        ours = [obj for obj in vars(mod).values()
                if isinstance(obj, type) and obj.__module__.startswith("tui_outcomes")]
        for obj in ours:
            for binding in obj.__dict__.get("BINDINGS", []):
                assert isinstance(binding, Binding)
                seen += 1
                assert binding.id, f"{obj.__name__}: {binding.key} has no id"
                keys = binding.key.split(",")
                assert not {"ctrl+b", "ctrl+a"} & set(keys), binding
                if any(k.startswith("f") and k[1:].isdigit() for k in keys):
                    assert any(len(k) == 1 or k == "question_mark" for k in keys), binding  # a letter too
    assert seen > 30


async def test_palette_keeps_textuals_own_commands_beside_ours(tmp_path):
    app = OutcomesApp(tmp_path, EXAMPLE)
    async with running(app, (80, 24)) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert {"Add", "Undo", "Save", "Theme", "Quit", "Keys", "Screenshot"} <= set(titles)
        assert len(titles) == len(set(titles))  # theme and quit once, with our keys
        await press(pilot, "ctrl+p")
        await settle(pilot)
        await type_text(pilot, "screenshot")
        await settle(pilot)
        assert "Save an SVG" in screen_text(app)
        await press(pilot, "escape")
        await settle(pilot)
        await press(pilot, "ctrl+p")
        await settle(pilot)
        await type_text(pilot, "keys")
        await settle(pilot)
        await press(pilot, "enter")
        await settle(pilot)
        assert app.screen.query("HelpPanel")  # Textual's keys panel
