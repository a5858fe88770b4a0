"""The core (every module in tui_outcomes/core/) and the command line never import Textual or Rich."""

import pkgutil
import subprocess
import sys

import tui_outcomes.core

CORE = sorted(f"tui_outcomes.core.{m.name}" for m in pkgutil.iter_modules(tui_outcomes.core.__path__))


def test_core_is_found():
    assert {"tui_outcomes.core.model", "tui_outcomes.core.fileformat", "tui_outcomes.core.document"} <= set(CORE)


def test_core_modules_do_not_import_textual():
    code = (
        "import sys\n"
        f"for name in {CORE + ['tui_outcomes.cli']!r}: __import__(name)\n"
        "from tui_outcomes import cli\n"
        "from tui_outcomes.core import fileformat, export\n"
        "p = fileformat.load('projects/worked-example.toml').project\n"
        "export.render(p, 'markdown'); export.render(p, 'csv')\n"
        "import contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        "    cli.main(['check', 'projects/worked-example.toml'])\n"
        "    cli.main(['export', 'projects/worked-example.toml'])\n"
        "    cli.main(['diff', 'projects/worked-example.toml', 'projects/worked-example.toml'])\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    from .conftest import ROOT

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
