"""Locate the dbt executable that belongs to this Python environment."""

import os
import shutil
import sys
from pathlib import Path


def dbt_executable() -> str:
    """Return the `dbt` next to the running interpreter, else the first one on PATH.

    Another `dbt` earlier on PATH may belong to another environment with another
    dbt-core version, so the one installed beside this Python wins.
    """
    beside_python = Path(sys.executable).parent / "dbt"
    if beside_python.exists():
        return str(beside_python)
    on_path = shutil.which("dbt")
    if on_path is None:
        raise FileNotFoundError(f"dbt executable not found next to {sys.executable} or on PATH: run `make env`")
    return on_path


def put_dbt_on_path() -> None:
    """Prepend this environment's bin folder to PATH when `dbt` is not found there.

    dagster-dbt's manifest preparer runs plain `dbt`, so a code location started
    with `.venv/bin/python` but without `.venv/bin` on PATH could not parse.
    """
    executable = Path(dbt_executable())
    if shutil.which("dbt") != str(executable):
        os.environ["PATH"] = f"{executable.parent}{os.pathsep}{os.environ.get('PATH', '')}"
