"""Recovery copies of unsaved projects, and who has a project open.

While a project has unsaved edits the app keeps a copy of it in the user *state* folder
(``$TUI_OUTCOMES_STATE`` when set, else the platform's, ``~/.local/state/tui-outcomes`` on
Linux), never beside the project, so git never sees it:

    recovery/NAME.HASH.PID.toml   the unsaved project, with the path it belongs to and the
                                  digest of the file on disk it was based on
    open/NAME.HASH.PID.toml       "this project is open here" (host, process, since when)

HASH is taken from the project's absolute path, PID is the process that wrote the file.
A copy is offered for recovery when no running tui-outcomes is writing it; a presence file
is stale when its process is gone on this host. Plain Python (no Textual): the app decides
when to write.
"""

from __future__ import annotations

import os
import re
import socket
import threading
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

import tomli

from . import fileformat
from .model import Project

ENV = "TUI_OUTCOMES_STATE"
RECOVERY = "recovery"
OPEN = "open"


class RecoveryError(Exception):
    """A recovery copy that cannot be read (the message says which file and why)."""


def state_folder() -> Path:
    folder = os.environ.get(ENV)
    if folder:
        return Path(folder)
    from platformdirs import user_state_dir

    return Path(user_state_dir("tui-outcomes", appauthor=False))


def absolute(path: str | os.PathLike[str]) -> Path:
    return Path(os.path.abspath(path))


def key(path: str | os.PathLike[str]) -> str:
    """NAME.HASH for a project file: readable, and unique for its absolute path."""
    import hashlib  # here: a project opens without it

    where = absolute(path)
    digest = hashlib.sha256(os.fsencode(where)).hexdigest()[:16]
    name = re.sub(r"[^A-Za-z0-9_-]+", "_", where.stem)[:40] or "project"
    return f"{name}.{digest}"


def _pid_of(file: Path) -> int | None:
    try:
        return int(file.stem.rsplit(".", 1)[1])
    except (IndexError, ValueError):
        return None


def alive(host: str, pid: int | None) -> bool:
    """Whether the process may still be running: certainly not when it is gone on this host;
    a process on another host (a shared home folder) is taken to be running."""
    if host != socket.gethostname():
        return True
    if pid is None:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _read_toml(file: Path) -> dict:
    try:
        return tomli.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise
    except (OSError, UnicodeDecodeError, tomli.TOMLDecodeError) as exc:
        raise RecoveryError(f"{file}: cannot be read ({exc})") from None


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


# -- recovery copies -------------------------------------------------------------


class Recovery(NamedTuple):
    file: Path           # the copy
    path: Path           # the project it belongs to
    based_on: str | None  # digest of the project file the edits were made on (None: not on disk then)
    written: str         # when (ISO 8601, local time)
    host: str
    pid: int | None
    project: Project

    def file_changed(self) -> bool:
        """True when the project file is no longer the one the edits were made on (a git pull)."""
        return fileformat.current_digest(self.path) != self.based_on


def dumps(path: Path, project: Project, based_on: str | None) -> bytes:
    import tomli_w

    data = {"path": str(absolute(path)), "written": _now(), "host": socket.gethostname(), "pid": os.getpid()}
    if based_on is not None:
        data["based_on"] = based_on
    text = fileformat.dumps(project, keep=True)
    if "'''" not in text and not _NOT_LITERAL.search(text):
        # as a literal string: written and read as it is, where a quoted one is escaped character by
        # character (a second on a 16 MB project)
        return (tomli_w.dumps(data) + "project = '''\n" + text + "'''\n").encode("utf-8")
    data["project"] = text
    return tomli_w.dumps(data, multiline_strings=True).encode("utf-8")


# what a TOML literal string cannot hold: control characters other than tab and line feed
_NOT_LITERAL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def read(file: Path) -> Recovery:
    """The copy in ``file``; RecoveryError when it cannot be read (FileNotFoundError when gone)."""
    data = _read_toml(file)
    try:
        project = fileformat.parse(data["project"], str(file))
        return Recovery(file, Path(data["path"]), data.get("based_on"), str(data.get("written", "")),
                        str(data.get("host", "")), data.get("pid"), project)
    except (KeyError, TypeError) as exc:
        raise RecoveryError(f"{file}: not a recovery copy (missing {exc})") from None
    except fileformat.ProjectFileError as exc:
        raise RecoveryError(f"{file}: the project in it cannot be read: "
                            f"{exc.problems[0].format('project') if exc.problems else exc}") from None


def copies(path: str | os.PathLike[str], folder: Path | None = None) -> list[Path]:
    """Every recovery copy of the project, newest first."""
    where = (folder or state_folder()) / RECOVERY
    found = [f for f in where.glob(f"{key(path)}.*.toml") if _pid_of(f) is not None]

    def mtime(f: Path) -> float:
        try:
            return f.stat().st_mtime
        except OSError:
            return 0.0

    return sorted(found, key=mtime, reverse=True)


