"""mapmath.modes: the one mode engine, symbolic and numeric, and every module using it."""

from __future__ import annotations

import ast
import math
from pathlib import Path

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize, stats

import mapmath
from mapmath.modes import (
    density_mode,
    find_modes,
    local_maxima,
    maximize_on_grid,
    numeric_mode,
    stationary_points,
    symbolic_mode,
)

p = sp.Symbol("p", positive=True)
theta = sp.Symbol("theta", real=True)
x = sp.Symbol("x", real=True)
tau = sp.Symbol("tau", positive=True)
UNIT = sp.Interval.open(0, 1)
LINE = sp.Interval(-sp.oo, sp.oo)


# ---------------------------------------------------------------- symbolic modes
def test_symbolic_mode_of_beta_13_9_kernel_is_twelve_twentieths():
    search = find_modes(12 * sp.log(p) + 8 * sp.log(1 - p), p, UNIT)
    assert search.status == "unique" and search.kind == "interior"
    assert search.mode == sp.Rational(3, 5)
    assert search.critical_points[sp.Rational(3, 5)] < 0


def test_symmetric_double_well_has_two_modes():
    search = find_modes(-((theta**2 - 1) ** 2), theta, LINE)
    assert search.status == "not unique"
    assert set(search.modes) == {-1, 1}
    assert search.critical_points[0] > 0  # the middle stationary point is a minimum
    with pytest.raises(ValueError, match=r"not unique|no unique mode"):
        symbolic_mode(-((theta**2 - 1) ** 2), theta, LINE)


def test_u_shaped_density_has_two_boundary_modes_so_no_unique_mode():
    # the boundary rule: an end where the density tends to +oo is a boundary mode, so two such ends tie
    f = -sp.log(p) / 2 - sp.log(1 - p) / 2
    search = find_modes(f, p, UNIT)
    assert search.status == "not unique" and set(search.modes) == {0, 1}
    assert search.endpoint_values == {0: sp.oo, 1: sp.oo}
    with pytest.raises(ValueError, match=r"no unique mode.*unbounded"):
        symbolic_mode(f, p, UNIT)


def test_unbounded_at_a_finite_end_and_at_infinity_has_no_mode():
    # log density -> +oo at 0 and as theta -> oo: one end is not a point, so there is no maximizer
    search = find_modes(-sp.log(theta) / 2 + theta, theta, sp.Interval.open(0, sp.oo))
    assert search.status == "does not exist" and set(search.supremum_at) == {0, sp.oo}


# the boundary rule is stated once (mapmath.modes) and followed by the Beta table (mapmath.beta)
BETA_SHAPES = [(sp.Rational(1, 2), sp.Rational(1, 2)), (sp.Rational(3, 10), sp.Rational(9, 10)), (1, 1),
               (sp.Rational(1, 2), 3), (1, 3), (3, sp.Rational(1, 2)), (3, 1), (1, sp.Rational(1, 2)),
               (sp.Rational(1, 2), 1), (13, 9), (2, 20)]


@pytest.mark.parametrize("a, b", BETA_SHAPES, ids=[f"Beta({a},{b})" for a, b in BETA_SHAPES])
def test_beta_mode_table_follows_the_boundary_rule_of_find_modes(a, b):
    from mapmath.beta import beta_mode_cases

    a, b = sp.sympify(a), sp.sympify(b)  # exact arithmetic in both
    search = find_modes((a - 1) * sp.log(p) + (b - 1) * sp.log(1 - p), p, UNIT)
    if search.status == "unique":
        assert beta_mode_cases(a, b) == search.mode
    else:
        assert search.status == "not unique"
        with pytest.raises(ValueError, match="no unique mode"):
            beta_mode_cases(a, b)


def test_decreasing_density_has_boundary_mode_at_zero():
    search = find_modes(3 * sp.log(1 - p), p, sp.Interval(0, 1))
    assert (search.status, search.kind, search.mode) == ("unique", "boundary", 0)


def test_flat_density_has_no_unique_mode():
    assert find_modes(sp.Integer(0) * p, p, UNIT).status == "not unique"
    with pytest.raises(ValueError, match="every point"):
        stationary_points(sp.Integer(3), p)


def test_supremum_at_infinity_means_no_mode():
    assert find_modes(theta, theta, sp.Interval(0, sp.oo)).status == "does not exist"


def test_flat_second_derivative_still_finds_quartic_mode():
    assert symbolic_mode(-(theta**4), theta, LINE) == 0


