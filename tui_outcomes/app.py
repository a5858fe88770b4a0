"""The Textual app: a portfolio of project files and the screens of one open project.

It keeps the open Document and the rules for leaving it (save / discard / cancel,
reload / overwrite on a conflict); everything about projects is in the core.
"""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path
from typing import Iterable

from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme

from .core import settings as user_settings
from . import theming
from .core.document import Document
from .typeahead import TypeAheadApp
from .core.wording import count
from .widgets.key_bar import press

MIN_SIZE = (60, 18)
# Terminals cap what they accept through OSC 52 (xterm and others at about 100 KB of the
# encoded sequence); beyond that the copy is refused and a file is offered instead.
CLIPBOARD_LIMIT = 100_000


class OutcomesApp(TypeAheadApp):
    CSS_PATH = Path(__file__).parent / "app.tcss"
    TITLE = "tui-outcomes"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True, id="app.quit"),
        Binding("f1,question_mark", "help", "Help", id="app.help"),
        Binding("f2,t", "change_theme", "Theme", show=False, id="app.theme"),
    ]

    def __init__(self, folder: Path, project: Path | None = None, *, config: Path | None = None,
                 theme: str | None = None, theme_folders: Iterable[Path] = ()):
        """``config`` is the user config folder (settings and themes); None reads and writes no settings.
        ``theme`` overrides the saved choice for this run; ``theme_folders`` add themes (``--themes``)."""
        super().__init__()
        self.folder = folder
        self.first_project = project
        self.document: Document | None = None
        self.config = config
        self.settings, self.startup_problems = (
            user_settings.load(config / user_settings.FILE_NAME) if config else (user_settings.Settings(), []))
        folders = [theming.SHIPPED, *([theming.user_folder(config)] if config else []), *theme_folders]
        files = theming.discover(folders)
        self.startup_problems += [problem for f in files for problem in f.problems]
        for theme_file in theming.usable(files).values():
            self.register_theme(Theme(name=theme_file.name, **theme_file.data))
        self.startup_theme = self._first_theme(theme)
        if self.startup_theme in self.available_themes:  # else run() says --theme names no theme
            self.theme = self.startup_theme  # before any CSS is worked out: styled once, in this theme
        self._save_theme_timer = None
        from .recovery import Keeper

        self.recovery = Keeper(self)  # the open project's recovery copy; signals
        import asyncio

        self.save_lock = asyncio.Lock()  # one save at a time
        self.pending_saves = 0  # saves asked for and not finished (see saves_done)
        self.handle_signals = False  # run() sets it: SIGHUP and SIGTERM keep unsaved edits and exit
        self.tunes_collector = False  # started from the command line: an open project is kept out of gc passes
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)

    def _first_theme(self, requested: str | None) -> str:
        """--theme, else monochrome under NO_COLOR, else the saved choice, else the default."""
        if requested:
            return requested
        if self.no_color:
            return theming.NO_COLOR_THEME
        saved = self.settings.theme
        if saved and saved not in self.available_themes:
            self.startup_problems.append(f"theme {saved!r} in your settings is not installed; using "
                                         f"{theming.DEFAULT} (tui-outcomes themes lists them)")
            return theming.DEFAULT
        return saved or theming.DEFAULT

    def get_default_screen(self) -> Screen:
        """The first screen: the project given on the command line, else the portfolio."""
        if self.first_project is not None:
            from .core.fileformat import ProjectFileError
            from .screens.logic_model import LogicModelScreen

            try:
                self.document = Document.open(self.first_project)
                self.recovery.attach(self.document)
                return LogicModelScreen(self.document)
            except ProjectFileError as exc:
                self.call_later(self.show_problems, self.first_project, exc)
        from .screens.portfolio import PortfolioScreen

        return PortfolioScreen(self.folder)

    # -- the file on disk ---------------------------------------------------------
    DISK_CHECK = 2.0  # seconds between looks at the open project's file (a stat; the digest only if it moved)

    def on_app_focus(self) -> None:
        self.check_disk()

    def check_disk(self) -> None:
        """Notice the open project's file changing under it (a git pull, another editor) while it is open."""
        document = self.document
        if document is None or document.changed_outside or not document.changed_on_disk():
            return
        document.changed_outside = True
        gone = not document.path.exists()
        what = "was deleted" if gone else "changed on disk"
        if document.dirty:
            advice = "your unsaved edits are kept; saving will ask what to do"
        elif gone:
            advice = "saving will ask whether to recreate it"
        else:
            advice = press(self.screen, "project.reload", "to load it") or "reload to load it"
        self.notify(f"{document.path.name} {what}: {advice}.", title="The file changed", severity="warning",
                    timeout=10)
        for title in self.screen.query("TitleBar"):
            title.redraw()

    def on_mount(self) -> None:
        if self.handle_signals:
            self.recovery.install_signal_handlers()
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.check_size(self.size.width, self.size.height)
        self.call_after_refresh(self._after_first_paint)
        self.set_interval(self.DISK_CHECK, self.check_disk)

    def _after_first_paint(self) -> None:
        """What can wait until the screen is up: reporting settings problems, remembering the folder."""
        import gc

        if not gc.isenabled():  # started from the command line (cli.run_app): collect from now on,
            gc.freeze()         # leaving out what start-up made, which lives as long as the app
            gc.enable()
            self.tunes_collector = True
        problems = list(self.startup_problems)
        if self.settings.keymap:
            from .keys import unknown_ids

            problems += unknown_ids(self.settings.keymap, type(self))
        if problems:
            from .core.textsafe import terminal_safe

            self.notify(terminal_safe("\n".join(problems)), title="Settings and themes", severity="warning",
                        markup=False, timeout=15)
        folder = str(self.folder.resolve())
        if self.settings.last_folder != folder:
            self.update_settings(quiet=True, last_folder=folder)

    # -- settings ----------------------------------------------------------------
    def update_settings(self, quiet: bool = False, **changes) -> None:
        """Change settings and save them (when the app has a config folder); a failed save is reported
        unless ``quiet`` (remembering the folder is not something the user asked for)."""
        self.settings = self.settings.replace(**changes)
        if self.config is None:
            return
        from .core.fileformat import SaveError

        try:
            user_settings.save(self.config / user_settings.FILE_NAME, self.settings)
        except SaveError as exc:
            if not quiet:
                self.notify(str(exc), title="Settings not saved", severity="error", markup=False, timeout=8)

    def _theme_changed(self, theme) -> None:
        # Saved once the choice settles: the theme picker previews each theme it passes.
        if self._save_theme_timer is not None:
            self._save_theme_timer.stop()
        self._save_theme_timer = self.set_timer(0.5, self._save_theme)

    def on_unmount(self) -> None:
        if self._save_theme_timer is not None:  # quitting before the choice was saved
            self._save_theme()
        # Ended without the leaving questions (a browser tab closed under tui-outcomes serve ends its
        # app at once): unsaved edits go to the recovery copy now (run() then lets the project go).
        self.recovery.flush()

    def _save_theme(self) -> None:
        if self._save_theme_timer is not None:
            self._save_theme_timer.stop()
        self._save_theme_timer = None
        if self.theme != self.settings.theme:
            self.update_settings(theme=self.theme)

    # -- screens -------------------------------------------------------------
    def open_project(self, path: Path) -> None:
        from .core.fileformat import ProjectFileError
        from .screens.logic_model import LogicModelScreen

        try:
            document = Document.open(path)
        except ProjectFileError as exc:
            self.show_problems(path, exc)
            return
        self.document = document
        self.push_screen(LogicModelScreen(document))
        self.recovery.attach(document)
        if self.tunes_collector:
            # A big project is hundreds of thousands of objects that live while it is open: left out
            # of the collector's full passes (which took up to 0.4 s of a key at 5,000 elements a
            # stage), and given back to it when the project is closed.
            import gc

            self.call_after_refresh(gc.freeze)

    def show_problems(self, path: Path, exc) -> None:
        from .core.merge import has_conflict_markers
        from .dialogs.problems import ProblemsDialog

        try:
            marked = has_conflict_markers(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            marked = False
        if marked:  # git merged it line by line (no merge driver here): offer to redo it by meaning
            self.run_worker(self._offer_resolve(path, exc), group="resolve")
            return

        self.push_screen(ProblemsDialog(f"{path.name} cannot be opened", [p.format(str(path)) for p in exc.problems],
                                        "Fix the file in an editor, then open it again. Nothing was changed."))

    async def _offer_resolve(self, path: Path, exc) -> None:
        import asyncio

        from .core.merge import MergeError, resolve_from_index
        from .dialogs.problems import ProblemsDialog

        choice = await self.ask(
            "git merged this file line by line",
            f"{path.name} holds git's conflict markers (<<<<<<<): a merge was done without tui-outcomes' merge "
            "driver (on a forge, or where tui-outcomes git-setup was not run). Resolve redoes the merge by "
            f"meaning from the versions git keeps (as tui-outcomes resolve {path.name} does) and opens the result.",
            [("resolve", "Resolve"), ("problems", "Show the problems"), ("cancel", "Cancel")])
        if choice == "problems":
            self.push_screen(ProblemsDialog(f"{path.name} cannot be opened",
                                            [p.format(str(path)) for p in exc.problems],
                                            "Fix the file in an editor, then open it again. Nothing was changed."))
        if choice != "resolve":
            return
        try:
            merged, staged = await asyncio.to_thread(resolve_from_index, path)
        except MergeError as error:
            self.notify(str(error), title="Not resolved", severity="error", timeout=10)
            return
        left = f"{count(len(merged.conflicts), 'conflict')} to resolve" if merged.conflicts else "no conflicts"
        self.notify(f"Merged {path.name} by meaning: {left}" + (" (staged with git add)" if staged else ""),
                    timeout=6)
        self.open_project(path)

    def close_project(self) -> None:
        """Leave the open project for the portfolio (asking first about unsaved changes)."""
        self.run_worker(self._close_project(), exclusive=True, group="leave")

    async def _close_project(self) -> None:
        if self.document is not None and not await self.confirm_discard(self.document):
            return
        self.recovery.detach()
        self.document = None
        if self.tunes_collector:
            import gc

            gc.unfreeze()
        if len(self.screen_stack) <= 1:
            # Opened straight from the command line, so there is no portfolio below: put one on
            # top (the closed project's screen stays underneath, inert; the first screen of an
            # app cannot be switched away).
            from .screens.portfolio import PortfolioScreen

            self.push_screen(PortfolioScreen(self.folder))
        else:
            self.pop_screen()

    # -- saving and leaving ----------------------------------------------------
    async def ask(self, title: str, message: str, choices: list[tuple[str, str]]) -> str:
        """Ask a question with a few answers (a ChoiceDialog); the key of the answer, "cancel" on escape."""
        from .dialogs.choice import ChoiceDialog

        return await self.push_screen_wait(ChoiceDialog(title, message, choices))

    async def confirm_discard(self, document: Document) -> bool:
        """True when it is fine to drop the document: saved, or the user says so."""
        await self.saves_done()
        if not document.dirty:
            return True

        choice = await self.ask(
            "Unsaved changes", f"{document.path.name} has changes that are not saved.",
            [("save", "Save"), ("discard", "Discard changes"), ("cancel", "Cancel")])
        if choice == "save":
            return await self.save_document(document)
        return choice == "discard"

    async def save_document(self, document: Document) -> bool:
        """Save, asking where the file on disk needs a decision (changed, deleted, read-only, its folder
        gone); True when saved. One save at a time: a second waits for the first."""
        async with self.save_lock:
            return await self._save_document(document)

    def save_started(self) -> None:
        """Called as ctrl+s is handled, before its worker runs: quitting or leaving typed next waits for it."""
        self.pending_saves += 1

    def save_finished(self) -> None:
        self.pending_saves = max(0, self.pending_saves - 1)

    async def saves_done(self) -> None:
        """Wait until the saves asked for so far have finished (ctrl+s then ctrl+q: save, then quit)."""
        import asyncio

        while self.pending_saves:
            async with self.save_lock:
                pass
            await asyncio.sleep(0.005)

    async def _save_document(self, document: Document) -> bool:
        from .core.fileformat import ConflictError, FileGoneError, FolderGoneError, ReadOnlyError

        name = document.path.name
        if document.comment_lines:
            choice = await self.ask(
                "Comments will be removed",
                f"{name} has {count(document.comment_lines, 'hand-written comment')}. Saving rewrites the file "
                "without them (put notes you want to keep in a description or an x_ key).",
                [("save", "Save anyway"), ("cancel", "Cancel")])
            if choice != "save":
                return False
        try:
            return await self._write(document, force=False)
        except ConflictError:
            choice = await self.ask(
                "The file changed on disk",
                f"{name} was changed by something else (a git pull, another editor) since you opened it. "
                "Reload takes the file on disk (u undoes it, back to your edits); Overwrite replaces it with "
                "yours; Save as keeps both.",
                [("reload", "Reload"), ("overwrite", "Overwrite"), ("save_as", "Save as…"), ("cancel", "Cancel")])
            if choice == "reload":
                await self.reload_document(document, ask=False)
                return False
        except FileGoneError:
            choice = await self.ask(
                "The file was deleted",
                f"{name} is no longer on disk: it was deleted or moved since you opened it. Recreate writes "
                "your project there again; Save as puts it somewhere else.",
                [("overwrite", "Recreate"), ("save_as", "Save as…"), ("cancel", "Cancel")])
        except ReadOnlyError:
            choice = await self.ask(
                "The file is read-only",
                f"{name} is marked read-only (someone protected it, or it belongs to someone else). Write "
                "anyway replaces it (it stays read-only); Save as puts your project somewhere else.",
                [("overwrite", "Write anyway"), ("save_as", "Save as…"), ("cancel", "Cancel")])
        except FolderGoneError as exc:
            choice = await self.ask(
                "The folder is gone", f"{exc}. Your project is still here in the app: Save as puts it "
                "somewhere else.",
                [("save_as", "Save as…"), ("cancel", "Cancel")])
        if choice == "overwrite":
            try:
                return await self._write(document, force=True)
            except FolderGoneError as exc:
                self.notify(str(exc), title="Not saved", severity="error", timeout=8)
                return False
        if choice == "save_as":
            return await self._save_as(document)
        return False

    async def _write(self, document: Document, force: bool) -> bool:
        """Save in a worker thread (a big project takes seconds: the screen and keys carry on), saying
        so; False (with the reason shown) if it failed. What needs a decision is left to the caller."""
        import asyncio

        from .core.document import write_project
        from .core.fileformat import ConflictError, FileGoneError, FolderGoneError, ReadOnlyError, SaveError

        project, path = document.project, document.path  # edits made during the save stay unsaved
        try:
            digest = await asyncio.to_thread(write_project, path, project, document.digest, force)
        except (ConflictError, FileGoneError, FolderGoneError, ReadOnlyError):
            raise
        except SaveError as exc:
            self.notify(str(exc), title="Not saved", severity="error", timeout=8)
            return False
        document.saved_as(path, project, digest)
        self.notify(f"Saved {path.name}", timeout=2)
        return True

    async def save_as(self, document: Document) -> bool:
        async with self.save_lock:
            return await self._save_as(document)

    async def _save_as(self, document: Document) -> bool:
        """Save the project to a file the user names (relative to the project's folder); it is then the
        open project's file. Never writes over another file without asking."""
        import asyncio

        from .core.document import write_project
        from .core.fileformat import SaveError
        from .dialogs.text_dialog import TextDialog

        typed = await self.push_screen_wait(TextDialog(
            "Save as", str(document.path), multiline=False,
            hint="A path for the project file, relative to its folder or in full. enter saves."))
        if not typed or not typed.strip():
            return False
        path = Path(typed.strip()).expanduser()
        if not path.is_absolute():
            path = document.path.parent / path
        if path.suffix != ".toml":
            path = path.with_name(path.name + ".toml")
        same = path.resolve() == document.path.resolve()
        if path.exists() and not same:
            choice = await self.ask(
                "Replace the file?", f"{path} already exists.", [("overwrite", "Overwrite"), ("cancel", "Cancel")])
            if choice != "overwrite":
                return False
        project = document.project
        try:
            digest = await asyncio.to_thread(write_project, path, project, None, True)
        except SaveError as exc:
            self.notify(str(exc), title="Not saved", severity="error", timeout=8)
            return False
        if not same:
            self.recovery.detach()  # the copy and presence of the old name go; the new name's come
        document.saved_as(path, project, digest)
        if not same:
            self.recovery.attach(document)
        self.notify(f"Saved as {path}", timeout=4)
        return True

    async def reload_document(self, document: Document, ask: bool = True) -> None:
        from .core.fileformat import ProjectFileError

        if ask and document.dirty:
            choice = await self.ask(
                "Reload from disk?", "Your unsaved changes will be replaced by the file on disk "
                "(u undoes the reload).", [("reload", "Reload"), ("cancel", "Cancel")])
            if choice != "reload":
                return
        try:
            document.reload()
        except ProjectFileError as exc:
            from .dialogs.problems import ProblemsDialog

            await self.push_screen_wait(ProblemsDialog(
                f"{document.path.name} on disk cannot be read", [p.format(str(document.path)) for p in exc.problems],
                "Your project in the app is unchanged. Fix the file, or save to overwrite it with yours."))
            return
        self.notify(f"Reloaded {document.path.name} from disk", timeout=2, markup=False)

    async def action_quit(self) -> None:
        self.run_worker(self._quit(), exclusive=True, group="leave")

    async def _quit(self) -> None:
        if self.document is not None and not await self.confirm_discard(self.document):
            return
        self.recovery.detach()
        self.exit()

    # -- notices -----------------------------------------------------------------
    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None,
               markup: bool = False) -> None:
        """Every notice is plain text with control characters shown (messages often quote file names
        and project text): never markup, never sent to the terminal to be obeyed."""
        from .core.textsafe import terminal_safe

        super().notify(terminal_safe(message), title=terminal_safe(title), severity=severity, timeout=timeout,
                       markup=False)

    # -- clipboard ---------------------------------------------------------------
    def copy_to_clipboard(self, text: str) -> None:
        """Textual's copy, through the terminal (OSC 52), which works over SSH. Inside tmux the text
        is also given to tmux itself (``tmux load-buffer -w``): it lands in tmux's paste buffer and
        tmux 3.2 or later passes it on to the terminal's clipboard, with its default settings."""
        import os

        super().copy_to_clipboard(text)
        if os.environ.get("TMUX"):
            import subprocess

            try:
                subprocess.run(["tmux", "load-buffer", "-w", "-"], input=text.encode("utf-8"),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=2, check=False)
            except (OSError, subprocess.SubprocessError):
                pass  # no tmux command here: the terminal's copy above still stands

    def copy_text(self, text: str, what: str) -> bool:
        """Copy and say what was copied; False (and nothing sent) when it is too large for OSC 52."""
        if (len(text.encode("utf-8")) + 2) // 3 * 4 > CLIPBOARD_LIMIT:
            return False
        self.copy_to_clipboard(text)
        lines = text.count("\n") + (not text.endswith("\n") and bool(text))
        self.notify(f"Copied {what} to the clipboard: {count(lines, 'line')}, "
                    f"{count(len(text), 'character')}.", timeout=4, markup=False)
        return True

    # -- keys, help, palette ---------------------------------------------------
    def action_help(self) -> None:
        from .screens.help import HelpScreen, key_rows

        if isinstance(self.screen, HelpScreen):
            return
        name = getattr(self.screen, "WHERE", "") or type(self.screen).__name__.removesuffix("Screen")
        self.push_screen(HelpScreen(name, key_rows(self.screen)))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Ours, from the active bindings (with their keys), then Textual's own (keys panel,
        screenshot, maximise…) except those ours already cover (theme, quit)."""
        seen: set[str] = set()
        titles: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.description or binding.system or not binding.id or binding.action in seen \
                    or not active.enabled:
                continue
            seen.add(binding.action)
            titles.add(binding.description)
            keys = self.get_key_display(binding)
            yield SystemCommand(binding.description, f"key: {keys}",
                                partial(self.run_action, binding.action, active.node))
        for command in super().get_system_commands(screen):
            if command.title not in titles:
                yield command

    # -- terminal size -----------------------------------------------------------
    def on_resize(self, event) -> None:
        self.check_size(event.size.width, event.size.height)

    def check_size(self, width: int, height: int) -> None:
        from .screens.too_small import TooSmallScreen

        small = width < MIN_SIZE[0] or height < MIN_SIZE[1]
        if small and not isinstance(self.screen, TooSmallScreen):
            self.push_screen(TooSmallScreen(MIN_SIZE))
        elif small:
            self.screen.show_size(width, height)
        elif isinstance(self.screen, TooSmallScreen):
            self.pop_screen()


def run(args: argparse.Namespace) -> int:
    """Open the app on a folder or a file; a one-line message when there is nothing to open."""
    config = user_settings.config_folder()
    options = {"config": config, "theme": args.theme, "theme_folders": [Path(d) for d in args.themes]}
    if args.path is None:
        folder = Path("projects")
        if not folder.is_dir():
            last = user_settings.load(config / user_settings.FILE_NAME)[0].last_folder
            if not last or not Path(last).is_dir():
                print("tui-outcomes: no projects/ folder here. Start one with: tui-outcomes new "
                      "projects/my-project.toml (or run: tui-outcomes FOLDER | FILE.toml)", file=sys.stderr)
                return 1
            folder = Path(last)
        path = folder
    else:
        path = Path(args.path)
    if path.is_dir():
        app = OutcomesApp(path, **options)
    elif path.is_file():
        app = OutcomesApp(path.parent, path, **options)
    else:
        print(f"tui-outcomes: {path} does not exist. Create it with: tui-outcomes new {path}", file=sys.stderr)
        return 1
    if args.theme and args.theme not in app.available_themes:
        names = ", ".join(sorted(app.available_themes))
        print(f"tui-outcomes: there is no theme called {args.theme!r}; choose one of: {names} "
              f"(tui-outcomes themes shows where each comes from)", file=sys.stderr)
        return 2
    app.handle_signals = True
    crashed = True
    try:
        app.run()
        crashed = False
    finally:
        # A signal or a crash: unsaved edits go to the recovery copy, and one line says where.
        code = app.return_code or int(crashed)
        message = app.recovery.finish(code)
        if message:
            try:
                print(message, file=sys.stderr)
            except OSError:  # the terminal is gone (SIGHUP)
                pass
    return code
