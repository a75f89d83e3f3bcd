import numpy as np
import pytest
import sympy as sp

from mapmath.display import glue_number, latex


def test_latex_writes_variance_symbols_as_squares_whatever_their_assumptions():
    s2, t2 = sp.Symbol("sigma2", positive=True), sp.Symbol("tau2")
    assert latex(s2 / t2) == r"\frac{\sigma^2}{\tau^2}"
    assert latex(sp.Symbol("x") + 1) == "x + 1"


@pytest.mark.parametrize("value", [np.nan, np.inf, "0.5", None, sp.Symbol("x"), sp.oo])
def test_glue_number_rejects_what_is_not_a_finite_number(value):
    with pytest.raises((TypeError, ValueError), match="value"):
        glue_number("k", value)


def test_glue_number_rejects_a_bad_key():
    with pytest.raises(TypeError, match="key"):
        glue_number("", 1.0)
