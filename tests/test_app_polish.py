"""Things a new user trips over in the first week (issue: first week), each shown by driving the app."""

import shutil

from tui_outcomes.app import OutcomesApp
from tui_outcomes.core.fileformat import load
from tui_outcomes.dialogs.link_picker import LinkPicker

from .apphelpers import screen_text, settle
from .conftest import EXAMPLE


def example_copy(tmp_path):
    path = tmp_path / "p.toml"
    shutil.copy(EXAMPLE, path)
    return path


def lines_with(text: str, needle: str) -> list[str]:
    found = [line for line in text.splitlines() if needle in line]
    assert text.strip(), "the screen is empty"
    return found


async def test_link_picker_shows_cursor_and_ticks_without_colour(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    path = example_copy(tmp_path)
    project = load(path).project
    io1 = project.stage("interim_outcomes").elements[0]
    ticked = {l.id for l in io1.supports}
    app = OutcomesApp(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "j", "l")  # in one burst: the stage, its first element, links
        await settle(pilot)
        assert isinstance(app.screen, LinkPicker)
        finals = project.stage("final_outcomes").elements
        text = screen_text(app)
        first = "[✓]" if finals[0].id in ticked else "[ ]"
        assert lines_with(text, f"▶ {first} FO1"), text
        picker = [line for line in text.splitlines() if "[✓] FO" in line or "[ ] FO" in line]
        assert len(picker) == len(finals) and sum("▶ [" in line for line in picker) == 1
        await pilot.press("down")
        await settle(pilot)
        text = screen_text(app)
        assert lines_with(text, "▶ [✓] FO2") or lines_with(text, "▶ [ ] FO2")
        assert not lines_with(text, "▶ [✓] FO1") and not lines_with(text, "▶ [ ] FO1")
        before = "[✓]" if finals[1].id in ticked else "[ ]"
        after = "[ ]" if before == "[✓]" else "[✓]"
        await pilot.press("space")
        await settle(pilot)
        assert lines_with(screen_text(app), f"▶ {after} FO2")
