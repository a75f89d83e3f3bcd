"""``import mapmath`` is cheap, and its namespace is what the book calls.

(How long ``import mapmath`` takes, target 0.8 s, is measured by ``scripts/benchmark.py``: timings
are not asserted in tests that run on a loaded machine.)

The public names are imported from their module on first use (PEP 562), and ``scipy.stats``,
``scipy.optimize`` and ``scipy.integrate`` load only when a function that needs them runs.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest
from built_site import ROOT

import mapmath

HEAVY = ("scipy.stats", "scipy.optimize", "scipy.integrate")


MODULES = ["mapmath", "mapmath.beta", "mapmath.bernoulli", "mapmath.modes", "mapmath.asymptotics", "mapmath.display",
           "mapmath.reparameterization"]

# One fresh interpreter imports NumPy and SymPy (which load none of HEAVY: checked), then forks once per
# module: each child imports that one module, as a fresh interpreter would, and reports which of HEAVY
# are loaded. The same observation as a new interpreter per module, without importing SymPy seven times.
_PROBE = f"""
import json, os, sys
import numpy, sympy
HEAVY = {list(HEAVY)!r}
before = [m for m in HEAVY if m in sys.modules]
out = {{"(numpy, sympy)": before}}
for module in {MODULES!r}:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        __import__(module)
        os.write(write, json.dumps([m for m in HEAVY if m in sys.modules]).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        text = pipe.read()
    _, status = os.waitpid(pid, 0)
    out[module] = json.loads(text) if status == 0 and text else f"import failed (status {{status}})"
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def loaded_by_import() -> dict[str, object]:
    """For each of MODULES, which of HEAVY are loaded after importing it in a fresh interpreter."""
    out = subprocess.run([sys.executable, "-c", _PROBE], check=True, capture_output=True, text=True, cwd=ROOT)
    loaded = json.loads(out.stdout)
    assert loaded.pop("(numpy, sympy)") == [], "importing NumPy and SymPy loads SciPy: the probe needs a rewrite"
    return loaded


@pytest.mark.parametrize("module", MODULES)
def test_importing_a_module_does_not_load_scipy_stats_optimize_or_integrate(module, loaded_by_import):
    loaded = loaded_by_import[module]
    assert loaded == [], f"import {module} loaded {loaded}"


def test_every_public_name_resolves_to_the_module_that_defines_it():
    for name in mapmath.__all__:
        value = getattr(mapmath, name)
        module = importlib.import_module(f"mapmath.{mapmath._EXPORTS[name]}")
        assert getattr(module, name) is value, name
    assert set(mapmath.__all__) <= set(dir(mapmath))


def test_submodules_are_reachable_as_attributes_and_unknown_names_fail_clearly():
    assert mapmath.modes.__name__ == "mapmath.modes"
    assert "typical_set" in mapmath.SUBMODULES
    with pytest.raises(AttributeError, match="no attribute 'not_a_function'"):
        mapmath.not_a_function  # noqa: B018


def test_the_lazy_scipy_stand_in_is_the_real_module_once_used():
    from mapmath._lazy import LazyModule

    stats = LazyModule("scipy.stats")
    assert "not loaded" in repr(stats)
    assert stats.norm.cdf(0.0) == 0.5
    assert "loaded" in repr(stats) and "not" not in repr(stats)


def test_the_libraries_and_an_exiting_session_are_frozen_out_of_the_garbage_collector():
    """``import mapmath`` freezes the objects alive so far (:func:`gc.freeze`), and registers a freeze
    at exit (a kernel's shutdown then skips the collector's passes over every object of the session)."""
    code = ("import atexit, gc, sympy; before = gc.get_freeze_count(); import mapmath; "
            "imported = gc.get_freeze_count(); objects = [[] for _ in range(1000)]; atexit._run_exitfuncs(); "
            "print(before, imported, gc.get_freeze_count())")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT)
    before, imported, at_exit = map(int, out.stdout.split())
    assert before == 0 < imported < at_exit
