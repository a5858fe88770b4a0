"""The built wheel: every module, the shipped themes from the top-level themes/ folder, and the app
finding them when installed as it finds them in a checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    # Built from a copy, so the checkout gets no build/ folder from the test.
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    for folder in ("tui_outcomes", "themes"):
        shutil.copytree(ROOT / folder, src / folder, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(src)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    (built,) = out.glob("tui_outcomes-*.whl")
    return built


def test_the_wheel_holds_every_module_and_the_shipped_themes(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    themes = sorted(p.name for p in (ROOT / "themes").glob("*.toml"))
    assert len(themes) >= 4
    for theme in themes:
        assert f"tui_outcomes/themes/{theme}" in names
    modules = [p.relative_to(ROOT).as_posix() for p in (ROOT / "tui_outcomes").rglob("*.py")]
    missing = [m for m in modules if m not in names]
    assert not missing, f"not in the wheel (list the package in pyproject.toml): {missing}"
    assert "tui_outcomes/app.tcss" in names
    assert "tui_outcomes/templates/worked-example.toml" in names
    assert not (ROOT / "tui_outcomes" / "themes").exists(), "one source: the themes live in themes/ only"


def test_an_installed_wheel_finds_its_themes(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site), "TUI_OUTCOMES_CONFIG": str(tmp_path / "config")}
    done = subprocess.run([sys.executable, "-m", "tui_outcomes", "themes"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    shipped = site / "tui_outcomes" / "themes"
    for name in ("outcomes-dark", "outcomes-light", "high-contrast", "monochrome"):
        assert f"{shipped / name}.toml" in done.stdout
    assert f"shipped themes are in {shipped}" in done.stderr


BLOCKED = "import sys; sys.modules['docx'] = None; sys.modules['textual_serve'] = None; "


def without_extras(code: str, tmp_path) -> subprocess.CompletedProcess:
    """Run ``code`` as a plain ``pip install`` would: python-docx and textual-serve cannot be imported."""
    return subprocess.run([sys.executable, "-c", BLOCKED + code], cwd=tmp_path, capture_output=True, text=True,
                          timeout=60, env={**os.environ, "TUI_OUTCOMES_CONFIG": str(tmp_path)})


def test_without_the_extras_everything_else_works_and_each_extra_is_named(tmp_path):
    example = ROOT / "projects" / "worked-example.toml"
    run = "from tui_outcomes.cli import main; sys.exit(main(sys.argv[1:]))"
    plain = without_extras(f"sys.argv[1:] = ['export', {str(example)!r}]; " + run, tmp_path)
    assert plain.returncode == 0 and plain.stdout.startswith("Behaviour support")
    app = without_extras("import tui_outcomes.app, tui_outcomes.screens.export, tui_outcomes.core.docx_export", tmp_path)
    assert app.returncode == 0, app.stderr
    word = without_extras(f"sys.argv[1:] = ['export', {str(example)!r}, '-f', 'docx', '-o', 'x.docx']; " + run,
                          tmp_path)
    assert word.returncode == 2 and not (tmp_path / "x.docx").exists()
    assert word.stderr == ("tui-outcomes: Word export needs python-docx, which is not installed; "
                           "install it with: pip install 'tui-outcomes[docx]'\n")
    serve = without_extras("sys.argv[1:] = ['serve']; " + run, tmp_path)
    assert serve.returncode == 2
    assert serve.stderr == ("tui-outcomes: tui-outcomes serve needs textual-serve, which is not installed; "
                            "install it with: pip install 'tui-outcomes[web]'\n")
