"""Look at tui-outcomes serve as a colleague would: in a real (headless) Chromium.

Starts `tui-outcomes serve` on a free port on 127.0.0.1, opens the page in headless Chromium (through
its DevTools protocol), waits until the page's terminal has been sent the text that shows the app is
ready (by default a project title from the portfolio), and saves a screenshot. With --second-tab, a
second tab then opens the same page and is screenshotted too (serve one project file to see the
"open in another tui-outcomes" notice between tabs). Everything it starts is stopped at the end.

    .venv/bin/python scripts/check_serve.py [PATH] [--wait-for TEXT] [--out DIR] [--second-tab]

Needs the web extra (pip install 'tui-outcomes[web]') and Chromium (apt-get install chromium).
Only ever listens on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Installed before the page's own scripts: every message the page's terminal receives is also kept
# as text in window.__tuiText, so the script can tell when the app has drawn what it waits for
# (the terminal itself draws on a canvas, which has no text to read).
HOOK = """
(() => {
  const Native = window.WebSocket;
  window.__tuiText = "";
  const decoder = new TextDecoder();
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        const data = event.data;
        if (typeof data === "string") window.__tuiText += data;
        else if (data instanceof ArrayBuffer) window.__tuiText += decoder.decode(data, {stream: true});
        else if (data instanceof Blob) data.text().then((t) => { window.__tuiText += t; });
      });
    }
  };
})();
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"check_serve: {what} ended (exit {process.returncode})")
            if time.monotonic() > deadline:
                raise SystemExit(f"check_serve: {what} did not start in {timeout:g} s")
            time.sleep(0.2)


class Tab:
    """One page in Chromium, driven through the DevTools protocol."""

    def __init__(self, ws):
        self.ws = ws
        self.next_id = 0

    async def call(self, method: str, **params):
        self.next_id += 1
        mine = self.next_id
        await self.ws.send_str(json.dumps({"id": mine, "method": method, "params": params}))
        while True:
            message = json.loads((await self.ws.receive(timeout=60)).data)
            if message.get("id") == mine:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    async def open(self, url: str, width: int, height: int) -> None:
        await self.call("Page.enable")
        await self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1,
                        mobile=False)
        await self.call("Page.addScriptToEvaluateOnNewDocument", source=HOOK)
        await self.call("Page.navigate", url=url)

    async def text(self) -> str:
        result = await self.call("Runtime.evaluate", expression="window.__tuiText || ''", returnByValue=True)
        return result.get("result", {}).get("value", "")

    async def wait_for(self, wanted: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while wanted not in await self.text():
            if time.monotonic() > deadline:
                raise SystemExit(f"check_serve: {wanted!r} did not appear in the page's terminal in {timeout:g} s")
            await asyncio.sleep(0.25)
        await asyncio.sleep(1.5)  # let the terminal paint the frame it was sent

    async def screenshot(self, path: Path) -> None:
        shot = await self.call("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(shot["data"]))


async def drive(devtools_port: int, url: str, args) -> list[Path]:
    import aiohttp

    shots = []
    async with aiohttp.ClientSession() as session:
        async def new_tab() -> Tab:
            async with session.put(f"http://127.0.0.1:{devtools_port}/json/new?about:blank") as response:
                target = await response.json()
            return Tab(await session.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0))

        first = await new_tab()
        await first.open(url, args.width, args.height)
        await first.wait_for(args.wait_for, args.timeout)
        shots.append(args.out / "serve-tab1.png")
        await first.screenshot(shots[-1])
        if args.second_tab:
            second = await new_tab()
            await second.open(url, args.width, args.height)
            await second.wait_for(args.second_wait_for, args.timeout)
            shots.append(args.out / "serve-tab2.png")
            await second.screenshot(shots[-1])
            await second.ws.close()
        await first.ws.close()
    return shots


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", default=str(ROOT / "projects"), help="what to serve (default: projects/)")
    parser.add_argument("--wait-for", default="Behaviour support", help="text the first tab must be sent "
                        "before its screenshot (default: the worked example's title)")
    parser.add_argument("--second-tab", action="store_true", help="then open a second tab and screenshot it")
    parser.add_argument("--second-wait-for", default="also open in another tui-outcomes",
                        help="what the second tab must show (default: the notice that the project is open elsewhere)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "serve", help="where the PNGs go")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not browser:
        print("check_serve: no Chromium found (apt-get install chromium)", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    port, devtools_port = free_port(), free_port()
    with tempfile.TemporaryDirectory(prefix="check-serve-") as profile:
        server = subprocess.Popen([sys.executable, "-m", "tui_outcomes", "serve", args.path, "--host", "127.0.0.1",
                                   "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  start_new_session=True)
        chromium = None
        try:
            wait_for_port(port, server, "tui-outcomes serve")
            chromium = subprocess.Popen([browser, "--headless=new", "--no-sandbox", "--disable-gpu",
                                         f"--user-data-dir={profile}", f"--remote-debugging-port={devtools_port}",
                                         "--remote-debugging-address=127.0.0.1", "--no-first-run", "about:blank"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
            wait_for_port(devtools_port, chromium, "Chromium")
            shots = asyncio.run(drive(devtools_port, f"http://localhost:{port}/", args))
        finally:
            if chromium is not None:
                stop(chromium)
            stop(server)
    for shot in shots:
        print(shot)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
