"""The open Document: undo depth, redo, the unsaved mark. (The app's keys for these are tested in
test_app_logic_model.py; here the rules themselves, without driving hundreds of keys.)"""

from hypothesis import given, strategies as st

from tui_outcomes.core import templates
from tui_outcomes.core.document import UNDO_LIMIT, Document
from tui_outcomes.core.fileformat import save


def document(tmp_path) -> Document:
    path = tmp_path / "p.toml"
    save(path, templates.make("blank"))
    return Document.open(path)


def add(doc: Document, text: str) -> None:
    project, _ = doc.project.add_element("final_outcomes", text)
    assert doc.apply(project, f"add {text}")


def texts(doc: Document) -> list[str]:
    return [e.text for e in doc.project.stage("final_outcomes").elements]


def test_undo_keeps_the_last_limit_steps_and_no_more(tmp_path):
    doc = document(tmp_path)
    for i in range(UNDO_LIMIT + 20):
        add(doc, str(i))
    assert len(doc.undo_stack) == UNDO_LIMIT
    while doc.undo() is not None:
        pass
    assert texts(doc) == [str(i) for i in range(20)]  # the 20 oldest steps are gone for good
    for _ in range(UNDO_LIMIT):
        assert doc.redo() is not None
    assert doc.redo() is None
    assert len(texts(doc)) == UNDO_LIMIT + 20


def test_a_new_edit_clears_redo(tmp_path):
    doc = document(tmp_path)
    add(doc, "a")
    add(doc, "b")
    assert doc.undo() == "add b"
    assert doc.redo_stack
    add(doc, "c")
    assert not doc.redo_stack and doc.redo() is None
    assert texts(doc) == ["a", "c"]


def test_applying_the_same_project_is_not_an_edit(tmp_path):
    doc = document(tmp_path)
    assert not doc.apply(doc.project, "nothing")
    assert not doc.undo_stack and not doc.dirty


def test_dirty_follows_undo_and_redo_around_a_save(tmp_path):
    doc = document(tmp_path)
    assert not doc.dirty
    add(doc, "a")
    assert doc.dirty
    doc.undo()
    assert not doc.dirty  # back to what is on disk
    doc.redo()
    doc.save()
    assert not doc.dirty and texts(Document.open(doc.path)) == ["a"]
    add(doc, "b")
    assert doc.dirty
    doc.undo()
    assert not doc.dirty  # back to the saved version
    doc.undo()
    assert doc.dirty  # before the save: differs from the file
    doc.redo()
    assert not doc.dirty


def test_reload_is_undoable_and_clean(tmp_path):
    doc = document(tmp_path)
    add(doc, "mine")
    save(doc.path, templates.make("blank", "Theirs"), force=True)
    doc.reload()
    assert not doc.dirty and doc.project.details.title == "Theirs"
    assert doc.undo() == "reload from disk"
    assert texts(doc) == ["mine"] and doc.dirty


@given(st.lists(st.sampled_from(["edit", "undo", "redo"]), max_size=60))
def test_undo_and_redo_walk_one_history(steps):
    """Whatever the order of edits, undos and redos, undoing everything gives the first project and
    the unsaved mark is set exactly when the project differs from the one opened."""
    doc = Document(path=None, project=templates.make("blank"), digest=None)
    first = doc.project
    count = 0
    for step in steps:
        if step == "edit":
            count += 1
            add(doc, str(count))
        elif step == "undo":
            doc.undo()
        else:
            doc.redo()
        assert doc.dirty == (doc.project is not first)
    while doc.undo() is not None:
        pass
    assert doc.project is first and not doc.dirty
