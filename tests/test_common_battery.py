"""The common battery of bad inputs (issue 19, item 15): every public ``mapmath`` function, every
declared parameter, fed NaN, ±inf, 0, negatives, 1e308, 5e-324, 10**400, strings, bools, ``None``,
empty, ragged and mismatched arrays (``tests/battery_inputs.py``, from the parameter's declared
constraint). Each call must end in a ``TypeError``/``ValueError`` naming the parameter, or, for an
allowed value, in a finite result (compared with an independent reference where
``tests/mapmath_references.py`` has one) or a ``ValueError`` naming a parameter. Never a bare
exception, a NaN, a RuntimeWarning or a silently accepted invalid argument.

This replaces the scattered one-function bad-input tests; ``scripts/mapmath_fuzz.py`` runs the
same classification over more inputs and combinations.
"""

from __future__ import annotations

import inspect

import pytest
from battery_inputs import classify, inputs, tied_axes
from mapmath_cases import CASES, public_functions
from mapmath_references import REFERENCES

FUNCTIONS = public_functions()
BAD_OUTCOMES = ("bare exception", "nan/inf", "accepted invalid", "wrong value", "unclear error")


def _params_with_inputs():
    for qual, func in FUNCTIONS.items():
        for param in getattr(func, "__mapmath_params__", {}):
            yield pytest.param(qual, param, id=f"{qual}:{param}")


def test_every_public_function_declares_every_parameter_once():
    """One declaration per function (``@validate_params``), covering every parameter."""
    undeclared = []
    for qual, func in FUNCTIONS.items():
        params = set(inspect.signature(func).parameters)
        if params and set(getattr(func, "__mapmath_params__", {})) != params:
            undeclared.append(qual)
    assert not undeclared
    assert len(FUNCTIONS) >= 150  # the enumeration found the package's functions


def test_every_public_function_has_a_valid_example_call():
    missing = [q for q, f in FUNCTIONS.items() if inspect.signature(f).parameters and q not in CASES]
    assert not missing
    assert not set(CASES) - set(FUNCTIONS)


@pytest.mark.parametrize("qual, param", list(_params_with_inputs()))
def test_bad_and_extreme_inputs_give_a_clear_error_or_a_right_finite_value(qual, param):
    func = FUNCTIONS[qual]
    kwargs = CASES[qual]()
    declared = func.__mapmath_params__
    failures = []
    for label, value, expect in inputs(declared[param], kwargs.get(param), tied_axes(param, declared, kwargs)):
        outcome, detail = classify(func, func.__mapmath_params__, param, value, expect, kwargs,
                                   REFERENCES.get(qual))
        if outcome in BAD_OUTCOMES:
            failures.append(f"{param}={label} ({expect}): {outcome}: {detail}")
    assert not failures, "\n".join(failures)
