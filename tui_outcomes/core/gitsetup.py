"""Set up a git repository for project files: merges by meaning (the merge driver) and readable
diffs through the plain-text export.

Idempotent: each step says what it changed, or that it was already so. The textconv names the
Python that runs this program by its absolute path, so it works whether or not a virtual
environment is activated when git runs it.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

PATTERN = "projects/*.toml"


class GitSetupError(Exception):
    """Not in a git repository, or git cannot be run."""


def _git(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=30)
    except FileNotFoundError:
        raise GitSetupError("git is not installed (or not on the PATH)") from None


def textconv_command() -> str:
    """The textconv git runs: this Python, by absolute path, so no activated venv is needed."""
    return f"{shlex.quote(sys.executable)} -m tui_outcomes export --format text --raw-on-error"


def merge_command() -> str:
    """The merge driver git runs (%O base, %A ours and the result, %B theirs, %P the file's path)."""
    return f"{shlex.quote(sys.executable)} -m tui_outcomes merge %O %A %B --path %P"


ATTRIBUTES = ("merge=outcomes", "diff=outcomes")
CONFIG = (
    ("diff.outcomes.textconv", textconv_command),
    ("merge.outcomes.name", lambda: "tui-outcomes: merge projects by meaning (ids), conflicts kept in the file"),
    ("merge.outcomes.driver", merge_command),
)


def set_up(folder: Path, pattern: str = PATTERN) -> list[str]:
    """Set up the repository holding ``folder``; one line per step, saying what changed."""
    top = _git("rev-parse", "--show-toplevel", cwd=folder)
    if top.returncode != 0:
        raise GitSetupError(f"{folder.resolve()} is not in a git repository: run git init there first")
    root = Path(top.stdout.strip())
    done = []
    attributes = root / ".gitattributes"
    existing = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
    lines = existing.splitlines()
    line = f"{pattern} {' '.join(ATTRIBUTES)}"
    mine = [i for i, text in enumerate(lines) if text.split()[:1] == [pattern]]
    if mine and all(a in lines[mine[-1]].split() for a in ATTRIBUTES):
        done.append(f"{attributes}: already has '{lines[mine[-1]]}'")
    elif mine:  # the pattern's line, with what is missing added (git-setup before merges existed)
        old = lines[mine[-1]]
        lines[mine[-1]] = old + "".join(f" {a}" for a in ATTRIBUTES if a not in old.split())
        attributes.write_text("\n".join(lines) + "\n", encoding="utf-8")
        done.append(f"{attributes}: '{old}' is now '{lines[mine[-1]]}'")
    else:
        with attributes.open("a", encoding="utf-8") as fh:
            fh.write(("" if not existing or existing.endswith("\n") else "\n") + line + "\n")
        done.append(f"{attributes}: added '{line}'")
    for key, make in CONFIG:
        value = make()
        now = _git("config", "--local", "--get", key, cwd=root).stdout.strip()
        if now == value:
            done.append(f"git config {key}: already '{value}'")
            continue
        result = _git("config", "--local", key, value, cwd=root)
        if result.returncode != 0:
            raise GitSetupError(f"git config failed: {result.stderr.strip()}")
        done.append(f"git config {key}: set to '{value}'" + (f" (was '{now}')" if now else ""))
    return done