@settings(max_examples=30, deadline=None)
@given(A=st.integers(2, 40), B=st.integers(2, 40))
def test_symbolic_mode_of_beta_kernel_matches_scipy_numeric_maximization(A, B):
    m = symbolic_mode((A - 1) * sp.log(p) + (B - 1) * sp.log(1 - p), p, UNIT)
    res = optimize.minimize_scalar(lambda t: -stats.beta(A, B).logpdf(t), bounds=(0, 1), method="bounded",
                                   options={"xatol": 1e-12})
    assert float(m) == pytest.approx(res.x, abs=1e-6)
    assert m == sp.Rational(A - 1, A + B - 2)


# ---------------------------------------------------------------- numeric mode
@settings(max_examples=40, deadline=None)
@given(A=st.floats(1.05, 60), B=st.floats(1.05, 60))
def test_numeric_mode_of_beta_equals_closed_form_interior_mode(A, B):
    assert numeric_mode(stats.beta(A, B).logpdf, 0.0, 1.0) == pytest.approx((A - 1) / (A + B - 2), abs=1e-6)


@pytest.mark.parametrize("A, B, expected", [(1, 4, 0.0), (0.5, 4, 0.0), (3, 0.5, 1.0), (4, 1, 1.0)])
def test_numeric_mode_finds_boundary_modes(A, B, expected):
    assert numeric_mode(stats.beta(A, B).logpdf, 0.0, 1.0) == expected


def test_numeric_mode_of_gaussian_on_line_segment():
    assert numeric_mode(stats.norm(1.3, 0.2).logpdf, -5, 5) == pytest.approx(1.3, abs=1e-7)


def test_numeric_mode_rejects_bad_arguments():
    with pytest.raises(ValueError, match="low"):
        numeric_mode(np.log, 1.0, 0.0)
    with pytest.raises(TypeError, match="log_density"):
        numeric_mode(3.0, 0.0, 1.0)
    with pytest.raises(ValueError, match="grid_size"):
        numeric_mode(np.log, 0.0, 1.0, grid_size=2)
    with pytest.raises(ValueError, match="high"):
        numeric_mode(np.log, 0.0, float("inf"))
    with pytest.raises(ValueError, match="-inf"):
        numeric_mode(lambda t: -np.inf, 0.0, 1.0)


def test_mode_functions_reject_bad_arguments():
    with pytest.raises(TypeError, match="domain"):
        find_modes(sp.log(p), p, 3)
    with pytest.raises(TypeError, match="domain"):
        find_modes(sp.log(p), p, sp.Interval(1, 1))  # a single point is not an interval
    with pytest.raises(ValueError, match="domain must have low < high"):
        find_modes(sp.log(p), p, (1, 0))
    with pytest.raises(TypeError, match="theta must be a SymPy Symbol"):
        find_modes(sp.log(p), "p", UNIT)
    with pytest.raises(TypeError, match="log_density"):
        find_modes("log(p)", p, UNIT)  # a string is never sympified
    with pytest.raises(TypeError, match="log_density"):
        numeric_mode("log(p)", 0, 1, var=p)
    with pytest.raises(ValueError, match="substitute values"):
        numeric_mode(tau * sp.log(p), 0, 1, var=p)


# ---------------------------------------------------------------- fixed: a stationary point on a closed end
def test_stationary_point_on_a_closed_endpoint_is_counted_once():
    """Regression: x = 1 is both the stationary point and an end; the mode is unique, on the boundary."""
    search = find_modes(-((x - 1) ** 2), x, sp.Interval(0, 1))
    assert (search.status, search.kind, search.modes) == ("unique", "boundary", (1,))
    assert symbolic_mode(-((x - 1) ** 2), x, sp.Interval(0, 1)) == 1
    assert symbolic_mode(-(x**2), x, sp.Interval(0, 1)) == 0  # the same at the left end


def test_pairs_mean_open_intervals_with_the_same_modes():
    assert symbolic_mode(3 * sp.log(1 - p), p, (0, 1)) == 0  # supremum at the open end 0 counts
    assert symbolic_mode(12 * sp.log(p) + 8 * sp.log(1 - p), p, ("0", "1")) == sp.Rational(3, 5)


# ---------------------------------------------------------------- symbolic parameters
def test_symbolic_parameters_give_the_unique_stationary_point():
    k, n = sp.symbols("k n", positive=True)
    search = find_modes(k * sp.log(p) + (n - k) * sp.log(1 - p), p, UNIT)
    assert search.status == "unique" and search.kind == "interior"
    assert sp.simplify(search.mode - k / n) == 0
    assert density_mode(p**k * (1 - p) ** (n - k), p, UNIT) == k / n


def test_symbolic_parameters_with_two_candidate_maxima_are_undecided():
    c = sp.Symbol("c", real=True)
    search = find_modes(-((theta**2 - c) ** 2), theta, LINE)
    assert search.status == "undecided"
    with pytest.raises(ValueError, match="no unique mode"):
        _ = search.mode


def test_symbolic_parameters_with_only_minima_are_undecided():
    c = sp.Symbol("c", positive=True)
    search = find_modes(c * theta**2, theta, LINE)
    assert search.status == "undecided" and "minima" in search.reason


