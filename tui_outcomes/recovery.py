"""Never lose a keystroke: the open project's recovery copy, signals, and recovery on reopen.

The rules (where copies live, which are offered) are in core/journal.py; this is when the
app writes them: about a second after an unsaved edit (in a thread, off the key path), at
once on SIGHUP, SIGTERM or a crash, and never the project file itself.
"""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from .core import journal
from .core.document import Document
from .core.fileformat import SaveError

if TYPE_CHECKING:
    from .app import OutcomesApp

DELAY = 1.0  # seconds from an unsaved edit to its recovery copy
HARD_EXIT_AFTER = 5.0  # seconds a signalled app may take to shut down before it is ended
SIGNALS = {signal.SIGHUP: "hung up (SIGHUP)", signal.SIGTERM: "terminated (SIGTERM)"}


class Keeper:
    """Keeps the recovery copy and the presence file of the app's open document."""

    def __init__(self, app: OutcomesApp):
        self.app = app
        self.document: Document | None = None
        self.journal: journal.Journal | None = None
        self.presence: journal.Presence | None = None
        self.others: list[journal.Holder] = []
        self.timer = None
        self.exit_message = ""
        self.reported = False

    # -- the open document ------------------------------------------------------
    def attach(self, document: Document) -> None:
        """A project was opened: note who else has it, say we have it, then offer any recovery copy."""
        self.detach(keep=True)
        self.document = document
        self.journal = journal.Journal(document.path)
        self.presence = journal.Presence(document.path)
        self.others = []
        document.on_change = self.changed
        # after the first frame: the presence file is written (with an fsync) off the way to the screen
        self.app.call_after_refresh(self.announce, document)

    def announce(self, document: Document) -> None:
        """Note who else has the project open, say we have it, then offer any recovery copy."""
        if document is not self.document or self.presence is None:  # closed meanwhile
            return
        self.others = self.presence.others()
        self.presence.claim()
        self.app.run_worker(self.offer(document), group="recovery")

    def detach(self, keep: bool = False) -> None:
        """The project was closed (saved, or its edits discarded): its copy goes, unless ``keep``."""
        self.stop_timer()
        if self.document is not None:
            self.document.on_change = None
        if self.journal is not None and not keep:
            self.journal.remove()
        if self.presence is not None:
            self.presence.release()
        self.document = self.journal = self.presence = None

    def changed(self) -> None:
        """Document.on_change: schedule the copy after an unsaved edit; remove it once saved."""
        if threading.current_thread() is not threading.main_thread():  # a save in a worker thread
            try:
                self.app.call_from_thread(self.changed)
            except RuntimeError:
                pass
            return
        if self.document is None or self.journal is None:
            return
        if self.document.dirty:
            if self.timer is None:  # at most DELAY after the first edit since the last copy
                self.timer = self.app.set_timer(DELAY, self.due)
        else:
            self.stop_timer()
            self.journal.remove()

    def stop_timer(self) -> None:
        if self.timer is not None:
            self.timer.stop()
            self.timer = None

    def due(self) -> None:
        self.timer = None
        document, box = self.document, self.journal
        if document is None or box is None or not document.dirty:
            return
        ticket = box.ticket()
        project, based_on = document.project, document.digest  # immutable: safe to hand to a thread
        self.app.run_worker(lambda: self.write(box, project, based_on, ticket), thread=True,
                            group="journal", exit_on_error=False)

    def write(self, box: journal.Journal, project, based_on, ticket: int) -> None:
        try:
            box.write(project, based_on, ticket)
        except SaveError as exc:
            try:
                self.app.call_from_thread(self.report, str(exc))
            except RuntimeError:
                pass

    def report(self, message: str) -> None:
        if not self.reported:  # once: it would repeat after every edit
            self.reported = True
            self.app.notify(f"{message}. Save often: your unsaved edits have no recovery copy.",
                            title="No recovery copy", severity="warning", markup=False, timeout=10)

    def flush(self) -> Path | None:
        """Write the copy now (a signal, a crash); its path, or None when nothing is unsaved."""
        self.stop_timer()
        document, box = self.document, self.journal
        if document is None or box is None or not document.dirty:
            return None
        try:
            return box.write(document.project, document.digest, box.ticket())
        except SaveError as exc:
            self.exit_message = f"tui-outcomes: {exc}; the unsaved edits to {document.path.name} are lost"
            return None

    # -- signals and crashes -----------------------------------------------------------
    def install_signal_handlers(self) -> None:
        import asyncio

        loop = asyncio.get_running_loop()
        for number in SIGNALS:
            loop.add_signal_handler(number, self.on_signal, number)

    def on_signal(self, number: int) -> None:
        """SIGHUP or SIGTERM: keep the unsaved edits in the copy (never in the project file) and
        leave through the app's normal exit, which restores the terminal."""
        self.exit_message = self.farewell(SIGNALS[number], self.flush())
        self.app.exit(return_code=128 + number)
        # A safety net: with the terminal gone, Textual's output thread and its shutdown have been
        # seen to wait on each other for ever. The copy is written by now; if the normal exit has
        # not ended the process within a few seconds, say where the copy is and end it.
        watchdog = threading.Timer(HARD_EXIT_AFTER, self.hard_exit, (128 + number,))
        watchdog.daemon = True
        watchdog.start()

    def hard_exit(self, code: int) -> None:
        import os

        if self.presence is not None:
            self.presence.release()
        try:
            os.write(2, (self.exit_message + "\n").encode("utf-8", "replace"))
        except OSError:  # no terminal left to say it on
            pass
        os._exit(code)

    def finish(self, return_code: int) -> str:
        """After the app has stopped: keep unsaved edits after a crash; the line for stderr, if any."""
        if return_code and not self.exit_message:
            self.exit_message = self.farewell("stopped by an error", self.flush())
        if self.presence is not None:
            self.presence.release()
        return self.exit_message

    def farewell(self, why: str, copy: Path | None) -> str:
        if self.exit_message:  # the copy could not be written: that is what to say
            return self.exit_message
        if copy is None or self.document is None:
            return f"tui-outcomes: {why}; there were no unsaved edits"
        name = self.document.path.name
        return f"tui-outcomes: {why}; unsaved edits to {name} are in {copy} (open {name} again to restore them)"

    # -- recovery on reopen ---------------------------------------------------------
    async def offer(self, document: Document) -> None:
        """Say who else has the project open, then offer the copy an ended session left, if any."""
        app = self.app
        if self.others and document is self.document:
            holders = "; ".join(h.describe() for h in self.others)
            choice = await app.ask(
                "Open in another tui-outcomes",
                f"{document.path.name} is also open in another tui-outcomes ({holders}). Edits saved in "
                "one will not be in the other: the second save is asked to reload or overwrite.",
                [("go", "Go on"), ("close", "Close it")])
            if choice != "go":
                self.close_project(document)
                return
        orphans = journal.orphans(document.path)
        if not orphans or document is not self.document:
            return
        try:
            found = journal.read(orphans[0])
        except FileNotFoundError:
            return
        except journal.RecoveryError as exc:
            app.notify(f"{exc}. It is left where it is; nothing was changed.", title="Recovery copy unreadable",
                       severity="error", markup=False, timeout=15)
            return
        choice = await app.push_screen_wait(self.dialog(document, found, len(orphans)))
        if document is not self.document:
            return
        if choice == "restore":
            self.restore(document, found)
        elif choice == "discard":
            journal.discard(found.file)
            app.notify(f"Discarded the recovery copy of {document.path.name}.", timeout=3, markup=False)
        else:
            self.close_project(document)

    def dialog(self, document: Document, found: journal.Recovery, copies: int):
        from .core import changes
        from .core.wording import count
        from .dialogs.recovery import RecoveryDialog

        name = document.path.name
        message = f"{name} has unsaved edits from a session that ended at {found.written[11:16] or 'an unknown time'}"
        message += f" on {found.written[:10]}." if found.written[:10] else "."
        if found.file_changed():
            message += (f" {name} itself has changed since (a git pull, another editor): the list below "
                        "compares the copy with the file as it is now, and saving after a restore asks "
                        "whether to reload or overwrite.")
        found_changes = changes.compare(document.project, found.project)
        words = changes.render(found_changes, "", "").split("\n", 2)[2].strip("\n")  # without its title
        advice = ("Restore: the edits come back unsaved (u undoes). Discard: the copy is deleted. "
                  "Later: keep the copy and close the project.")
        if copies > 1:
            advice += f" ({count(copies - 1, 'more copy', 'more copies')} will be offered next time.)"
        return RecoveryDialog(f"Recover unsaved edits to {name}?", message, words, advice)

    def restore(self, document: Document, found: journal.Recovery) -> None:
        from .screens.project_screen import ProjectScreen

        assert self.journal is not None
        self.journal.adopt(found.file)  # write on into that copy: it is never gone in between
        changed = found.file_changed()
        old = document.project
        document.apply(found.project, "restore unsaved edits")
        if changed:
            document.digest = found.based_on  # the next save sees the file changed and asks
        screen = self.app.screen
        if isinstance(screen, ProjectScreen) and screen.document is document:
            screen.show_project(old)
        self.app.notify(f"Restored the unsaved edits to {document.path.name} (u undoes); save with ctrl+s.",
                        timeout=5, markup=False)

    def close_project(self, document: Document) -> None:
        if self.app.document is document and not document.dirty:
            self.app.close_project()
