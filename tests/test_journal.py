"""The recovery journal, presence files and stale temporary files (core, no app)."""

import os
import socket
import subprocess
import sys
import threading
import time

from hypothesis import given, settings, strategies as st

from tui_outcomes.core import changes, fileformat, journal
from tui_outcomes.core.document import Document

from .conftest import EXAMPLE


def copy_example(tmp_path, name="plan.toml"):
    path = tmp_path / name
    path.write_bytes(EXAMPLE.read_bytes())
    return path


def dead_pid() -> int:
    """A process id that is certainly not running: a child that has exited and been reaped."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_state_folder_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(journal.ENV, str(tmp_path / "s"))
    assert journal.state_folder() == tmp_path / "s"
    monkeypatch.delenv(journal.ENV)
    assert journal.state_folder().name == "tui-outcomes"


def test_key_is_by_absolute_path(tmp_path, monkeypatch):
    a, b = tmp_path / "a" / "plan.toml", tmp_path / "b" / "plan.toml"
    assert journal.key(a) != journal.key(b)
    assert journal.key(a).startswith("plan.")
    monkeypatch.chdir(tmp_path)
    assert journal.key("a/plan.toml") == journal.key(a)
    assert "." not in journal.key(tmp_path / "my.odd name [1].toml").split(".")[0]


def test_edits_write_a_copy_outside_the_project_folder_and_saving_removes_it(tmp_path):
    path = copy_example(tmp_path)
    doc = Document.open(path)
    box = journal.Journal(path)
    before = sorted(tmp_path.iterdir())
    doc.apply(doc.project.add_element("final_outcomes", "Reading [daily] \x1b")[0], "add")
    written = box.write(doc.project, doc.digest, box.ticket())
    assert written == box.file and written.is_file()
    assert sorted(tmp_path.iterdir()) == before  # nothing beside the project
    assert journal.state_folder() in written.parents
    found = journal.read(written)
    assert found.project == doc.project
    assert found.path == path and found.based_on == doc.digest and found.pid == os.getpid()
    assert not found.file_changed()
    doc.save()
    box.remove()
    assert not written.exists() and journal.copies(path) == []


def test_a_write_overtaken_by_a_removal_or_a_later_write_is_skipped(tmp_path):
    path = copy_example(tmp_path)
    doc = Document.open(path)
    box = journal.Journal(path)
    old = box.ticket()
    box.remove()  # saved meanwhile
    assert box.write(doc.project, doc.digest, old) is None and not box.file.exists()
    first, second = box.ticket(), box.ticket()
    assert box.write(doc.project, doc.digest, first) is None
    assert box.write(doc.project, doc.digest, second) == box.file


def test_writes_from_threads_never_leave_a_copy_after_remove(tmp_path):
    path = copy_example(tmp_path)
    project = Document.open(path).project
    box = journal.Journal(path)
    tickets = [box.ticket() for _ in range(8)]
    threads = [threading.Thread(target=box.write, args=(project, None, t)) for t in tickets]
    for t in threads:
        t.start()
    box.remove()
    for t in threads:
        t.join()
    assert not box.file.exists()


def test_orphans_are_copies_of_ended_sessions_only(tmp_path):
    path = copy_example(tmp_path)
    project = Document.open(path).project
    mine = journal.Journal(path)
    mine.write(project, None)
    assert journal.copies(path) == [mine.file]
    assert journal.orphans(path) == []  # this session's own copy is not offered
    ended = mine.file.with_name(f"{journal.key(path)}.{dead_pid()}.toml")
    ended.write_bytes(mine.file.read_bytes())
    assert journal.orphans(path) == [ended]
    # A copy written by a running process (here: the test's parent) is not offered either.
    running = mine.file.with_name(f"{journal.key(path)}.{os.getppid()}.toml")
    running.write_bytes(mine.file.read_bytes())
    assert journal.orphans(path) == [ended]
    assert journal.marked([path, tmp_path / "other.toml"]) == {path}


def test_the_copy_says_when_the_file_changed_since(tmp_path):
    path = copy_example(tmp_path)
    doc = Document.open(path)
    doc.apply(doc.project.add_element("outputs", "Weekly sessions")[0], "add")
    box = journal.Journal(path)
    box.write(doc.project, doc.digest)
    pulled = fileformat.load(path).project.with_details(title="Pulled from git")
    fileformat.save(path, pulled, force=True)  # a git pull meanwhile
    found = journal.read(box.file)
    assert found.file_changed()
    words = changes.render(changes.compare(fileformat.load(path).project, found.project), "a", "b")
    assert "Added" in words and "Weekly sessions" in words


def test_a_damaged_copy_is_a_clear_error(tmp_path):
    bad = tmp_path / "x.1.toml"
    bad.write_text('path = "/p.toml"\nproject = "format = [\n', encoding="utf-8")
    try:
        journal.read(bad)
    except journal.RecoveryError as exc:
        assert str(bad) in str(exc) and "cannot be read" in str(exc)
    else:
        raise AssertionError("no error")
    bad.write_text("nonsense", encoding="utf-8")
    try:
        journal.read(bad)
    except journal.RecoveryError as exc:
        assert str(bad) in str(exc)
    else:
        raise AssertionError("no error")


TRICKY = st.sampled_from(["'''", "'", '"""', "\\", "\t", "\n", "\x1b", "\x7f", "[x]"])


