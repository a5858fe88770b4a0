"""A project's history in git: the commits that touched it, and what each changed, in the words of
``tui-outcomes diff``; review points (tags named ``review/…``).

One ``git log --follow`` lists the commits (renames followed: each commit names the path the file
had then); the versions are read with one ``git cat-file --batch`` for as many as are asked for at
once, and each is parsed once. Used by ``tui-outcomes log``, the app's history screen and the
changes screen's review point. Every git program run here goes through ``git.run_git``.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import NamedTuple

from . import changes
from .changes import Change
from .git import VersionError, run_git
from .model import Project

REVIEW_PREFIX = "review/"
REVIEW = "review"  # ``--since review``: the latest review tag
NO_HISTORY = "there is no history to show"
TAG_HOW = "tag the commit your last review meeting saw: git tag review/2026-autumn"


def _fatal(result: subprocess.CompletedProcess) -> str:
    lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else ""


class Commit(NamedTuple):
    rev: str               # the full hash
    short: str
    date: str              # YYYY-MM-DD
    author: str
    subject: str
    path: str              # the file's path in this commit, from the top of the repository
    before: str | None     # REV:path of the version before this commit; None when it added the file
    renamed_from: str      # the path before, when this commit renamed the file
    deleted: bool = False  # this commit deleted the file (it came back later)

    @property
    def spec(self) -> str:
        return f"{self.rev}:{self.path}"

    def title(self) -> str:
        return f"{self.short} {self.date} {self.author}: {self.subject}"


class Version(NamedTuple):
    """A version read from git: the project, or why it cannot be read (``problem``)."""
    project: Project | None
    problem: str = ""


class Entry(NamedTuple):
    """What one commit changed: the changes, or ``note`` saying why they cannot be listed."""
    commit: Commit
    changes: list[Change]
    note: str = ""


def latest_review(cwd: str | Path) -> str | None:
    """The newest tag named ``review/…`` (by the tag's date; a lightweight tag's is its commit's),
    or None when there is none."""
    result = run_git(["for-each-ref", "--sort=-refname", "--sort=-creatordate", "--count=1",
                      "--format=%(refname:short)", "refs/tags/" + REVIEW_PREFIX], cwd, "review tags")
    if result.returncode != 0:
        fatal = _fatal(result)
        if "not a git repository" in fatal:
            raise VersionError(f"{Path(cwd).resolve()} is not in a git repository, so there are no review tags")
        raise VersionError(f"git cannot list the review tags: {fatal or 'unknown error'}")
    return result.stdout.decode("utf-8", "replace").strip() or None


class History:
    """The commits that touched the file at ``path``, newest first (:meth:`load` fills them in)."""

    def __init__(self, path: Path):
        self.path = path
        self.name = path.name
        self.top = Path()
        self.relative = ""  # the path from the top of the repository
        self.commits: list[Commit] = []
        self.since = ""  # the revision the list starts after ("" for the whole history)
        self._versions: dict[str, Version] = {}

    def load(self, limit: int | None = None, since: str | None = None) -> "History":
        """One ``git log --follow``; ``since`` REV lists the commits after REV (``review``: the latest
        review tag). :class:`VersionError` with the reason in words when there is no history."""
        folder = self.path.parent
        if not folder.is_dir():
            raise VersionError(f"{self.path}: there is no folder {folder}")
        where = run_git(["rev-parse", "--show-toplevel", "--show-prefix"], folder, str(self.path))
        if where.returncode != 0:
            fatal = _fatal(where)
            if "not a git repository" in fatal:
                raise VersionError(f"{self.path}: {changes.not_in_git(folder.resolve(), self.name, NO_HISTORY)}")
            raise VersionError(f"{self.path}: git cannot find the repository: {fatal}")
        top, prefix = (where.stdout.decode("utf-8", "replace").split("\n") + ["", ""])[:2]
        self.top, self.relative = Path(top), prefix + self.name
        if since == REVIEW:
            since = latest_review(self.top)
            if since is None:
                raise VersionError(f"{self.path}: there is no review tag (a git tag named review/…) yet; {TAG_HOW}")
        self.since = since or ""
        args = ["-c", "core.quotePath=false", "log", "--follow", "-z", "--name-status", "--date=short",
                "--format=%x1e%H%x1f%h%x1f%ad%x1f%an%x1f%s%x1f%P"]
        if limit is not None:
            args.append(f"-n{limit}")
        args += [f"{since}..HEAD" if since else "HEAD", "--", self.relative]
        result = run_git(args, self.top, str(self.path))
        if result.returncode != 0:
            fatal = _fatal(result)
            if run_git(["rev-parse", "-q", "--verify", "HEAD"], self.top, str(self.path)).returncode != 0:
                raise VersionError(f"{self.path}: {changes.no_commits(self.relative, NO_HISTORY)}")
            if since:
                raise VersionError(f"{self.path}: git has no revision called {since!r} (git log lists them)")
            raise VersionError(f"{self.path}: git log failed: {fatal or 'unknown error'}")
        self.commits = parse_log(result.stdout.decode("utf-8", "replace"), self.relative)
        if not self.commits and not since and not self._ever_committed():
            raise VersionError(f"{self.path}: {changes.never_committed(self.relative, NO_HISTORY)}")
        return self

    def _ever_committed(self) -> bool:
        """Whether git knows the file at all (an empty log otherwise means: never committed)."""
        result = run_git(["log", "-n1", "--format=%h", "--all", "--", self.relative], self.top, str(self.path))
        return bool(result.stdout.strip())

    # -- versions ------------------------------------------------------------------
    def versions(self, specs) -> dict[str, Version]:
        """The versions at ``specs`` (``REV:path``), each read and parsed once: those not read yet are
        read in one ``git cat-file --batch``."""
        from .fileformat import ProjectFileError, parse

        wanted = [s for s in dict.fromkeys(specs) if s not in self._versions]
        if wanted:
            texts = read_blobs(self.top, wanted)
            for spec in wanted:
                data = texts.get(spec)
                rev, _, path = spec.partition(":")
                where = f"{rev[:7]}:{path}"
                if data is None:
                    found = Version(None, f"{where}: git cannot read this version")
                else:
                    try:
                        found = Version(parse(data.decode("utf-8"), where))
                    except UnicodeDecodeError:
                        found = Version(None, f"{where}: is not UTF-8 text")
                    except ProjectFileError as exc:
                        found = Version(None, exc.problems[0].format(where)
                                        + (f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""))
                self._versions[spec] = found
        return {spec: self._versions[spec] for spec in specs}

    def entries(self, commits: list[Commit] | None = None) -> list[Entry]:
        """What each commit (all by default) changed, the versions read in one batch."""
        commits = self.commits if commits is None else commits
        specs = [s for c in commits for s in (c.before, None if c.deleted else c.spec) if s]
        found = self.versions(specs)
        return [_entry(c, found) for c in commits]

    def version(self, commit: Commit) -> Version:
        if commit.deleted:
            return Version(None, f"{commit.short}: this commit deleted {commit.path}")
        return self.versions([commit.spec])[commit.spec]


def spec_at(path: Path, rev: str) -> str:
    """``REV:path`` for the file at ``path`` as it was at ``rev``, following renames since then;
    :class:`VersionError` when it came later."""
    found = History(path).load(since=rev)
    if not found.commits:
        return f"{rev}:{found.relative}"
    oldest = found.commits[-1]
    if oldest.before is None:
        raise VersionError(f"{found.relative} is not in {rev}: it was added later, in {oldest.short}")
    return f"{rev}:{oldest.before.partition(':')[2]}"


def _entry(commit: Commit, found: dict[str, Version]) -> Entry:
    after = None if commit.deleted else found[commit.spec]
    before = found[commit.before] if commit.before else None
    if commit.deleted:
        return Entry(commit, [], f"Deleted {commit.path}.")
    if after.project is None:
        return Entry(commit, [], f"This version cannot be read, so its changes cannot be listed: {after.problem}")
    if commit.before is None:
        return Entry(commit, [], f"Added {commit.path}: {_size(after.project)}.")
    if before.project is None:
        return Entry(commit, [], f"The version before cannot be read, so the changes cannot be listed: "
                                 f"{before.problem}")
    note = f"Renamed from {commit.renamed_from}." if commit.renamed_from else ""
    return Entry(commit, changes.compare(before.project, after.project), note)


def _size(project: Project) -> str:
    from .stages import STAGE_KEYS
    from .wording import count

    return count(sum(len(project.stage(key).elements) for key in STAGE_KEYS), "element")


def parse_log(out: str, path: str) -> list[Commit]:
    """The commits in ``git log -z --name-status`` output with our ``--format`` (fields split by
    \x1f, each commit led by \x1e), newest first. ``path`` is the file's path now; a commit without
    a status line (a merge) kept the path it had."""
    commits = []
    for chunk in out.split("\x1e")[1:]:
        header, _, status = chunk.partition("\0")
        fields = header.split("\x1f")
        if len(fields) < 6:
            continue
        rev, short, date, author = fields[:4]
        subject, parents = "\x1f".join(fields[4:-1]), fields[-1]
        names = [s for s in status.lstrip("\n").split("\0") if s]
        kind = names[0][:1] if names else "M"
        renamed_from = ""
        if kind in "RC" and len(names) >= 3:  # renamed (or copied) from another path
            renamed_from, path = names[1], names[2]
        elif len(names) >= 2:
            path = names[1]
        parent = (parents.split() or [None])[0]
        before = f"{parent}:{renamed_from or path}" if parent and kind != "A" else None
        commits.append(Commit(rev, short, date, author, subject, path, before, renamed_from, kind == "D"))
        path = renamed_from or path  # older commits name the file as it was before the rename
    return commits


def read_blobs(top: Path, specs: list[str]) -> dict[str, bytes | None]:
    """The contents at ``REV:path`` for each spec, from one ``git cat-file --batch`` (None: missing)."""
    usable = [s for s in specs if "\n" not in s]
    result = run_git(["cat-file", "--batch"], top, "git cat-file", stdin="".join(s + "\n" for s in usable).encode())
    out, at, found = result.stdout, 0, {}
    for spec in usable:
        end = out.find(b"\n", at)
        if end < 0:
            break
        header = out[at:end].split()
        at = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            found[spec] = out[at:at + size]
            at += size + 1
        elif len(header) == 3:  # not a blob (a tree): skip its contents
            at += int(header[2]) + 1
    return {spec: found.get(spec) for spec in specs}


def render(history: History, entries: list[Entry], fmt: str = "text") -> str:
    """The log: a title, then each commit (newest first) with what it changed."""
    from .wording import count

    since = f" since {history.since}" if history.since else ""
    title = f"History of {history.relative}{since}: {count(len(entries), 'commit')}, newest first"
    if fmt == "markdown":
        from .export import md

        out = [f"# {md(title)}"]
    else:
        out = [title, "=" * min(len(title), 78)]
    for entry in entries:
        out += ["", *render_entry(entry, fmt)]
    if not entries:
        out += ["", f"No commits{since} touched {history.relative}."]
    return "\n".join(out) + "\n"


def render_entry(entry: Entry, fmt: str = "text") -> list[str]:
    """One commit: its hash, date, author and subject as a heading, then what it changed."""
    from .export import md, wrap

    heading = entry.commit.title()
    if fmt == "markdown":
        out = [f"## {md(heading)}"] + (["", md(entry.note)] if entry.note else [])
    else:
        out = [*wrap(heading), "=" * min(len(heading), 78)] + (["", *wrap(entry.note)] if entry.note else [])
    if entry.changes or not entry.note:
        out += changes.render_sections(entry.changes, fmt, level=3)
    return out
