"""A reader notebook copied out of the repository runs in a fresh environment.

The notebook alone is copied into an empty folder and run top to bottom in a new virtual
environment (pip only, from the wheel Python bundles) that has only Jupyter's kernel and runner
(``ipykernel``, ``nbclient``): not the project's ``.venv``, no clone on the path, and the built site
served on 127.0.0.1. Its set-up cell installs the ``mapmath`` wheel the site publishes (with the
scientific stack); every ``mapmath`` subpackage then imports from the fresh environment. The
notebook comes from the test run's one build (the ``generated`` fixture).

pip installs as the reader's pip does, with the reader's command (the set-up cell's), but from a
wheelhouse instead of the index (``PIP_NO_INDEX``, ``PIP_FIND_LINKS``): the wheels of the pinned
versions (``requirements.txt``), downloaded once and kept between runs (``built_site.wheelhouse``,
keyed by the pins), so the test downloads nothing while the pins stay the same. The environment
with the kernel and runner alone (a new virtual environment, then ``pip install ipykernel nbclient
nbformat`` from that wheelhouse: nothing of the book's) is made once and kept beside the wheelhouse,
keyed the same way and by the Python it is made with (:func:`_kernel_env`); each run works in a
copy of it, into which the notebook installs ``mapmath``.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from built_site import ARTIFACTS, HTML, ROOT, cached_folder, files_digest, record_work, serve, wheelhouse

pytestmark = pytest.mark.build


RUNNER = r"""
import sys
import nbformat
from nbclient import NotebookClient

path, kernel = sys.argv[1], sys.argv[2]
nb = nbformat.read(path, as_version=4)
nb.cells.append(nbformat.v4.new_code_cell(
    "import importlib, pkgutil, mapmath\n"
    "subpackages = [m.name for m in pkgutil.walk_packages(mapmath.__path__, 'mapmath.')]\n"
    "[importlib.import_module(m) for m in subpackages]\n"
    "print('MAPMATH', mapmath.__file__, len(subpackages))"))
