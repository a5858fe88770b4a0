"""The command line: open the app, or new / check / export / fmt / record / review a project file.

Exit status: 0 when all went well, 1 when a file has problems or an action
failed (with a message naming the file and place), 2 for a usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable, Sequence

from . import __version__
from .core.wording import count

PROG = "tui-outcomes"


def _out(text: str, exact: bool = False) -> None:
    """Print text for people: control characters made visible, whether stdout is a terminal, a pipe
    or a file. ``exact`` data (CSV) is kept as it is except on a terminal, which would obey it."""
    if not exact or sys.stdout.isatty():
        from .core.textsafe import terminal_safe

        text = terminal_safe(text)
    sys.stdout.write(text)


def _say(message: str) -> None:
    """A line about files (names from the command line or the folder): shown, never obeyed."""
    from .core.textsafe import terminal_safe

    print(terminal_safe(message))


def _err(message: str) -> None:
    from .core.textsafe import terminal_safe

    print(f"{PROG}: {terminal_safe(message)}", file=sys.stderr)


# -- commands ----------------------------------------------------------------


def cmd_new(args: argparse.Namespace) -> int:
    from .core import templates
    from .core.fileformat import ProjectFileError, SaveError, save

    path = Path(args.path)
    if path.exists():
        _err(f"{path} already exists; choose another name (nothing was written)")
        return 1
    try:
        project = templates.make(args.template, args.title)
    except KeyError:
        _err(f"unknown template '{args.template}'; choose one of {', '.join(templates.names())}")
        return 1
    except ProjectFileError as exc:  # a broken shipped template: say so rather than crash
        _err(str(exc))
        return 1
    try:
        save(path, project, expect=None)
    except SaveError as exc:
        _err(str(exc))
        return 1
    _say(f"created {path} from the {args.template} template")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    import json

    from .core import checks
    from .core.fileformat import LineIndex, Problem, ProjectFileError, locate, parse, read_text

    records = []  # (file, line, severity, code, path, message)
    bad = 0
    for name in args.paths:
        try:
            text = read_text(Path(name))[1]
            project = parse(text, name)
        except ProjectFileError as exc:
            bad += 1
            records += [(name, p.line, p.column, "error", "file", p.path, p.message) for p in exc.problems]
            continue
        index = LineIndex(text)  # read once: the lines of many findings are looked up
        if project.conflicts:  # unresolved merge conflicts are errors: the file is not done
            from .core.merge import describe

            bad += 1
            for i, conflict in enumerate(project.conflicts):
                path = f"merge_conflicts[{i}]"
                records.append((name, locate(index, Problem(path, "")).line, None, "error", "merge-conflict", path,
                                f"unresolved merge conflict at {describe(project, conflict)}; resolve it in "
                                f"{PROG} {name} (conflicts screen)"))
        for f in checks.run(project):
            line = locate(index, Problem(f.path, f.message)).line
            records.append((name, line, None, f.severity, f.code, f.path, f.message))
    if args.format == "json":
        keys = ("file", "line", "column", "severity", "code", "path", "message")
        from .core.textsafe import json_safe

        sys.stdout.write(json_safe(json.dumps([dict(zip(keys, r)) for r in records], indent=1,
                                              ensure_ascii=False)) + "\n")
    else:
        for name, line, column, severity, code, path, message in records:
            if severity == "error":
                _out(Problem(path, message, line, column).format(name) + "\n")
            else:
                where = f"{name}:{line}" if line else name
                _out(f"{where}: {severity}: {path}: {message}\n")
    total = len(args.paths)
    advice = sum(1 for r in records if r[3] != "error")
    print(f"checked {count(total, 'file')}: {total - bad} readable, {bad} with errors, "
          f"{count(advice, 'warning or hint', 'warnings and hints')}", file=sys.stderr)
    return 1 if bad or (args.strict and advice) else 0


def _as_of(args: argparse.Namespace):
    """The day ``--as-of`` names (None when not given: today); ValueError with a plain message."""
    if args.as_of is None:
        return None
    from .core.review import parse_date

    return parse_date(args.as_of)


def cmd_export(args: argparse.Namespace) -> int:
    try:
        args.as_of = _as_of(args)
    except ValueError as exc:
        _err(f"--as-of: {exc.args[0]}")
        return 1
    if args.format == "docx":
        return _export_docx(args)
    from .core.export import ExportError, file_bytes, render
    from .core.fileformat import ProjectFileError, SaveError, load, write_atomic

    try:
        project = load(args.path).project
        text = render(project, args.format, args.part, answered_only=args.answered_only, as_of=args.as_of)
    except ProjectFileError as exc:
        for problem in exc.problems:
            _err(problem.format(args.path))
        if args.raw_on_error and args.output is None:
            # As a git textconv filter: show the file as it is (say, mid-merge with conflict
            # markers) rather than make git diff fail.
            from .core.fileformat import read_text

            try:
                _out(read_text(Path(args.path))[1])
                return 0
            except ProjectFileError:
                pass
        return 1
    except ExportError as exc:
        _err(str(exc))
        return 1
    if args.output is None or args.output == "-":
        _out(text, exact=args.format == "csv")
        return 0
    try:
        write_atomic(Path(args.output), file_bytes(text, args.format), force=True)
    except SaveError as exc:
        _err(str(exc))
        return 1
    return 0


def _export_docx(args: argparse.Namespace) -> int:
    """A Word document, written atomically to -o FILE (never to stdout: it is a binary file)."""
    from .core import docx_export
    from .core.export import ExportError
    from .core.extras import MissingExtra
    from .core.fileformat import ProjectFileError, SaveError, load, write_atomic

    if args.output is None or args.output == "-":
        _err("a Word document is a binary file, not text for the terminal: give the file to write with "
             "-o FILE.docx (nothing was written)")
        return 2
    try:
        data = docx_export.render(load(args.path).project, args.part or "all", answered_only=args.answered_only,
                                  as_of=args.as_of)
    except MissingExtra as exc:
        _err(str(exc))
        return 2
    except ProjectFileError as exc:
        for problem in exc.problems:
            _err(problem.format(args.path))
        return 1
    except ExportError as exc:
        _err(str(exc))
        return 1
    try:
        write_atomic(Path(args.output), data, force=True)
    except SaveError as exc:
        _err(str(exc))
        return 1
    return 0


def cmd_fmt(args: argparse.Namespace) -> int:
    from .core.fileformat import ProjectFileError, SaveError, dumps, load, read_text, save

    status = 0
    for name in args.paths:
        try:
            loaded = load(name)
        except ProjectFileError as exc:
            for problem in exc.problems:
                _err(problem.format(name))
            status = 1
            continue
        canonical = dumps(loaded.project)
        if args.check and loaded.project.conflicts:
            _say(f"{name}: has {count(len(loaded.project.conflicts), 'unresolved merge conflict')} "
                 f"(run: {PROG} check {name}; resolve them in {PROG} {name})")
            status = 1
            continue
        if read_text(Path(name))[1] == canonical:
            continue
        if args.check:
            _say(f"{name}: would be reformatted (run: {PROG} fmt {name})")
            status = 1
            continue
        if loaded.comment_lines and not args.drop_comments:
            _err(f"{name}: has {count(loaded.comment_lines, 'comment')}, which formatting would remove; "
                 f"move them into a description or an x_ key, or run again with --drop-comments")
            status = 1
            continue
        try:
            save(name, loaded.project, expect=loaded.digest)
        except SaveError as exc:
            _err(str(exc))
            status = 1
            continue
        _say(f"{name}: reformatted")
    return status


def cmd_diff(args: argparse.Namespace) -> int:
    from .core import changes
    from .core.fileformat import ProjectFileError, parse

    projects = []
    for spec in (args.old, args.new):
        try:
            projects.append(parse(changes.read_version(spec), spec))
        except changes.VersionError as exc:
            _err(str(exc))
            return 1
        except ProjectFileError as exc:
            for problem in exc.problems:
                _err(problem.format(spec))
            return 1
    found = changes.compare(*projects)
    _out(changes.render(found, args.old, args.new, args.format))
    return 0


def cmd_log(args: argparse.Namespace) -> int:
    from .core import history
    from .core.changes import VersionError

    if args.n is not None and args.n < 1:
        _err("-n wants a number of commits, 1 or more")
        return 2
    try:
        found = history.History(Path(args.path)).load(args.n, args.since)
        entries = found.entries()
    except VersionError as exc:
        _err(str(exc))
        return 1
    _out(history.render(found, entries, args.format))
    return 0


def cmd_themes(args: argparse.Namespace) -> int:
    from .core import settings
    from . import theming

    config = settings.config_folder()
    folders = [theming.SHIPPED, theming.user_folder(config), *(Path(d) for d in args.themes)]
    files = theming.discover(folders)
    winners = theming.usable(files)
    chosen = settings.load(config / settings.FILE_NAME)[0].theme or theming.DEFAULT
    for f in files:
        if f.ok:
            mark = "*" if f.name == chosen and winners[f.name] is f else " "
            note = "" if winners[f.name] is f else " (replaced by a later file of the same name)"
            kind = "dark" if f.data.get("dark", True) else "light"
            _out(f"{mark} {f.name:<18} {kind:<5} {f.path}{note}\n")
            if f.description:
                _out(f"  {'':<18} {f.description}\n")
    bad = [f for f in files if not f.ok]
    for f in bad:
        _out(f"✗ {f.path}: not loaded\n" + "".join(f"    {problem}\n" for problem in f.problems))
    print(f"shipped themes are in {theming.SHIPPED}; user themes go in {theming.user_folder(config)}; "
          f"* marks the theme in use; Textual's own themes (textual-dark, nord, …) can be chosen too",
          file=sys.stderr)
    return 1 if bad else 0


def cmd_keys(args: argparse.Namespace) -> int:
    from .core import settings
    from .app import OutcomesApp
    from .keys import all_bindings, unknown_ids

    loaded, problems = settings.load(settings.config_folder() / settings.FILE_NAME)
    keymap = loaded.keymap
    for problem in problems + unknown_ids(keymap, OutcomesApp):
        _err(problem)
    for b in all_bindings(OutcomesApp):
        keys = keymap.get(b.id, b.keys)
        mark = "*" if b.id in keymap else " "
        _out(f"{mark} {b.id:<24} {keys:<22} {b.where}: {b.description}\n")
    print("* marks a key changed in your settings' [keymap]", file=sys.stderr)
    return 0


def _merge_versions(texts: list[str | None], names: list[str], ours: Path, label: str) -> int:
    """Merge base, ours, theirs (file texts; None: no such version, read as an empty project) by
    meaning and write the result to ``ours``; 0 when clean, 1 with conflicts or on an error. A version
    that cannot be read falls back to git's line merge (git merge-file), exit 1."""
    from .core.fileformat import ProjectFileError, SaveError, dumps, write_atomic
    from .core.merge import describe, merge_texts

    try:
        merged = merge_texts(texts, names)
    except ProjectFileError as exc:
        for problem in exc.problems:
            _err(problem.message)
        _err(f"{label}: a version cannot be read as a project, so it was merged line by line (git merge-file); "
             "fix the file by hand, then run check")
        return _line_merge(texts, ours)
    try:
        write_atomic(ours, dumps(merged).encode("utf-8"), force=True)
    except SaveError as exc:
        _err(str(exc))
        return 1
    if not merged.conflicts:
        _err(f"{label}: merged by meaning, no conflicts")
        return 0
    _err(f"{label}: merged by meaning with {count(len(merged.conflicts), 'conflict')}, kept in the file; "
         f"resolve them in {PROG} {label} (or by hand under [[merge_conflicts]]):")
    for conflict in merged.conflicts:
        _err(f"  {describe(merged, conflict)}")
    return 1


