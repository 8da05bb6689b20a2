"""Run the real `gopy` command in a subprocess, against a database of the test's own."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

GOPY = Path(sys.executable).with_name("gopy")
ROOT = Path(__file__).resolve().parents[2]

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def gopy(tmp_path: Path) -> Run:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "GOPY_", "DATABASE_URL"))}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'cli.db'}"

    def run(*args: str, input: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(GOPY), *args], cwd=tmp_path, env=env, input=input, capture_output=True, text=True, timeout=timeout
        )

    return run
