#!/usr/bin/env python3
"""Merging two versions of a project by meaning, against loading it.

    python benchmarks/merge_speed.py [--runs 20] [--per-stage 100]

The base is the benchmark project (make_projects.py, N elements per stage, 2 evidence rows each).
"ours" rewords half the elements of every stage, adds an element to each stage and moves one;
"theirs" edits a row of every element of the other half, adds a row to each and moves another
element: every stage and most elements differ on both sides, so no shortcut for an untouched part
applies. Cases, run round-robin (interleaved), medians in ms:

* load   - fileformat.load of the base file (read, tomli.loads, build and validate the model);
* merge  - core merge.merge of the three projects in memory (the target: at most 3x load);
* dense  - the same, with both sides editing every element (different fields), so that no element
  is shared whole by two versions;
* driver - ``tui-outcomes merge BASE OURS THEIRS`` in-process: reading and checking all three
  files, merging, writing the canonical result atomically (three loads and a save by itself).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_projects import make  # noqa: E402

from tui_outcomes.cli import main as cli_main  # noqa: E402
from tui_outcomes.core import fileformat  # noqa: E402
from tui_outcomes.core.merge import merge  # noqa: E402
from tui_outcomes.core.stages import STAGE_KEYS  # noqa: E402


def versions(base, dense: bool = False):
    """ours and theirs; ``dense``: both sides edit every element (different fields)."""
    ours, theirs = base, base
    for key in STAGE_KEYS:
        elements = base.stage(key).elements
        for i, element in enumerate(elements):
            if dense:
                ours = ours.with_element_text(element.id, element.text + " (ours)")
                theirs = theirs.with_row(element.evidence[0].id, target="theirs: 80% by July")
            elif i % 2 == 0:
                ours = ours.with_element_text(element.id, element.text + " (ours)")
            else:
                theirs = theirs.with_row(element.evidence[0].id, target="theirs: 80% by July")
        ours = ours.add_element(key, "Ours: a new element", 3, element_id=f"ours{key[:3]}")[0]
        ours = ours.move_element(elements[1].id, 5)
        theirs = theirs.add_row(elements[2].id, source="Theirs: a new row")[0]
        theirs = theirs.move_element(elements[-2].id, -4)
    return ours, theirs


def medians_ms(cases: dict, runs: int) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, fn in cases.items():  # interleaved: drift on a noisy machine hits every case alike
            t = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - t) * 1000)
    return {name: statistics.median(ts) for name, ts in times.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--per-stage", type=int, default=100)
    a = ap.parse_args()
    base = make(a.per_stage)
    ours, theirs = versions(base)
    dense_ours, dense_theirs = versions(base, dense=True)
    merged = merge(base, ours, theirs)
    assert not merged.conflicts and merged == merge(base, theirs, ours)
    assert not merge(base, dense_ours, dense_theirs).conflicts
    with tempfile.TemporaryDirectory() as tmp:
        paths = {name: Path(tmp) / f"{name}.toml" for name in ("base", "ours", "theirs")}
        for name, project in (("base", base), ("ours", ours), ("theirs", theirs)):
            fileformat.save(paths[name], project, force=True)
        work = Path(tmp) / "work.toml"

        def driver() -> None:
            shutil.copy(paths["ours"], work)
            cli_main(["merge", str(paths["base"]), str(work), str(paths["theirs"])])

        devnull = open(os.devnull, "w")
        stderr, sys.stderr = sys.stderr, devnull
        try:
            m = medians_ms({"load": lambda: fileformat.load(paths["base"]),
                            "merge": lambda: merge(base, ours, theirs),
                            "dense": lambda: merge(base, dense_ours, dense_theirs),
                            "driver": driver}, a.runs)
        finally:
            sys.stderr = stderr
        assert fileformat.load(work).project == merged
        size = paths["base"].stat().st_size / 1024
    print(f"# merge benchmark: {a.per_stage} per stage ({size:.0f} KiB), median of {a.runs} interleaved runs, ms; "
          f"python {sys.version.split()[0]}, {os.cpu_count()} cpus")
    print("| load | merge | **merge ÷ load** | dense merge | dense ÷ load | driver (3 loads + merge + save) | "
          "driver ÷ load |")
    print("|---|---|---|---|---|---|---|")
    print(f"| {m['load']:.1f} | {m['merge']:.1f} | **{m['merge'] / m['load']:.2f}** | {m['dense']:.1f} | "
          f"{m['dense'] / m['load']:.2f} | {m['driver']:.1f} | {m['driver'] / m['load']:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