def _line_merge(texts: list[str | None], ours: Path) -> int:
    """git merge-file into ``ours`` (conflict markers where lines clash); always 1: a person must look."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        files = []
        for name, text in zip(("base", "ours", "theirs"), texts):
            files.append(Path(folder) / name)
            files[-1].write_text(text or "", encoding="utf-8")
        try:
            base, mine, theirs = map(str, files)
            subprocess.run(["git", "merge-file", "-L", "ours", "-L", "base", "-L", "theirs", mine, base, theirs],
                           capture_output=True, timeout=60)  # into mine (ours), as git does
            from .core.fileformat import SaveError, write_atomic

            write_atomic(ours, files[1].read_bytes(), force=True)
        except (OSError, subprocess.SubprocessError, SaveError) as exc:
            _err(f"the line merge failed too ({exc}); {ours} is as it was")
    return 1


def cmd_merge(args: argparse.Namespace) -> int:
    from .core.fileformat import ProjectFileError, read_text

    texts = []
    for name in (args.base, args.ours, args.theirs):
        try:
            texts.append(read_text(Path(name))[1])
        except ProjectFileError as exc:
            _err(exc.problems[0].format(name))
            return 1
    label = args.path or args.ours
    return _merge_versions(texts, [f"{label} (base)", f"{label} (ours)", f"{label} (theirs)"], Path(args.ours), label)


def cmd_resolve(args: argparse.Namespace) -> int:
    from .core.merge import MergeError, describe, resolve_from_index

    try:
        merged, staged = resolve_from_index(Path(args.path))
    except MergeError as exc:
        _err(str(exc))
        return 1
    if merged.conflicts:
        _err(f"{args.path}: merged by meaning with {count(len(merged.conflicts), 'conflict')}, kept in the file; "
             f"resolve them in {PROG} {args.path}, then git add it:")
        for conflict in merged.conflicts:
            _err(f"  {describe(merged, conflict)}")
        return 1
    _say(f"{args.path}: resolved" + (" and staged (git add): commit to finish the merge" if staged
                                     else "; run git add to mark it resolved"))
    return 0


def _load_for_saving(name: str):
    """The file as read (with its digest), or None after saying why it cannot be changed: it has
    errors, or hand-written comments that a save would drop."""
    from .core.fileformat import ProjectFileError, load

    try:
        loaded = load(name)
    except ProjectFileError as exc:
        for problem in exc.problems:
            _err(problem.format(name))
        _err(f"{name} has errors; fix them (tui-outcomes check {name}) and try again; nothing was written")
        return None
    if loaded.comment_lines:
        _err(f"{name}: has {count(loaded.comment_lines, 'comment')}, which saving would remove; move them into "
             f"a description or an x_ key (or run {PROG} fmt --drop-comments {name}) and try again; "
             "nothing was written")
        return None
    return loaded


def _reading_status(text: str | None) -> tuple[str, str | None]:
    """(the status to write, a message when it is not a status)."""
    from .core.review import STATUSES, status_key

    if not text:
        return "", None
    key = status_key(text)
    if key is None:
        return "", f"'{text}' is not a status; use one of {', '.join(STATUSES)}"
    return key, None


def cmd_record(args: argparse.Namespace) -> int:
    import datetime

    from .core import review
    from .core.fileformat import SaveError, save
    from .core.model import Reading, clean_text

    if (args.csv is None) == (args.ref is None):
        _err("record takes either REF --value V (one reading) or --csv READINGS.csv (many); nothing was written")
        return 2
    if args.csv is None and args.value is None:
        _err("record REF needs --value V, the reading as typed (\"7\", \"64%\", \"Level 2b\"); nothing was written")
        return 2
    if args.csv is not None and any(v is not None for v in (args.value, args.date, args.note, args.status)):
        _err("with --csv, the values come from the file: leave out --value, --date, --note and --status; "
             "nothing was written")
        return 2
    loaded = _load_for_saving(args.path)
    if loaded is None:
        return 1
    project = loaded.project
    added: list[tuple[str, str, Reading]] = []  # (ref, row id, reading)
    if args.csv is None:
        try:
            key, element, index = review.find_ref(project, args.ref)
            day = review.parse_date(args.date) if args.date is not None else datetime.date.today()
        except (KeyError, ValueError) as exc:
            _err(f"{exc.args[0]}; nothing was written")
            return 1
        status, problem = _reading_status(args.status)
        value = clean_text(args.value).strip()
        if problem or not value:
            _err(f"{problem or 'the --value is empty: give the reading as typed'}; nothing was written")
            return 1
        ref = f"{project.refs()[element.id]}.{index + 1}"
        added.append((ref, element.evidence[index].id,
                      Reading(day.isoformat(), value, status, clean_text(args.note or ""))))
    else:
        added = _csv_readings(project, args.csv)
        if added is None:
            return 1
    for _, row_id, reading in added:
        project = project.add_reading(row_id, reading)
    try:
        save(args.path, project, expect=loaded.digest)
    except SaveError as exc:
        _err(str(exc))
        return 1
    if len(added) == 1:
        ref, _, reading = added[0]
        _say(f"{args.path}: recorded {reading.value} for {ref} on {reading.date}")
    else:
        _say(f"{args.path}: recorded {count(len(added), 'reading')} from {args.csv}")
    return 0


CSV_COLUMNS = ("ref", "date", "value", "note", "status")  # ref, date and value required


def _csv_readings(project, name: str) -> list | None:
    """The readings of a CSV file as (ref, row id, reading), or None after reporting every bad line."""
    import csv
    import io

    from .core import review
    from .core.model import Reading, clean_text
    from .core.wording import did_you_mean

    try:
        with open(name, encoding="utf-8-sig", newline="") as fh:
            text = fh.read()
    except OSError as exc:
        _err(f"cannot read {name}: {exc.strerror or exc}; nothing was written")
        return None
    except UnicodeDecodeError:
        _err(f"{name} is not UTF-8 text; save it as CSV UTF-8 and try again; nothing was written")
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    problems: list[str] = []
    try:
        header = [h.strip().lower() for h in next(reader, [])]
    except csv.Error as exc:
        _err(f"{name}:1: cannot be read as CSV ({exc}); nothing was written")
        return None
    unknown = [h for h in header if h not in CSV_COLUMNS]
    missing = [c for c in ("ref", "date", "value") if c not in header]
    if unknown or missing or len(set(header)) != len(header):
        for h in unknown:
            advice = did_you_mean(h, CSV_COLUMNS)
            problems.append(f"{name}:1: unknown column '{h}'" + (f" ({advice})" if advice else "")
                            + f"; the columns are {', '.join(CSV_COLUMNS)}")
        if missing:
            problems.append(f"{name}:1: the header row needs the columns {', '.join(missing)} "
                            f"(a first line such as: ref,date,value,note)")
        if len(set(header)) != len(header):
            problems.append(f"{name}:1: a column is named twice in the header row")
        for p in problems:
            _err(p)
        _err("nothing was written")
        return None
    out = []
    refs = project.refs()
    line = reader.line_num
    while True:
        start = line + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(f"{name}:{start}: cannot be read as CSV ({exc})")
            break
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue  # a blank line
        if len(cells) > len(header):
            problems.append(f"{name}:{start}: {len(cells)} cells, but the header has {len(header)} columns")
            continue
        row = dict(zip(header, [*cells, *[""] * (len(header) - len(cells))]))
        bad = []
        found = None
        try:
            found = review.find_ref(project, row["ref"])
        except KeyError as exc:
            bad.append(exc.args[0])
        try:
            day = review.parse_date(row["date"])
        except ValueError as exc:
            bad.append(f"the date {exc.args[0]}")
        value = clean_text(row["value"]).strip()
        if not value:
            bad.append("the value is empty")
        status, problem = _reading_status(row.get("status", "").strip())
        if problem:
            bad.append(problem)
        if bad or found is None:
            problems.append(f"{name}:{start}: " + "; ".join(bad))
            continue
        _, element, index = found
        out.append((f"{refs[element.id]}.{index + 1}", element.evidence[index].id,
                    Reading(day.isoformat(), value, status, clean_text(row.get("note", "")))))
    if problems:
        for p in problems:
            _err(p)
        _err(f"{count(len(problems), 'bad line')} in {name}; nothing was written")
        return None
    if not out:
        _err(f"{name} holds no readings (only the header row); nothing was written")
        return None
    return out


def cmd_review(args: argparse.Namespace) -> int:
    import datetime
    import json

    from .core import review
    from .core.export import render
    from .core.fileformat import ProjectFileError, load

    try:
        as_of = _as_of(args) or datetime.date.today()
    except ValueError as exc:
        _err(f"--as-of: {exc.args[0]}")
        return 1
    status = 0
    reports: list = []
    for name in args.paths:
        try:
            project = load(name).project
        except ProjectFileError as exc:
            for problem in exc.problems:
                _err(problem.format(name))
            status = 1
            continue
        if args.format == "json":
            data = review.to_json(review.review_project(project, as_of), as_of)
            reports.append(data if len(args.paths) == 1 else {"file": name, **data})
        else:
            reports.append(render(project, args.format, "review", as_of=as_of))
    if args.format == "json":
        from .core.textsafe import json_safe

        if reports:
            data = reports[0] if len(args.paths) == 1 else reports
            sys.stdout.write(json_safe(json.dumps(data, indent=1, ensure_ascii=False)) + "\n")
    else:
        _out("\n".join(reports))
    return status


# -- parsers -----------------------------------------------------------------

def cmd_git_setup(args: argparse.Namespace) -> int:
    from .core.gitsetup import GitSetupError, set_up

    try:
        for line in set_up(Path.cwd(), args.pattern):
            _say(line)
    except GitSetupError as exc:
        _err(str(exc))
        return 1
    return 0


LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def cmd_serve(args: argparse.Namespace) -> int:
    """The app in a browser through textual-serve: each browser tab runs its own tui-outcomes."""
    import shlex

    from .core.extras import MissingExtra, need

    try:
        need("textual_serve", "textual-serve", "web", "tui-outcomes serve")
    except MissingExtra as exc:
        _err(str(exc))
        return 2
    command = [sys.executable, "-m", "tui_outcomes"]
    if args.path is not None:
        path = Path(args.path).expanduser()
        if not path.exists():
            _err(f"{path} does not exist; give a folder of projects (or a project file)")
            return 1
        command.append(str(path.resolve()))  # each tab's app starts in the server's folder anyway
    if args.host not in LOCAL_HOSTS:
        _err(f"warning: serving on {args.host}, and there is no login: anyone who can reach port {args.port} "
             f"there can open, change and export these projects. Prefer the default (127.0.0.1) with an "
             f"SSH tunnel from your own machine: ssh -L {args.port}:127.0.0.1:{args.port} THIS-HOST")
    from textual_serve.server import Server

    url = args.public_url or f"http://{'localhost' if args.host in LOCAL_HOSTS else args.host}:{args.port}"
    server = Server(shlex.join(command), host=args.host, port=args.port, title=PROG, public_url=url)
    try:
        server.serve()
    except OSError as exc:  # the port is taken, the address is not this machine's
        _err(f"cannot serve on {args.host}:{args.port}: {exc.strerror or exc}; try another --port")
        return 1
    return 0


COMMANDS: dict[str, tuple[str, Callable[[argparse.Namespace], int]]] = {
    "new": ("create a project file from a template", cmd_new),
    "check": ("check project files: errors, then warnings and hints; exit 1 on errors", cmd_check),
    "export": ("write a project as plain text, Markdown, CSV or a Word document", cmd_export),
    "fmt": ("rewrite project files in canonical form", cmd_fmt),
    "record": ("add a reading to an evidence row (or many, from a CSV file)", cmd_record),
    "review": ("progress as of a date: status, trend and next due of every evidence row", cmd_review),
    "diff": ("what changed between two versions of a project, for a review meeting", cmd_diff),
    "log": ("a project's history in git: each commit and what it changed", cmd_log),
    "themes": ("list the themes: shipped, yours and --themes DIR, with any bad files", cmd_themes),
    "keys": ("list every key binding by id, for [keymap] in the settings file", cmd_keys),
    "git-setup": ("set up this git repository for project files: merges by meaning, readable git diff and log",
                  cmd_git_setup),
    "merge": ("git's merge driver: merge BASE OURS THEIRS by meaning into OURS; exit 1 on conflicts", cmd_merge),
    "resolve": ("re-do a merge git did line by line (conflict markers in PATH) by meaning", cmd_resolve),
    "serve": ("run the app in a web browser, for colleagues without a terminal (needs the web extra)",
              cmd_serve),
}


def _command_parser() -> argparse.ArgumentParser:
    from .core.export import FORMATS, PARTS
    from .core.templates import names

    parser = argparse.ArgumentParser(prog=PROG)
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    helps = {name: text for name, (text, _) in COMMANDS.items()}

    p = sub.add_parser("new", help=helps["new"], description=helps["new"] + "; refuses to overwrite a file.")
    p.add_argument("path", help="the new project file, e.g. projects/hearing-support.toml")
    p.add_argument("--template", default="blank", choices=names(), help="what to start from (default: blank)")
    p.add_argument("--title", help="the project's title")

    p = sub.add_parser("check", help=helps["check"], description=helps["check"] + ". Prints one line per "
                       "problem as file:line: field: message: errors in the file, then warnings (links, "
                       "evidence) and hints (SMART) about the model.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="project files")
    p.add_argument("--strict", action="store_true", help="exit 1 on warnings and hints too")
    p.add_argument("--format", choices=("text", "json"), default="text", help="default: text")

    p = sub.add_parser("export", help=helps["export"], description=helps["export"] + " (stdout by default).")
    p.add_argument("path", help="a project file")
    p.add_argument("--format", "-f", default="text", choices=(*FORMATS, "docx"),
                   help="default: text; docx (a Word document, with -o FILE.docx) needs the docx extra")
    p.add_argument("--part", "-p", choices=PARTS,
                   help="what to export: the whole project, the model, the evidence tables, the pro-forma "
                        "checklist or one stage (default: all; evidence for csv)")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")
    p.add_argument("--answered-only", action="store_true",
                   help="leave out the pro-forma items that are not answered (and have no text)")
    p.add_argument("--raw-on-error", action="store_true",
                   help="print a file that cannot be read as it is (for git's textconv), still reporting why")
    p.add_argument("--as-of", metavar="YYYY-MM-DD",
                   help="the day the progress report (--part review) is as of (default: today)")

    p = sub.add_parser("fmt", help=helps["fmt"], description=helps["fmt"] + ".")
    p.add_argument("paths", nargs="+", metavar="PATH", help="project files")
    p.add_argument("--check", action="store_true", help="change nothing; exit 1 if any file would change")
    p.add_argument("--drop-comments", action="store_true",
                   help="reformat files even if that removes their hand-written comments")

    p = sub.add_parser("record", help=helps["record"], description=helps["record"] + ". Refuses (exit 1, "
                       "nothing written) an unknown REF, a bad date or status, a file with errors or one that "
                       "changed while it was being read.")
    p.add_argument("path", help="a project file")
    p.add_argument("ref", nargs="?", metavar="REF",
                   help="the row as the app shows it: FO1.2 is the second row of FO1 (or a row id)")
    p.add_argument("--value", metavar="V", help="the reading as typed: \"7\", \"64%%\", \"Level 2b\"")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="when it was taken (default: today)")
    p.add_argument("--note", metavar="TEXT", help="a note to go with it")
    p.add_argument("--status", metavar="STATUS", help="set the status by hand: met, on_track, at_risk, "
                   "off_track, not_started or no_target (it wins over the one worked out)")
    p.add_argument("--csv", metavar="READINGS.csv", help="add every reading in a CSV file with a header row "
                   "ref,date,value,note (status optional); nothing is written unless every line is good")

    p = sub.add_parser("review", help=helps["review"], description=helps["review"] + ": the progress report "
                       "(a summary line, then each row's baseline, latest reading, target, status, trend and "
                       "note). Exit 1 if a file cannot be read.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="project files")
    p.add_argument("--as-of", metavar="YYYY-MM-DD", help="the day to report on: due dates and status as of "
                   "then, readings after it left out (default: today)")
    p.add_argument("--format", "-f", choices=("text", "markdown", "json"), default="text", help="default: text")

    p = sub.add_parser("diff", help=helps["diff"], description=helps["diff"] + ": elements, links and "
                       "evidence rows added, removed and changed, by stage, and pro-forma answers changed.")
    p.add_argument("old", metavar="OLD", help="a project file, or REV:path read through git show (HEAD:./x.toml)")
    p.add_argument("new", metavar="NEW", help="the same, the newer version")
    p.add_argument("--format", "-f", choices=("text", "markdown"), default="text", help="default: text")

    p = sub.add_parser("log", help=helps["log"], description=helps["log"] + ": for each commit that touched "
                       "the file, newest first, its hash, date, author and subject, then what it changed in the "
                       "words of tui-outcomes diff. Follows renames.")
    p.add_argument("path", metavar="PATH", help="a project file in a git repository")
    p.add_argument("-n", type=int, metavar="N", help="only the newest N commits")
    p.add_argument("--since", metavar="REV", help="only the commits after REV (a hash, a tag, HEAD~3); "
                   "'review': after the latest review/… tag")
    p.add_argument("--format", "-f", choices=("text", "markdown"), default="text", help="default: text")

    p = sub.add_parser("themes", help=helps["themes"], description=helps["themes"] + "; exit 1 if any is bad.")
    _themes_option(p)
    sub.add_parser("keys", help=helps["keys"], description=helps["keys"] + ".")
    p = sub.add_parser("git-setup", help=helps["git-setup"], description=helps["git-setup"] + ": a "
                       ".gitattributes line and the repository's merge driver and textconv (by the absolute "
                       "path of this program's Python, so no activated venv is needed). Safe to run again.")
    p.add_argument("--pattern", default="projects/*.toml", help="the project files (default: projects/*.toml)")

    p = sub.add_parser("merge", help=helps["merge"], description=helps["merge"] + ". Items are matched by id, "
                       "fields merged one by one, moves kept; what both sides changed differently is kept in "
                       "the file as [[merge_conflicts]] (resolve in the app). A version that cannot be read "
                       "falls back to git merge-file. git-setup registers it as git's merge driver.")
    p.add_argument("base", metavar="BASE", help="the common ancestor (git's %%O)")
    p.add_argument("ours", metavar="OURS", help="our version, where the result is written (git's %%A)")
    p.add_argument("theirs", metavar="THEIRS", help="their version (git's %%B)")
    p.add_argument("--path", metavar="NAME", help="the file's name in the repository, for messages (git's %%P)")

    p = sub.add_parser("resolve", help=helps["resolve"], description=helps["resolve"] + ", from the three "
                       "versions git keeps during a conflicted merge (:1: base, :2: ours, :3: theirs); the result "
                       "is written to PATH and staged when clean. Exit 1 when conflicts remain.")
    p.add_argument("path", metavar="PATH", help="the project file with git's conflict markers")

    p = sub.add_parser("serve", help=helps["serve"], description=helps["serve"] + ". Each browser tab runs "
                       "its own app; exports arrive as downloads. There is no login: keep the default "
                       "127.0.0.1 and reach it through an SSH tunnel.")
    p.add_argument("path", nargs="?", metavar="FOLDER",
                   help="a folder of projects (or one project file); default: as the app, ./projects")
    p.add_argument("--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1, this "
                   "machine only)")
    p.add_argument("--port", type=int, default=8000, help="default: 8000")
    p.add_argument("--public-url", metavar="URL", help="the address browsers use to reach it, when that is not "
                   "http://HOST:PORT (behind a proxy)")
    return parser


def _themes_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--themes", metavar="DIR", action="append", default=[],
                        help="also load the theme files (*.toml) in DIR; may be repeated")


def _app_parser() -> argparse.ArgumentParser:
    commands = "\n".join(f"  {name:<8} {text}" for name, (text, _) in COMMANDS.items())
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Outcomes logic models for SEN commissioning, in the terminal.",
        epilog=f"commands (run '{PROG} COMMAND --help' for more):\n{commands}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument("path", nargs="?", help="a project file or a folder of them (default: ./projects, "
                        "else the folder opened last)")
    parser.add_argument("--theme", metavar="NAME", help="use this theme for this run (tui-outcomes themes lists them)")
    _themes_option(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in COMMANDS:
        args = _command_parser().parse_args(argv)
        try:
            return COMMANDS[args.command][1](args)
        except KeyboardInterrupt:
            return 130
        except BrokenPipeError:  # output piped into head, less, …, which stopped reading
            sys.stderr.close()
            return 0
        except Exception as exc:  # a case nothing foresaw: one line, never a traceback
            _err(f"{args.command} stopped on an unexpected error ({type(exc).__name__}: {exc}); nothing was "
                 "written. Please report it with the file that caused it.")
            return 1
    args = _app_parser().parse_args(argv)
    return run_app(args)


def run_app(args: argparse.Namespace) -> int:
    # Start-up allocates a great many objects (Textual's modules, styles, the first frame) and
    # none of them is garbage: collecting while they are made costs 10-15 ms before the first
    # frame. Collection is paused here, and only here; the app resumes it as soon as the screen is
    # up (OutcomesApp._after_first_paint), and it is resumed whatever happens before that.
    import gc

    gc.disable()
    try:
        from .app import run

        return run(args)
    finally:
        gc.enable()
