#!/usr/bin/env python3
"""`tui-outcomes log` on a repository of C commits of the N-per-stage project, beside the way it
is not done: one `git show` per version per side, then parsing both.

    python benchmarks/history.py [--runs 5] [--commits 50] [--per-stage 100]

"log" is History.load() + entries() (one git log --follow, one git cat-file --batch, each version
parsed once, changes.compare per commit); "show each" reads the same versions with two `git show`
processes per commit and parses both sides. Also: "parse only", the parsing that log cannot avoid
(each version once), so the ratio log ÷ parse only says what git and the comparison add.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_projects import make  # noqa: E402

from tui_outcomes.core import history  # noqa: E402
from tui_outcomes.core.fileformat import parse, save  # noqa: E402

ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo: Path, *args: str) -> bytes:
    return subprocess.run(["git", *args], cwd=repo, env=ENV, check=True, capture_output=True).stdout


def build(repo: Path, commits: int, per_stage: int) -> Path:
    git(repo, "init", "-q")
    git(repo, "config", "user.name", "Bench")
    git(repo, "config", "user.email", "b@example.org")
    path = repo / "project.toml"
    project = make(per_stage)
    elements = [e for key in ("final_outcomes", "outputs") for e in project.stage(key).elements]
    for i in range(commits):
        if i:
            element = elements[i % len(elements)]
            project = project.with_element_text(element.id, f"{element.text} (revised {i})")
        save(path, project, force=True)
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", f"revision {i}")
    return path


def show_each(repo: Path, found: history.History) -> None:
    from tui_outcomes.core import changes

    for commit in found.commits:
        after = parse(git(repo, "show", commit.spec).decode())
        if commit.before:
            changes.compare(parse(git(repo, "show", commit.before).decode()), after)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--commits", type=int, default=50)
    ap.add_argument("--per-stage", type=int, default=100)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp)
        path = build(repo, a.commits, a.per_stage)
        found = history.History(path).load()
        texts = [git(repo, "show", c.spec).decode() for c in found.commits]
        cases = {
            "log": lambda: history.History(path).load().entries(),
            "show each": lambda: show_each(repo, found),
            "parse only": lambda: [parse(t) for t in texts],
        }
        times = {name: [] for name in cases}
        for _ in range(a.runs):  # round-robin, so drift affects every case alike
            for name, fn in cases.items():
                t = time.perf_counter()
                fn()
                times[name].append((time.perf_counter() - t) * 1000)
        ms = {name: statistics.median(ts) for name, ts in times.items()}
        print(f"# {a.commits} commits of the {a.per_stage}-per-stage project; median of {a.runs} runs, ms; "
              f"python {sys.version.split()[0]}, {os.cpu_count()} cpus")
        print("| log | show each | parse only | log ÷ show each | log ÷ parse only |")
        print("|---|---|---|---|---|")
        print(f"| {ms['log']:.0f} | {ms['show each']:.0f} | {ms['parse only']:.0f} | "
              f"{ms['log'] / ms['show each']:.2f} | {ms['log'] / ms['parse only']:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
