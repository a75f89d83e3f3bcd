import numpy as np
import pytest
import sympy as sp

from mapmath.display import glue, latex


def test_latex_writes_variance_symbols_as_squares_whatever_their_assumptions():
    s2, t2 = sp.Symbol("sigma2", positive=True), sp.Symbol("tau2")
    assert latex(s2 / t2) == r"\frac{\sigma^2}{\tau^2}"
    assert latex(sp.Symbol("x") + 1) == "x + 1"


@pytest.mark.parametrize("value", [np.nan, np.inf, None, True, [1.0], sp.Symbol("x"), sp.oo, sp.nan])
def test_glue_rejects_what_is_not_a_finite_number_or_a_string(value):
    with pytest.raises((TypeError, ValueError), match="value"):
        glue("k", value)


@pytest.mark.parametrize("name", ["", None, 3])
def test_glue_rejects_a_bad_name(name):
    with pytest.raises(TypeError, match="name"):
        glue(name, 1.0)


def _recorded(monkeypatch):
    """Capture what mapmath.display.glue records."""
    import mapmath.display

    seen = {}
    monkeypatch.setattr(mapmath.display, "_myst_glue", lambda name, value, display=True: seen.__setitem__(name, value))
    return seen


@pytest.mark.parametrize("value", [0.5909090909, 7, "3/5"])
@pytest.mark.parametrize("display", [False, True])
def test_glue_records_what_myst_nb_glue_records(monkeypatch, value, display):
    """The book's glue writes myst-nb's record itself (without importing nbformat): same output."""
    import IPython.display
    import myst_nb
    import myst_nb.ext.glue

    import mapmath.display

    outputs = []
    monkeypatch.setattr(IPython.display, "display", lambda *a, **k: outputs.append((a, k)))
    monkeypatch.setattr(myst_nb.ext.glue, "ipy_display", lambda *a, **k: outputs.append((a, k)))
    myst_nb.glue("k", value, display=display)
    mapmath.display.glue("k", value, display=display)
    assert len(outputs) == 2 and outputs[0] == outputs[1]


def test_glued_floats_keep_ten_significant_digits_so_the_text_is_the_same_on_every_machine(monkeypatch):
    from mapmath.display import glue

    seen = _recorded(monkeypatch)
    glue("a", 36.85471330996927, display=False)  # the same result, computed on two processors
    glue("b", 36.854713306549854, display=False)
    glue("c", np.float64(1.985694928707815e-05), display=False)
    glue("d", "3/5", display=False)
    assert seen["a"] == seen["b"] == 36.85471331
    assert seen["c"] == 1.985694929e-05 and seen["d"] == "3/5"


def test_glue_takes_sympy_numbers_as_the_prose_writes_them(monkeypatch):
    seen = _recorded(monkeypatch)
    glue("int", sp.Integer(10))
    glue("frac", sp.Rational(13, 22))
    glue("log", sp.log(2))
    glue("np_int", np.int64(7))
    assert seen == {"int": 10, "frac": 0.5909090909, "log": 0.6931471806, "np_int": 7}
    assert type(seen["int"]) is int and type(seen["np_int"]) is int


def test_glue_bound_floor_keeps_round_off_text_machine_independent(monkeypatch):
    from mapmath.display import glue_bound

    seen = _recorded(monkeypatch)
    glue_bound("zero", 0.0, floor=1e-12)
    glue_bound("tiny", 3e-17, floor=1e-12)
    glue_bound("big", 3e-9, floor=1e-12)
    assert seen == {"zero": 1e-12, "tiny": 1e-12, "big": pytest.approx(1e-8)}
    with pytest.raises(ValueError, match="floor"):
        glue_bound("k", 1.0, floor=-1.0)


@pytest.mark.parametrize("value, bound", [(8.66e-14, 1e-13), (8.64e-14, 1e-13), (4.4e-16, 1e-15), (1e-12, 1e-12),
                                          (-3e-9, 1e-8), (0.0, 0.0)])
def test_glue_bound_glues_the_smallest_power_of_ten_not_below_the_value(monkeypatch, value, bound):
    from mapmath.display import glue_bound

    seen = _recorded(monkeypatch)
    glue_bound("k", value)
    assert seen["k"] == pytest.approx(bound, rel=1e-12) and seen["k"] >= abs(value)


def test_glue_without_myst_nb_records_nothing_and_displays_only_when_asked(monkeypatch, capsys):
    import builtins

    from mapmath.display import glue

    real_import = builtins.__import__

    def no_myst_nb(name, *args, **kwargs):
        if name.startswith("myst_nb"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_myst_nb)
    assert glue("k", 0.5) is None
    assert capsys.readouterr().out == ""
    glue("k", 0.5, display=True)
    assert "0.5" in capsys.readouterr().out


def test_latex_writes_transpose_and_identity_in_the_books_notation():
    X, w = sp.MatrixSymbol("X", 5, 3), sp.MatrixSymbol("w", 3, 1)
    lam = sp.Symbol("lambda", positive=True)
    assert latex(lam * sp.Identity(3) + X.T * X) == r"\lambda I + X^{\top} X"
    assert latex((X * w).T) == r"w^{\top} X^{\top}"
    assert "^{T}" not in latex((X * w - X * w).T * X) and r"\mathbb{I}" not in latex(sp.Identity(2))


@pytest.mark.parametrize("name", ["tau2", "tau_2"])
def test_latex_writes_tau_squared_not_tau_sub_2(name):
    assert latex(sp.Symbol(name, positive=True)) == r"\tau^2"
    assert r"\tau_{2}" not in latex(1 / sp.Symbol(name) + sp.Symbol("sigma_2"))


def test_latex_lines_breaks_a_long_sum_at_its_terms():
    from mapmath.display import latex_lines

    x, y, t2 = sp.symbols("x y tau2", positive=True)
    text = latex_lines("J", x**2 - y + 3 * x + t2, terms_per_line=2)
    assert text.startswith(r"\begin{aligned} J &= ") and text.endswith(r"\end{aligned}")
    assert text.count(r"\\") == 1 and r"\tau^2" in text
    assert "- y" in text and "+ -" not in text
    with pytest.raises(ValueError, match="terms_per_line"):
        latex_lines("J", x + y, terms_per_line=0)
    # a string is read by the safe parser, as latex() does, never by sympify
    assert latex_lines("J", "x + y") == r"\begin{aligned} J &= x + y \end{aligned}"
    with pytest.raises(ValueError):
        latex_lines("J", "__import__('os')")
