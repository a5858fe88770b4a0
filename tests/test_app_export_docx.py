"""The export screen's Word document: saved to a file (not copied, and the screen says why), and
in a browser (tui-outcomes serve) every export is a download instead of a file on the server."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("docx", reason="the docx extra is not installed: pip install -e '.[test,all]'")

from tui_outcomes.app import OutcomesApp  # noqa: E402
from tui_outcomes.core import docx_export, export  # noqa: E402
from tui_outcomes.core.fileformat import load  # noqa: E402
from tui_outcomes.screens.export import ExportScreen  # noqa: E402
from tui_outcomes.widgets.key_bar import KeyBar  # noqa: E402
from tui_outcomes.widgets.preview import Preview  # noqa: E402

from .apphelpers import SIZES, burst, press, screen_text, settle, until  # noqa: E402
from .test_app_export import project_file  # noqa: E402


def key_bar(app) -> str:
    return str(app.screen.query_one(KeyBar).render())


@pytest.mark.parametrize("size", SIZES)
async def test_word_document_is_saved_not_copied_and_the_screen_says_why(tmp_path, monkeypatch, size, clipboard):
    folder = tmp_path / "projects"
    folder.mkdir()
    path = project_file(folder)
    project = load(path).project
    monkeypatch.chdir(tmp_path)
    app = OutcomesApp(Path("projects"), Path("projects/p.toml"))
    async with app.run_test(size=size) as pilot:
        await burst(pilot, "x", "f", "f", "f")  # typed ahead: Word (CSV on the way chose the evidence tables)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExportScreen) and (screen.fmt, screen.part) == ("docx", "evidence")
        shown = screen_text(app)
        assert "Word document" in shown and "A file, not text to copy: press s to save it" in shown
        assert screen.query_one(Preview).text == export.render(project, "text", "evidence")
        assert "Copy" not in key_bar(app) and "Save to file" in key_bar(app)
        await press(pilot, "c")
        await settle(pilot)
        assert clipboard == []  # nothing copied
        await press(pilot, "s")
        await settle(pilot)
        assert app.screen.value == "p-evidence.docx"
        await press(pilot, "enter")
        target = folder / "p-evidence.docx"
        await until(pilot, target.exists, "the Word document written")
        assert target.read_bytes() == docx_export.render(project, "evidence")
        assert sorted(p.name for p in folder.iterdir()) == ["p-evidence.docx", "p.toml"]
        await press(pilot, "f")  # back to plain text: copying is offered again
        await settle(pilot)
        assert screen.fmt == "text" and "Copy" in key_bar(app)


async def test_word_document_without_python_docx_says_which_extra(tmp_path, monkeypatch, notices):
    import tui_outcomes.core.extras as extras

    monkeypatch.setattr(extras, "find_spec", lambda name: None)
    path = project_file(tmp_path)
    app = OutcomesApp(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "x", "f", "f", "f", "s")
        await settle(pilot)
        await press(pilot, "enter")
        await settle(pilot)
        await until(pilot, lambda: any("pip install 'tui-outcomes[docx]'" in m for m in notices.messages()),
                    "the message naming the extra")
        assert sorted(p.name for p in tmp_path.iterdir()) == ["p.toml"]


async def test_in_a_browser_an_export_is_a_download(tmp_path, monkeypatch, notices):
    # As under tui-outcomes serve: Textual's web driver says is_web; deliver_binary sends the file
    # to the browser. Stood in for here (the serve tests start the real server).
    delivered = []
    monkeypatch.setattr(OutcomesApp, "is_web", property(lambda self: True))
    monkeypatch.setattr(OutcomesApp, "deliver_binary",
                        lambda self, file, save_filename=None, **kw: delivered.append((save_filename, file.read())))
    path = project_file(tmp_path)
    project = load(path).project
    app = OutcomesApp(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "x", "f", "s")  # Markdown of the whole project
        await settle(pilot)
        await press(pilot, "f", "f", "s")  # a Word document (of the evidence: CSV on the way chose it)
        await until(pilot, lambda: len(delivered) == 2, "two downloads")
        assert delivered[0] == ("p-all.md", export.file_bytes(export.render(project, "markdown", "all"), "markdown"))
        assert delivered[1] == ("p-evidence.docx", docx_export.render(project, "evidence"))
        assert any("p-evidence.docx to your browser as a download" in m for m in notices.messages())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.toml"]  # nothing written beside the project
