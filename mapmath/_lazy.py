"""Heavy optional imports, loaded on first use.

``scipy.stats`` takes about a second to import; most chapters call only a few of the functions
that need it. ``from ._lazy import stats`` gives a stand-in that imports ``scipy.stats`` the first
time one of its attributes is read, so ``import mapmath.beta`` stays cheap.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any


class LazyModule:
    """A module imported on first attribute access."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attribute: str) -> Any:
        if self._module is None:
            self._module = importlib.import_module(self._name)
        return getattr(self._module, attribute)

    def __repr__(self) -> str:
        state = "loaded" if self._module is not None else "not loaded yet"
        return f"<lazy module {self._name!r} ({state})>"


stats = LazyModule("scipy.stats")
optimize = LazyModule("scipy.optimize")
integrate = LazyModule("scipy.integrate")