def test_density_mode_takes_a_density_and_symbolic_mode_its_log():
    lam = sp.Symbol("lam", positive=True)
    assert density_mode(lam**3 * sp.exp(-2 * lam), lam, (0, sp.oo)) == sp.Rational(3, 2)
    assert symbolic_mode(3 * sp.log(lam) - 2 * lam, lam, (0, sp.oo)) == sp.Rational(3, 2)


def test_density_mode_drops_the_bars_of_a_one_signed_absolute_value_only():
    """``log sqrt(a^2)`` expands to ``log |a|``: the bars go where ``a`` is shown positive or negative
    (here on its factored form), and stay where its sign changes; the mode is the same either way."""
    from mapmath.modes import _signed_abs_removed

    sig = sp.exp(theta) / (1 + sp.exp(theta))
    positive = sig - sig**2  # = e^θ/(1 + e^θ)^2 > 0, which SymPy sees only once factored
    assert _signed_abs_removed(sp.log(sp.Abs(positive))) == sp.log(positive)
    assert _signed_abs_removed(sp.log(sp.Abs(sig**2 - sig))) == sp.log(sig - sig**2)  # negative inside
    assert _signed_abs_removed(sp.log(sp.Abs(theta - 1))) == sp.log(sp.Abs(theta - 1))
    # a Beta(8, 4) posterior carried to the log-odds, over sqrt of the squared Jacobian: the likelihood
    density = sig**8 * (1 - sig) ** 4 / sp.sqrt(positive**2)
    assert density_mode(density, theta, LINE) == sp.log(sp.Rational(7, 3))  # σ = 7/10


@pytest.mark.parametrize("f, end", [
    (7 * theta + 3 * sp.log(1 - sp.exp(theta) / (1 + sp.exp(theta))) - 7 * sp.log(1 + sp.exp(theta)), sp.oo),
    (2 * theta - sp.log(1 + sp.exp(theta)), sp.oo),  # rate 2 - 1 > 0: +oo
    (3 * theta + 2 * sp.log(1 + sp.exp(-theta)), -sp.oo),  # rate 3 - 2 > 0 at -oo: -oo
    (theta - sp.log(1 + sp.exp(theta)), sp.oo),  # rate 0: left to sympy.limit (0)
    (theta / 2 - sp.log(1 + sp.exp(theta)), -sp.oo),  # the terms' limits decide
])
def test_end_limit_of_a_sum_by_its_terms_or_their_rates_is_sympys_limit(f, end):
    """The ends of a sum ``oo - oo`` at an infinite end are decided by the terms' linear rates when
    these do not cancel (mapmath.modes._end_limit): the same limit as SymPy's, found much faster."""
    from mapmath.modes import _end_limit

    direction = "-" if end == sp.oo else "+"
    assert _end_limit(f, theta, end, direction) == sp.limit(f, theta, end, direction)


# ---------------------------------------------------------------- symbolic and numeric agree
CASES = [
    # (name, log density in theta, domain, numeric search interval, expected status)
    ("Beta(13, 9) interior", 12 * sp.log(theta) + 8 * sp.log(1 - theta), sp.Interval.open(0, 1), (0, 1), "unique"),
    ("Beta(1, 4) boundary at 0", 3 * sp.log(1 - theta), sp.Interval(0, 1), (0, 1), "unique"),
    ("Beta(3, 1/2) unbounded at 1", 2 * sp.log(theta) - sp.log(1 - theta) / 2, sp.Interval.open(0, 1), (0, 1),
     "unique"),
    ("Gaussian on a segment", -((theta - sp.Rational(13, 10)) ** 2) * 25 / 2, sp.Interval(-5, 5), (-5, 5), "unique"),
    ("stationary point on the end", -((theta - 1) ** 2), sp.Interval(0, 1), (0, 1), "unique"),
    ("Gamma(4, 2)", 3 * sp.log(theta) - 2 * theta, sp.Interval.open(0, sp.oo), (0, 20), "unique"),
    ("quartic, flat second derivative", -(theta**4), LINE, (-3, 3), "unique"),
    ("asymmetric double well", -((theta**2 - 1) ** 2) + theta / 10, LINE, (-3, 3), "unique"),
    ("symmetric double well", -((theta**2 - 1) ** 2), LINE, (-3, 3), "not unique"),
    ("flat", 0 * theta, sp.Interval(0, 1), (0, 1), "not unique"),
    ("U-shaped Beta(1/2, 1/2)", -sp.log(theta) / 2 - sp.log(1 - theta) / 2, sp.Interval.open(0, 1), (0, 1),
     "not unique"),
    ("increasing on [0, oo)", theta - sp.log(1 + theta), sp.Interval(0, sp.oo), (0, 50), "does not exist"),
]