def orphans(path: str | os.PathLike[str], folder: Path | None = None) -> list[Path]:
    """The copies left by sessions that have ended (so not by this process or a running one), newest first."""
    out = []
    for file in copies(path, folder):
        pid = _pid_of(file)
        if pid == os.getpid():
            continue
        try:
            host = str(_read_toml(file).get("host", ""))
        except FileNotFoundError:
            continue
        except RecoveryError:
            host = socket.gethostname()  # unreadable: offer it, so the user hears about it
        if not alive(host, pid):
            out.append(file)
    return out


class Journal:
    """The recovery copy of one open project, safe to write from a worker thread.

    ``write`` is given the project as it was when the write was asked for and a ticket from
    ``ticket()``; a write whose ticket is older than a later ``ticket()`` or ``remove()`` is
    skipped, so a slow write never puts back a copy that was just removed."""

    def __init__(self, path: str | os.PathLike[str], folder: Path | None = None):
        self.path = absolute(path)
        self.folder = folder or state_folder()
        self._lock = threading.Lock()
        self._ticket = 0
        self.exists = False  # whether this journal has written a copy that is still there

    @cached_property
    def file(self) -> Path:
        """The copy's file (worked out when first needed: opening a project does not wait for it)."""
        return self.folder / RECOVERY / f"{key(self.path)}.{os.getpid()}.toml"

    def adopt(self, file: Path) -> None:
        """Keep writing to an earlier session's copy (after restoring it), so it is never lost in between."""
        with self._lock:
            self._ticket += 1
            self.file = file
            self.exists = file.exists()

    def ticket(self) -> int:
        with self._lock:
            self._ticket += 1
            return self._ticket

    def write(self, project: Project, based_on: str | None, ticket: int | None = None) -> Path | None:
        """Write the copy atomically; the copy's path, or None when a later ticket overtook this one.
        Raises ``fileformat.SaveError`` when it cannot be written."""
        data = dumps(self.path, project, based_on)
        with self._lock:
            if ticket is not None and ticket != self._ticket:
                return None
            try:
                self.file.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise fileformat.SaveError(f"could not write the recovery copy {self.file}: "
                                           f"{exc.strerror or exc}") from None
            fileformat.write_atomic(self.file, data, force=True)
            self.exists = True
            return self.file

    def remove(self) -> None:
        """The edits were saved or discarded: the copy goes (and any write under way is skipped)."""
        with self._lock:
            self._ticket += 1
            if self.exists:
                try:
                    self.file.unlink()
                except FileNotFoundError:
                    pass
                except OSError:
                    return
                self.exists = False


def discard(file: Path) -> None:
    try:
        file.unlink()
    except FileNotFoundError:
        pass


# -- who has a project open ---------------------------------------------------


class Holder(NamedTuple):
    host: str
    pid: int | None
    since: str

    def describe(self) -> str:
        when = self.since[11:16] if len(self.since) >= 16 else self.since
        return f"process {self.pid} on {self.host}" + (f", since {when}" if when else "")


class Presence:
    """This process has a project open: a small file in the state folder, removed on close."""

    def __init__(self, path: str | os.PathLike[str], folder: Path | None = None):
        self.path = absolute(path)
        self.folder = (folder or state_folder()) / OPEN

    @cached_property
    def file(self) -> Path:
        return self.folder / f"{key(self.path)}.{os.getpid()}.toml"

    def others(self) -> list[Holder]:
        """The other running tui-outcomes that have the project open; stale files are removed."""
        out = []
        for file in sorted(self.folder.glob(f"{key(self.path)}.*.toml")):
            pid = _pid_of(file)
            if file == self.file or pid is None:
                continue
            try:
                data = _read_toml(file)
            except (FileNotFoundError, RecoveryError):
                continue
            holder = Holder(str(data.get("host", "")), pid, str(data.get("since", "")))
            if alive(holder.host, pid):
                out.append(holder)
            else:
                discard(file)
        return out

    def claim(self) -> None:
        """Say that this process has the project open (best effort: a read-only state folder only loses the warning)."""
        import tomli_w

        data = {"path": str(self.path), "host": socket.gethostname(), "pid": os.getpid(), "since": _now()}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fileformat.write_atomic(self.file, tomli_w.dumps(data).encode("utf-8"), force=True)
        except (OSError, fileformat.SaveError):
            pass

    def release(self) -> None:
        try:
            self.file.unlink()
        except OSError:
            pass


def marked(paths: list[Path], folder: Path | None = None) -> set[Path]:
    """Which of these project files have a recovery copy (for the portfolio)."""
    where = (folder or state_folder()) / RECOVERY
    try:
        names = {f.name.rsplit(".", 2)[0] for f in where.iterdir() if f.suffix == ".toml"}
    except OSError:
        return set()
    return {p for p in paths if key(p) in names}
