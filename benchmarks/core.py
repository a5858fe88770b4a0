#!/usr/bin/env python3
"""Median times of load, save, export and check beside tomli / tomli-w on the same data.

    python benchmarks/core.py [--runs 30] [--sizes 10,100,1000]

"load" is fileformat.load (read, decode, tomli.loads, build and validate the
model); "save" is fileformat.save (build the document, tomli_w.dumps, atomic
write with fsync).  The reference columns are tomli.loads of the same text and
tomli_w.dumps of the same data, plus a plain write of the same bytes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import tomli  # noqa: E402
import tomli_w  # noqa: E402
from make_projects import make  # noqa: E402

from tui_outcomes.core import export, fileformat  # noqa: E402
from tui_outcomes.cli import main as cli_main  # noqa: E402


def medians_ms(cases: dict, runs: int) -> dict[str, float]:
    """Median ms of each case, run round-robin (A B C A B C ...) so drift on a
    noisy machine affects all of them alike."""
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, fn in cases.items():
            t = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - t) * 1000)
    return {name: statistics.median(ts) for name, ts in times.items()}


def plain_write(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--sizes", default="10,100,1000")
    a = ap.parse_args()
    print(f"# core benchmark: median of {a.runs} runs, ms; python {sys.version.split()[0]}, {os.cpu_count()} cpus")
    print("| per stage | file KiB | tomli.loads | load | load ÷ loads | tomli_w.dumps | write | save | "
          "save ÷ (dumps+write) | export text | export md | export csv | check (CLI) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(s) for s in a.sizes.split(",")):
            project = make(n)
            path = Path(tmp) / f"p{n}.toml"
            fileformat.save(path, project, force=True)
            text = path.read_text(encoding="utf-8")
            data = fileformat.to_data(project)
            raw = text.encode()
            runs = max(5, a.runs // (10 if n >= 1000 else 1))
            devnull = open(os.devnull, "w")
            stderr, sys.stderr = sys.stderr, devnull
            try:
                m = medians_ms({
                    "loads": lambda: tomli.loads(text),
                    "load": lambda: fileformat.load(path),
                    "dumps": lambda: tomli_w.dumps(data, multiline_strings=True),
                    "write": lambda: plain_write(Path(tmp) / "plain.toml", raw),
                    "save": lambda: fileformat.save(path, project, force=True),
                    "text": lambda: export.render(project, "text"),
                    "md": lambda: export.render(project, "markdown"),
                    "csv": lambda: export.render(project, "csv"),
                    "check": lambda: cli_main(["check", str(path)]),
                }, runs)
            finally:
                sys.stderr = stderr
            t_loads, t_load, t_dumps, t_write, t_save, t_text, t_md, t_csv, t_check = m.values()
            print(f"| {n} | {len(raw) / 1024:.0f} | {t_loads:.2f} | {t_load:.2f} | {t_load / t_loads:.2f} | "
                  f"{t_dumps:.2f} | {t_write:.2f} | {t_save:.2f} | {t_save / (t_dumps + t_write):.2f} | "
                  f"{t_text:.2f} | {t_md:.2f} | {t_csv:.2f} | {t_check:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