@settings(max_examples=30, deadline=None)
@given(title=st.lists(st.one_of(st.text(), TRICKY)).map("".join),
       intro=st.lists(st.one_of(st.text(), TRICKY)).map("".join))
def test_a_copy_gives_back_exactly_the_project(tmp_path_factory, title, intro):
    """Whatever the text (the copy holds the project's file text as a literal string when it can, quotes
    such as ''' and control characters make it a quoted one), the copy reads back as the project."""
    from tui_outcomes.core.model import Project

    folder = tmp_path_factory.mktemp("prop")
    project = Project().with_details(title=title).with_introduction("final_outcomes", intro)
    project = fileformat.parse(fileformat.dumps(project))  # as the app holds it after normalising text
    box = journal.Journal(folder / "p.toml", folder=folder / "state")
    box.write(project, "abc")
    assert journal.read(box.file).project == project


def test_presence_says_who_else_has_the_project_and_drops_stale_ones(tmp_path):
    path = copy_example(tmp_path)
    here = journal.Presence(path)
    assert here.others() == []
    here.claim()
    assert here.file.is_file() and here.others() == []  # oneself is not "another"
    folder = here.file.parent
    other = folder / f"{journal.key(path)}.{os.getppid()}.toml"
    other.write_text(f'host = "{socket.gethostname()}"\npid = {os.getppid()}\nsince = "2026-01-01T09:30:00+00:00"\n',
                     encoding="utf-8")
    stale = folder / f"{journal.key(path)}.{dead_pid()}.toml"
    stale.write_text(f'host = "{socket.gethostname()}"\npid = 1\n', encoding="utf-8")
    holders = here.others()
    assert holders == [journal.Holder(socket.gethostname(), os.getppid(), "2026-01-01T09:30:00+00:00")]
    assert f"process {os.getppid()} on {socket.gethostname()}, since 09:30" == holders[0].describe()
    assert not stale.exists() and other.exists()
    here.release()
    assert not here.file.exists()


def test_stale_temporary_files_of_the_project_are_removed_on_open_and_save(tmp_path):
    path = copy_example(tmp_path)
    old = time.time() - 600
    stale = [tmp_path / f".plan.toml.{x}.tmp" for x in ("abcd1234", "zz_9yy8x")]
    fresh = tmp_path / ".plan.toml.fresh123.tmp"  # a save that may still be running
    others = [tmp_path / ".other.toml.abcd1234.tmp", tmp_path / ".plan.toml.toolong99.tmp.bak",
              tmp_path / "plan.toml.abcd1234.tmp"]
    for f in stale + [fresh] + others:
        f.write_text("x")
    for f in stale + others:
        os.utime(f, (old, old))
    doc = Document.open(path)
    assert not any(f.exists() for f in stale)
    assert fresh.exists() and all(f.exists() for f in others)
    os.utime(fresh, (old, old))
    doc.apply(doc.project.add_element("outputs", "x")[0], "add")
    doc.save()
    assert not fresh.exists() and all(f.exists() for f in others)


def test_document_reports_every_change(tmp_path):
    doc = Document.open(copy_example(tmp_path))
    seen = []
    doc.on_change = lambda: seen.append(doc.dirty)
    doc.apply(doc.project.add_element("outputs", "x")[0], "add")
    doc.undo()
    doc.redo()
    doc.save()
    assert seen == [True, False, True, False]
