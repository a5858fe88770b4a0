"""The core (model, file format, checks, exporters, command line) never imports Textual."""

import subprocess
import sys

CORE = ["tui_outcomes.model", "tui_outcomes.stages", "tui_outcomes.proforma", "tui_outcomes.fileformat",
        "tui_outcomes.export", "tui_outcomes.templates", "tui_outcomes.textsafe", "tui_outcomes.cli",
        "tui_outcomes.document", "tui_outcomes.portfolio", "tui_outcomes.checks", "tui_outcomes.settings",
        "tui_outcomes.changes"]


def test_core_modules_do_not_import_textual():
    code = (
        "import sys\n"
        f"for name in {CORE!r}: __import__(name)\n"
        "from tui_outcomes import cli, fileformat, export\n"
        "p = fileformat.load('projects/worked-example.toml').project\n"
        "export.render(p, 'markdown'); export.render(p, 'csv')\n"
        "import contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        "    cli.main(['check', 'projects/worked-example.toml'])\n"
        "    cli.main(['export', 'projects/worked-example.toml'])\n"
        "    cli.main(['diff', 'projects/worked-example.toml', 'projects/worked-example.toml'])\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    from .conftest import ROOT

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
