"""Fuzz the command line with mutated project files: every run must end in output or a clear error.

    .venv/bin/python benchmarks/fuzz.py [--count 3000] [--seed 1] [--timeout 5]

Each shipped project is mutated (byte flips, truncation, deleted and duplicated lines, values of
another type, huge and deeply nested values, a BOM, CRLF, NUL, invalid UTF-8, duplicate ids,
broken links, escape sequences in text) and `check`, `export` and `fmt --check` are run on it
in-process. A crash is any exception that escapes `main` (a traceback a user would see); a hang
is a run over the time limit. Both must be 0. (The command line's last guard, which turns an
unforeseen exception into one line, counts as a crash too.) Prints the counts and the first few crashing inputs,
which are saved under --keep DIR to be added to the tests.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import random
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui_outcomes.cli import main  # noqa: E402

COMMANDS = (["check"], ["export"], ["export", "-f", "markdown"], ["export", "-f", "csv"], ["fmt", "--check"])
VALUES = ['""', "0", "-1", "1.5", "true", "[]", "{}", '"x"', "2026-01-01", "[1, 2]", '{ id = "a" }', "nan", "inf",
          "9" * 5000, "[" * 600 + "]" * 600, "{a=" * 300 + "1" + "}" * 300, '"\\u001b]0;x\\u0007"']


def mutate(text: str, rng: random.Random) -> bytes:
    lines = text.split("\n")
    kind = rng.randrange(14)
    if kind == 0:  # byte flips
        raw = bytearray(text.encode("utf-8"))
        for _ in range(rng.randint(1, 8)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        return bytes(raw)
    if kind == 1:  # truncation
        return text.encode("utf-8")[: rng.randrange(len(text))]
    if kind == 2:  # a deleted line
        del lines[rng.randrange(len(lines))]
    elif kind == 3:  # a duplicated line
        i = rng.randrange(len(lines))
        lines.insert(rng.randrange(len(lines)), lines[i])
    elif kind == 4:  # a value of another type
        candidates = [i for i, l in enumerate(lines) if " = " in l]
        i = rng.choice(candidates)
        lines[i] = lines[i].split(" = ")[0] + " = " + rng.choice(VALUES)
    elif kind == 5:  # a huge or deeply nested extra value
        lines.insert(1, "x_v = " + rng.choice(VALUES[-4:]))
    elif kind == 6:
        return b"\xef\xbb\xbf" + text.encode("utf-8")  # BOM
    elif kind == 7:
        return text.replace("\n", "\r\n").encode("utf-8")  # CRLF
    elif kind == 8:
        i = rng.randrange(len(text))
        return (text[:i] + "\x00" + text[i:]).encode("utf-8")  # NUL
    elif kind == 9:
        raw = text.encode("utf-8")
        i = rng.randrange(len(raw))
        return raw[:i] + rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x80\x80"]) + raw[i:]  # invalid UTF-8
    elif kind == 10:  # duplicate ids
        ids = [i for i, l in enumerate(lines) if l.startswith("id = ")]
        if len(ids) > 1:
            a, b = rng.sample(ids, 2)
            lines[b] = lines[a]
    elif kind == 11:  # broken links
        for i, l in enumerate(lines):
            if l.startswith("supports = ") and rng.random() < 0.5:
                lines[i] = 'supports = ["zzzzzz"]'
    elif kind == 12:  # escape sequences in text
        i = rng.choice([i for i, l in enumerate(lines) if l.startswith("text = ")] or [0])
        lines[i] = 'text = "\\u001b]0;owned\\u0007\\u001b[2J\\u202e"'
    else:  # several at once
        return mutate(mutate(text, rng).decode("utf-8", "replace"), rng)
    return "\n".join(lines).encode("utf-8")


class Hang(Exception):
    pass


def run(argv: list[str], limit: float) -> str:
    """'ok', 'crash: …' or 'hang'."""
    def alarm(*_):
        raise Hang()

    signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, limit)
    err = io.StringIO()
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            main(argv)
        # main's last guard turns an unforeseen exception into one line: still a bug to count
        return f"crash: {err.getvalue().strip()[:160]}" if "unexpected error" in err.getvalue() else "ok"
    except Hang:
        return "hang"
    except SystemExit as exc:  # argparse; a clean exit
        return "ok" if exc.code in (0, 1, 2, None) else f"crash: exit {exc.code}"
    except BaseException as exc:  # noqa: BLE001 - that is what we are counting
        return f"crash: {type(exc).__name__}: {str(exc)[:120]}"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def cli() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=3000, help="mutated files (default 3000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds per command (default 5)")
    parser.add_argument("--keep", metavar="DIR", help="save crashing and hanging inputs here")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    sources = sorted((ROOT / "projects").glob("*.toml"))
    texts = [p.read_text(encoding="utf-8") for p in sources]
    found: dict[str, int] = {}
    examples = []
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzzed.toml"
        for n in range(args.count):
            path.write_bytes(mutate(rng.choice(texts), rng))
            for command in COMMANDS:
                outcome = run([*command, str(path)], args.timeout)
                kind = outcome.split(":")[0]
                found[kind] = found.get(kind, 0) + 1
                if kind != "ok" and len(examples) < 10:
                    examples.append((outcome, command, path.read_bytes()))
    seconds = time.perf_counter() - start
    runs = args.count * len(COMMANDS)
    import os

    print(f"{args.count} mutated files × {len(COMMANDS)} commands = {runs} runs in {seconds:.0f} s "
          f"(load {os.getloadavg()[0]:.2f}): crashes {found.get('crash', 0)}, hangs {found.get('hang', 0)}")
    for i, (outcome, command, data) in enumerate(examples):
        print(f"  {outcome}  ({' '.join(command)})")
        if args.keep:
            Path(args.keep).mkdir(parents=True, exist_ok=True)
            (Path(args.keep) / f"case{i}.toml").write_bytes(data)
    return 1 if found.get("crash") or found.get("hang") else 0


if __name__ == "__main__":
    sys.exit(cli())
