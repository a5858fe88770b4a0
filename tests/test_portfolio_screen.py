"""The portfolio with a folder of many projects: listed at once, filled as read, sorted, filtered."""

import shutil

from tui_outcomes.app import OutcomesApp
from tui_outcomes.core import templates
from tui_outcomes.core.fileformat import save
from tui_outcomes.screens.logic_model import LogicModelScreen
from tui_outcomes.screens.portfolio import PortfolioScreen

from .apphelpers import burst, press, running, screen_text, settle, until
from .conftest import EXAMPLE


def folder_of_projects(tmp_path, n=30):
    for i in range(n):
        save(tmp_path / f"project-{i:02}.toml", templates.make("blank", f"Title {n - i:02} of the folder"))
    shutil.copy(EXAMPLE, tmp_path / "worked.toml")
    return tmp_path


def rows(app) -> list[str]:
    return [line for line in screen_text(app).splitlines() if ".toml" in line and ("✓" in line or "…" in line)]


async def test_files_are_listed_then_filled_and_keys_work_meanwhile(tmp_path):
    folder = folder_of_projects(tmp_path)
    app = OutcomesApp(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0)
        screen = app.screen
        assert isinstance(screen, PortfolioScreen)
        assert len(screen.paths) == 31  # every file is listed before any is read
        await until(pilot, lambda: len(screen.entries) == 31, "every file to be read")
        await settle(pilot)
        assert all("✓" in row for row in rows(app))
        top = screen_text(app).splitlines()[0]
        assert "31 projects · sorted by" in top, top  # no "N read" once all are
        await press(pilot, "end", "enter")  # the last: the worked example
        await settle(pilot)
        assert isinstance(app.screen, LogicModelScreen)


async def test_an_unread_file_opens_at_once(tmp_path):
    folder = folder_of_projects(tmp_path, 3)
    app = OutcomesApp(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await burst(pilot, "enter")  # before (or while) the files are read
        await settle(pilot)
        assert isinstance(app.screen, LogicModelScreen)


async def test_the_title_gets_the_width_of_the_terminal(tmp_path):
    folder = folder_of_projects(tmp_path, 2)
    title = "A long title that the portfolio should show whole when the terminal is wide enough"
    save(folder / "long.toml", templates.make("blank", title))
    for size, whole in [((80, 24), False), ((170, 40), True)]:  # 170: beside the cycle and review columns
        app = OutcomesApp(folder)
        async with running(app, size) as pilot:
            await until(pilot, lambda: len(app.screen.entries) == 4, "the files to be read")
            await settle(pilot)
            line = next(row for row in rows(app) if "long.toml" in row)
            assert (title in line) == whole
            assert title[:20] in line


async def test_sort_by_a_column_with_one_key_and_filter_by_typing(tmp_path):
    folder = folder_of_projects(tmp_path, 5)
    app = OutcomesApp(folder)
    async with running(app, (100, 30)) as pilot:
        screen = app.screen
        await until(pilot, lambda: len(screen.entries) == 6, "the files to be read")
        assert [p.name for p in screen.shown][:2] == ["project-00.toml", "project-01.toml"]
        await press(pilot, "s")  # by title: "Behaviour…" (worked) first, then "Title 01…" = project-04
        await settle(pilot)
        assert "sorted by title" in screen_text(app)
        assert [p.name for p in screen.shown][:2] == ["worked.toml", "project-04.toml"]
        await burst(pilot, "slash", *"title 03")  # by title text
        await settle(pilot)
        assert [p.name for p in screen.shown] == ["project-02.toml"]
        assert "1 matching" in screen_text(app)
        await press(pilot, "enter", "enter")  # keep the filter, open the one left
        await settle(pilot)
        assert isinstance(app.screen, LogicModelScreen) and app.document.path.name == "project-02.toml"
        await press(pilot, "escape")
        await settle(pilot)
        await burst(pilot, "slash", "escape")  # escape clears the filter
        await settle(pilot)
        assert len(app.screen.shown) == 6


async def test_a_project_left_with_merge_conflicts_is_marked_and_said(tmp_path, example):
    from tui_outcomes.core.merge import merge

    fo1 = example.stage("final_outcomes").elements[0]
    ours = example.with_element_text(fo1.id, "Ours: fewer incidents")
    theirs = example.with_element_text(fo1.id, "Theirs: far fewer incidents")
    merged = merge(example, ours, theirs)
    assert merged.conflicts
    save(tmp_path / "a-clean.toml", example)
    save(tmp_path / "b-merged.toml", merged)
    app = OutcomesApp(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await until(pilot, lambda: len(screen.entries) == 2, "the files to be read")
        await settle(pilot)
        lines = screen_text(app).splitlines()
        clean = next(line for line in lines if "a-clean.toml" in line)
        conflicted = next(line for line in lines if "b-merged.toml" in line)
        assert "✓" in clean and "✗" not in clean
        assert "✗" in conflicted and "✓" not in conflicted
        await press(pilot, "down")
        await settle(pilot)
        shown = screen_text(app)
        assert "✗ 1 unresolved merge conflict from a git merge: ⏎ opens them" in shown, shown
        assert "⏎ Open" in shown.splitlines()[-1]  # enter is in force on the table, and named
        await press(pilot, "enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConflictsScreen"
