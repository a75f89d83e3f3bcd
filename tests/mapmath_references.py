"""Independent references for the common battery and the fuzz: ``REFERENCES["module.function"]``
is ``check(kwargs, result) -> (ok, detail)``, recomputing the value in 50-digit mpmath (or SciPy
quadrature) from the closed form the function's docstring states."""

from __future__ import annotations

REFERENCES: dict = {}
