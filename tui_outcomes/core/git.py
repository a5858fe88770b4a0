"""The one way the core runs git: ``run_git``, and the error for a version git cannot give.

Used by ``changes.read_version`` (``git show REV:path``) and ``history`` (log, cat-file, tags).
"""

from __future__ import annotations

import subprocess
from pathlib import Path


class VersionError(Exception):
    """A version of a project that cannot be read (no such file, not in git, no such revision)."""


def run_git(args: list[str], cwd: str | Path | None, what: str, stdin: bytes | None = None,
            timeout: float = 60) -> subprocess.CompletedProcess:
    """Run ``git ARGS`` in ``cwd`` (output as bytes); :class:`VersionError` naming ``what`` if git
    cannot be run at all. The caller reads the return code."""
    try:
        return subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, timeout=timeout)
    except FileNotFoundError:
        raise VersionError(f"{what}: git is not installed (or not on the PATH), so there is no history "
                           "to compare with") from None
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise VersionError(f"{what}: cannot run git ({exc})") from None
