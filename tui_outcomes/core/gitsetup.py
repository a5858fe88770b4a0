"""Set up a git repository for project files: readable diffs through the plain-text export.

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


def set_up(folder: Path, pattern: str = PATTERN) -> list[str]:
    """Set up the repository holding ``folder``; one line per step, saying what changed."""
    top = _git("rev-parse", "--show-toplevel", cwd=folder)
    if top.returncode != 0:
        raise GitSetupError(f"{folder.resolve()} is not in a git repository: run git init there first")
    root = Path(top.stdout.strip())
    done = []
    attributes = root / ".gitattributes"
    line = f"{pattern} diff=outcomes"
    existing = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
    if line in existing.splitlines():
        done.append(f"{attributes}: already has '{line}'")
    else:
        with attributes.open("a", encoding="utf-8") as fh:
            fh.write(("" if not existing or existing.endswith("\n") else "\n") + line + "\n")
        done.append(f"{attributes}: added '{line}'")
    command = textconv_command()
    now = _git("config", "--local", "--get", "diff.outcomes.textconv", cwd=root).stdout.strip()
    if now == command:
        done.append(f"git config diff.outcomes.textconv: already '{command}'")
    else:
        result = _git("config", "--local", "diff.outcomes.textconv", command, cwd=root)
        if result.returncode != 0:
            raise GitSetupError(f"git config failed: {result.stderr.strip()}")
        done.append(f"git config diff.outcomes.textconv: set to '{command}'" + (f" (was '{now}')" if now else ""))
    return done
