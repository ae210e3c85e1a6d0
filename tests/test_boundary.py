"""The engine never imports Textual, so the CLI, tests and any front end share one core."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import trainer


def engine_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(trainer.__path__, "trainer."):
        if info.name.startswith("trainer.app") or info.name == "trainer.cli.play_cmds":
            continue
        if info.name.endswith("__main__"):
            continue
        names.append(info.name)
    return names


def test_engine_imports_no_textual() -> None:
    mods = engine_modules()
    assert "trainer.engine.call" in mods and "trainer.engine.listener.listen" in mods
    code = (
        "import importlib, sys\n"
        f"for m in {mods!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""