@pytest.mark.parametrize("name, ell, domain, bounds, status", CASES, ids=[c[0] for c in CASES])
def test_symbolic_and_numeric_mode_agree(name, ell, domain, bounds, status):
    search = find_modes(ell, theta, domain)
    assert search.status == status, search.reason
    numeric = numeric_mode(ell, *bounds, var=theta)
    if status == "unique":
        assert numeric == pytest.approx(float(search.mode), abs=1e-6)
        # the same search from a plain Python callable
        f = sp.lambdify(theta, ell, modules="mpmath")
        assert numeric_mode(lambda t: float(f(t)), *bounds) == pytest.approx(float(search.mode), abs=1e-6)
    elif status == "not unique" and search.modes:
        assert min(abs(numeric - float(m)) for m in search.modes) < 1e-6  # one of the tied maxima
    elif status == "does not exist":
        # no mode: the numeric search returns where the supremum is approached inside the search interval
        assert numeric in bounds


def test_supremum_not_attained_is_reported_with_where_it_is_approached():
    search = find_modes(theta - sp.log(1 + theta), theta, sp.Interval(0, sp.oo))
    assert search.status == "does not exist" and search.supremum_at == (sp.oo,)
    with pytest.raises(ValueError, match="approached only at oo"):
        _ = search.mode


# ---------------------------------------------------------------- the numeric search
def test_maximize_on_grid_keeps_an_exact_endpoint_and_refines_an_interior_peak():
    grid = np.linspace(0.0, 1.0, 11)
    assert maximize_on_grid(lambda t: -t, grid) == 0.0
    assert maximize_on_grid(lambda t: -((t - 0.33) ** 2), grid) == pytest.approx(0.33, abs=1e-9)


def test_local_maxima_sorted_by_height():
    def f(t):
        return stats.norm.pdf(t, -1, 0.3) * 0.3 + stats.norm.pdf(t, 2, 0.5)

    found = local_maxima(f, -4, 5)
    assert found.size == 2 and found[0] == pytest.approx(2, abs=1e-4) and found[1] == pytest.approx(-1, abs=1e-3)


def test_numeric_mode_of_a_sympy_density_far_in_the_tail_does_not_overflow():
    eta = sp.Symbol("eta", real=True)
    ell = 700 * eta - 1000 * sp.log(1 + sp.exp(eta))  # log of sigma(eta)^700 (1 - sigma(eta))^300
    assert numeric_mode(ell, -10, 10, var=eta) == pytest.approx(math.log(7 / 3), abs=1e-7)


# ---------------------------------------------------------------- one engine
MATHS = Path(mapmath.__file__).parent
# sp.solve outside mapmath.modes, for something that is not a 1-D mode: ridge's stationarity is a
# linear system in the vector w; sklearn_mapping solves for scikit-learn's alpha; logistic_predictive
# for the probit scale that matches the logistic function's slope.
NOT_A_MODE = {"ridge.py", "sklearn_mapping.py", "logistic_predictive.py",
              "normal_inverse_gamma.py"}  # (the last matches coefficients of a conjugate update)


def _calls(path: Path) -> set[str]:
    """Called names, qualified by a module alias when there is one (``sp.solve``, ``optimize.minimize_scalar``)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Attribute):
                names.add(f.attr)
                if isinstance(f.value, ast.Name):
                    names.add(f"{f.value.id}.{f.attr}")
            elif isinstance(f, ast.Name):
                names.add(f.id)
    return names


def test_only_the_modes_module_runs_a_scalar_optimizer():
    users = sorted(str(f.relative_to(MATHS)) for f in MATHS.rglob("*.py")
                   if _calls(f) & {"minimize_scalar", "fminbound", "brent", "golden"})
    assert users == ["modes.py"]


def test_only_the_modes_module_solves_for_stationary_points():
    users = sorted(str(f.relative_to(MATHS)) for f in MATHS.rglob("*.py")
                   if _calls(f) & {"sp.solve", "sympy.solve", "sp.solveset", "sp.nsolve"}
                   and f.name not in NOT_A_MODE)
    assert users == ["modes.py"]


def test_former_mode_finders_are_gone():
    for old in ("reparam.py", "summaries.py"):  # split into one idea each
        assert not (MATHS / old).exists()
    from mapmath import laplace_approx, posterior

    for module in (posterior, laplace_approx):
        for name in ("find_modes", "symbolic_mode", "numeric_mode", "stationary_points", "mode"):
            assert not hasattr(module, name) or getattr(module, name).__module__ == "mapmath.modes"


def test_no_maths_module_imports_plotting():
    for f in MATHS.rglob("*.py"):
        if f.name == "plotting.py":
            continue
        tree = ast.parse(f.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert node.module is None or "plotting" not in node.module, f