NotebookClient(nb, timeout=900, kernel_name=kernel, resources={"metadata": {"path": "."}}).execute()
print(nb.cells[-1].outputs[-1]["text"])
"""


def _base_python() -> str:
    for candidate in (getattr(sys, "_base_executable", None), shutil.which("python3.11"), shutil.which("python3")):
        if candidate and Path(candidate).is_file() and not str(candidate).startswith(str(ROOT)):
            return candidate
    pytest.skip("no Python outside the project's .venv")


def _fresh_venv(python: str, venv: Path, env: dict) -> None:
    """A new virtual environment with pip: ``python -m venv --without-pip``, then pip from the wheel
    that Python bundles (the one ``ensurepip`` installs), without setuptools (which ``python -m venv``
    of Python 3.12 and later leaves out too) and without compiling it: half the CPU of ``python -m
    venv``. Plain ``python -m venv`` where Python bundles no pip wheel (Debian's python3)."""
    find = ("import ensurepip, pathlib; "
            "print(*sorted((pathlib.Path(ensurepip.__file__).parent / '_bundled').glob('pip-*.whl')))")
    bundled = subprocess.run([python, "-c", find], capture_output=True, text=True, env=env).stdout.split()
    if not bundled:
        subprocess.run([python, "-m", "venv", str(venv)], check=True, env=env)
        return
    subprocess.run([python, "-m", "venv", "--without-pip", str(venv)], check=True, env=env)
    subprocess.run([str(venv / "bin" / "python"), f"{bundled[-1]}/pip", "install", "--quiet", "--no-index",
                    bundled[-1]], check=True, env=env)


def _kernel_env(python: str, wheel: Path, env: dict) -> Path:
    """A virtual environment with Jupyter's kernel and runner only (:func:`_fresh_venv`, then ``pip
    install ipykernel nbclient nbformat`` from the wheelhouse, not compiled), made once and kept in
    ``_build/.test-cache/kernel-env-<key>``: the key hashes the pins (``requirements.txt``,
    ``pyproject.toml``, as the wheelhouse's) and the Python (path and version). Older ones are removed.
    Nothing runs from it (it is copied), so it stays as pip left it."""
    version = subprocess.run([python, "-c", "import sys; print(sys.version)"], capture_output=True, text=True,
                             check=True, env=env).stdout
    key = files_digest([ROOT / "requirements.txt", ROOT / "pyproject.toml"], extra=f"{python}\n{version}")

    def fill(folder: Path) -> None:
        _fresh_venv(python, folder, env)
        py = folder / "bin" / "python"
        pip_env = {**env, "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(wheelhouse(py, wheel))}
        install = subprocess.run([str(py), "-m", "pip", "install", "--quiet", "ipykernel", "nbclient", "nbformat"],
                                 capture_output=True, text=True, env=pip_env)
        if install.returncode != 0:
            pytest.fail(f"pip install ipykernel nbclient nbformat failed:\n{install.stderr[-3000:]}")

    return cached_folder("kernel-env", key, fill)


class _Steps:
    """Wall and CPU seconds (this process's children) of each step, for test-artifacts/."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._last = self._now()

    @staticmethod
    def _now() -> tuple[float, float]:
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.perf_counter(), kids.ru_utime + kids.ru_stime

    def done(self, what: str) -> None:
        now = self._now()
        self.lines.append(f"  {what}: {now[0] - self._last[0]:.1f} s wall, {now[1] - self._last[1]:.1f} s CPU\n")
        self._last = now


def test_a_copied_out_reader_notebook_runs_in_a_fresh_environment(generated, tmp_path):
    steps = _Steps()
    venv, work = tmp_path / "fresh-venv", tmp_path / "work"
    work.mkdir()
    name = "02_beta_bernoulli.ipynb"
    shutil.copy(generated / "reader" / name, work / name)  # the notebook alone: no wheel beside it
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "JUPYTER"))}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if not p.startswith(str(ROOT)))
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    # No .pyc at install time (the kernel compiles what it imports): the installs take a quarter of
    # the CPU and write 170 MB less. Not PIP_NO_COMPILE=1: pip reads a true value of a --no-X
    # option's variable as "X", so that one compiled everything (pip 23.0 to 23.2, measured).
    env["PIP_COMPILE"] = "false"
    (wheel,) = (HTML / "notebooks").glob("mapmath-*.whl")
    made = _kernel_env(_base_python(), wheel, env)
    # a copy (symbolic links kept: the environment's python is one), in this test's own folder
    subprocess.run(["cp", "-a", str(made), str(venv)], check=True)
    (venv / ".complete").unlink()
    steps.done(f"a new virtual environment with pip, ipykernel, nbclient, nbformat (copied from {made.name})")
    py = venv / "bin" / "python"
    env["PIP_NO_INDEX"], env["PIP_FIND_LINKS"] = "1", str(wheelhouse(py, wheel))  # the kernel's pip too
    steps.done("the wheelhouse (cached between runs)")
    compiled = sorted(venv.glob("lib/python*/site-packages/ipykernel/__pycache__"))
    assert not compiled, "pip compiled the installed modules: PIP_COMPILE=false has no effect on this pip"
    subprocess.run([str(py), "-m", "ipykernel", "install", "--prefix", str(venv), "--name", "fresh"],
                   check=True, capture_output=True, env=env)
    assert subprocess.run([str(py), "-c", "import mapmath"], capture_output=True, env=env, cwd=work).returncode != 0, \
        "mapmath is importable before the notebook installs it: the environment is not fresh"
    steps.done("ipykernel install, mapmath not importable")
    (tmp_path / "run.py").write_text(RUNNER)
    with serve(HTML) as site:
        env["MAPBOOK_SITE"] = site.rstrip("/")
        start = time.perf_counter()
        run = subprocess.run([str(py), str(tmp_path / "run.py"), name, "fresh"], capture_output=True, text=True,
                             env=env, cwd=work, timeout=1500)
        seconds = time.perf_counter() - start
    steps.done("the notebook, its set-up cell's pip install included, and every mapmath module")
    record_work("kernel", f"reader/{name} in a fresh environment (with its pip install)", seconds)
    assert run.returncode == 0, f"the copied-out notebook failed in a fresh environment:\n{run.stderr[-5000:]}"
    where, count = re.search(r"MAPMATH (\S+) (\d+)", run.stdout).groups()
    assert Path(where).is_relative_to(venv), f"mapmath came from {where}, not from the fresh environment"
    assert int(count) >= 8, f"only {count} mapmath modules installed: subpackages missing from the wheel"
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "fresh-environment.txt").write_text(f"{name} ran in {seconds:.0f} s in {venv}; mapmath at {where}\n"
                                                     + "".join(steps.lines))
