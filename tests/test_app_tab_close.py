"""A browser tab closed under tui-outcomes serve: textual-serve tells the tab's app to exit at once
(no question about unsaved edits can reach anyone), so the edits go to the recovery copy."""

from textual.messages import ExitApp

from tui_outcomes import recovery
from tui_outcomes.app import OutcomesApp
from tui_outcomes.core import journal

from .apphelpers import settle
from .test_app_recovery import add
from .test_journal import copy_example


async def test_an_app_told_to_exit_keeps_unsaved_edits_in_the_recovery_copy(tmp_path, monkeypatch):
    monkeypatch.setattr(recovery, "DELAY", 3600)  # the usual copy after an edit would come too late
    path = copy_example(tmp_path)
    on_disk = path.read_bytes()
    app = OutcomesApp(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await add(pilot, "Typed just before the tab closed")
        assert app.document.dirty and journal.copies(path) == []
        app.post_message(ExitApp())  # what textual-serve's "quit" does
        await pilot.pause()
    (copy,) = journal.copies(path)
    assert "Typed just before the tab closed" in [e.text for _, e in journal.read(copy).project.elements()]
    assert path.read_bytes() == on_disk
