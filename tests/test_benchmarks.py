"""Every benchmark script answers --help (and makes nothing when asked for it)."""

import subprocess
import sys

import pytest

from .conftest import ROOT

SCRIPTS = sorted(p.name for p in (ROOT / "benchmarks").glob("*.py"))


def test_there_are_scripts():
    assert {"make_projects.py", "first_paint.py", "core.py", "fuzz.py"} <= set(SCRIPTS)


@pytest.mark.parametrize("script", SCRIPTS)
def test_help(script, tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / script), "--help"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "usage" in result.stdout.lower() or "python benchmarks/" in result.stdout
    assert list(tmp_path.iterdir()) == []  # no folder called --help
