"""`trainer serve`: a textual-serve Server running `trainer play ...`, reachable on loopback."""

from __future__ import annotations

import os
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from trainer.cli import build_parser, play_cmds
from trainer.cli.common import UsageError

from appkit import ROOT


def test_play_command_carries_the_options(tmp_path: Path) -> None:
    db = str(tmp_path / "shared.db")
    args = build_parser().parse_args(
        ["serve", "best-of-the-worst", "--db", db, "--mode", "assessment", "--port", "8123"]
    )
    assert args.handler is play_cmds.serve
    argv = shlex.split(play_cmds.play_command(args))
    assert argv[:4] == [sys.executable, "-m", "trainer", "play"]
    assert argv[4] == "best-of-the-worst"
    assert argv[argv.index("--db") + 1] == db
    assert argv[argv.index("--mode") + 1] == "assessment"


def test_server_object(tmp_path: Path) -> None:
    pytest.importorskip("textual_serve")
    args = build_parser().parse_args(
        ["serve", "--db", str(tmp_path / "x.db"), "--host", "127.0.0.1", "--port", "8123"]
    )
    server = play_cmds.build_server(args)
    assert server.command == play_cmds.play_command(args)
    assert (server.host, server.port) == ("127.0.0.1", 8123)


def test_missing_textual_serve_is_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve", None)
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    args = build_parser().parse_args(["serve"])
    with pytest.raises(UsageError, match="pip install textual-serve"):
        play_cmds.build_server(args)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serves_the_page_on_loopback(tmp_path: Path) -> None:
    pytest.importorskip("textual_serve")
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "trainer",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--db",
            str(tmp_path / "shared.db"),
        ],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        page = ""
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                    page = r.read().decode("utf-8", "replace")
                break
            except OSError:
                if proc.poll() is not None:
                    break
                time.sleep(0.2)
        err = proc.stderr.read().decode() if proc.stderr and proc.poll() is not None else ""
        assert "Tough Call Trainer" in page, err or page
        assert "/ws" in page  # the terminal connects back over a websocket
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serving_doc_agrees_with_the_dependencies() -> None:
    """textual-serve is a dependency, so the doc must not send readers to install it."""
    import tomllib

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]
    assert any(d.startswith("textual-serve") for d in deps)
    doc = " ".join((ROOT / "docs" / "serving.md").read_text("utf-8").split())
    assert "not installed" not in doc and "pip install textual-serve" not in doc
    assert "installed with the trainer" in doc
