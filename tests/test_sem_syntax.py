"""The lavaan-syntax whitelist parser, identification checks and data checks."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from research.errors import OptionError
from research.sem import build_partable, fit_sem, parse_model
from research.sem.expressions import evaluate_value

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"
SAFE_SEMOPY = re.compile(r"\A(?:[A-Za-z_][A-Za-z0-9_.]* (?:=~|~~|~) "
                         r"(?:(?:-?[0-9.]+|[A-Za-z_][A-Za-z0-9_.]*)\*)?[A-Za-z][A-Za-z0-9_.]*"
                         r"(?: \+ (?:(?:-?[0-9.]+|[A-Za-z_][A-Za-z0-9_.]*)\*)?[A-Za-z][A-Za-z0-9_.]*)*\n)+\Z")


# ------------------------------------------------------------------ accepted syntax
def test_reference_models_parse(reference):
    hs = parse_model(reference("holzinger1939")["model_syntax"])
    assert hs.measurement == {"visual": ("x1", "x2", "x3"), "textual": ("x4", "x5", "x6"),
                              "speed": ("x7", "x8", "x9")}
    assert hs.latent == ["visual", "textual", "speed"]
    assert hs.observed == [f"x{i}" for i in range(1, 10)]
    assert hs.exogenous == ["visual", "textual", "speed"]

    pdm = parse_model(reference("political_democracy")["model_syntax"])
    assert pdm.regressions == {"dem60": ("ind60",), "dem65": ("ind60", "dem60")}
    assert pdm.covariances == (("y1", "y5"), ("y2", "y4"), ("y2", "y6"), ("y3", "y7"), ("y4", "y8"),
                               ("y6", "y8"))
    assert pdm.labels == {("dem60", "~", "ind60"): "a", ("dem65", "~", "ind60"): "c",
                          ("dem65", "~", "dem60"): "b"}
    assert [(d.name, d.text) for d in pdm.defined] == [("indirect", "a*b"), ("total", "c+a*b")]
    assert pdm.endogenous == [f"y{i}" for i in range(1, 9)][:0] + ["x1", "x2", "x3"] + \
        [f"y{i}" for i in range(1, 9)] + ["dem60", "dem65"]
    assert pdm.exogenous == ["ind60"]


def test_to_semopy_is_safe_and_complete(reference):
    spec = parse_model(reference("political_democracy")["model_syntax"])
    text = spec.to_semopy()
    assert ":=" not in text and "CONSTRAINT" not in text.upper().replace("_", "")
    assert SAFE_SEMOPY.match(text), text
    assert "ind60 =~ 1*x1 + x2 + x3" in text
    assert "dem65 ~ c*ind60 + b*dem60" in text
    import semopy
    model = semopy.Model(text)          # semopy accepts it
    assert {"a", "b", "c"} <= set(model.parameters)


def test_modifiers_continuations_and_separators():
    spec = parse_model("""
        ! a comment in lavaan's other style
        f =~ NA*x1 + 0.8*x2 +     # continues
             lam*x3 + -1*x4
        f ~~ 1*f; y ~ b1*f
        y ~~ 1e-2*y
        d := -(b1 - 2) / (lam*3)
    """)
    st_ = {(s.lhs, s.op, s.rhs): s for s in spec.statements}
    assert st_[("f", "=~", "x1")].free
    assert st_[("f", "=~", "x2")].fixed == 0.8
    assert st_[("f", "=~", "x3")].label == "lam"
    assert st_[("f", "=~", "x4")].fixed == -1.0
    assert st_[("y", "~~", "y")].fixed == 0.01
    assert spec.fixed[("f", "~~", "f")] == 1.0
    assert evaluate_value(spec.defined[0].expr, {"b1": 0.5, "lam": 2.0}) == pytest.approx(-(0.5 - 2) / 6)
    text = spec.to_semopy()
    assert "e" not in re.sub(r"[A-Za-z_][A-Za-z0-9_.]*", "", text)     # numbers never in exponent form
    assert SAFE_SEMOPY.match(text), text
    assert text.startswith("f =~ x1 + 0.8*x2 + lam*x3 + -1*x4\n")   # semopy keeps x1 free: x2 is fixed
    free = parse_model("f =~ NA*x1 + x2 + x3\nf ~~ 1*f").to_semopy()
    assert free.startswith("f =~ _p1*x1 + _p2*x2 + _p3*x3\n")     # names stop semopy fixing one
    import semopy
    model = semopy.Model(free)
    assert {"_p1", "_p2", "_p3"} <= set(model.parameters)


def test_partable_defaults_like_lavaan():
    pt = build_partable("f1 =~ a + b + c\nf2 =~ d + e + g\ns =~ h\ny1 ~ f1\ny2 ~ f2 + x\nf1 ~~ 0*f2")
    rows = {(r.lhs, r.op, r.rhs): r for r in pt.rows}
    assert rows[("f1", "=~", "a")].value == 1.0 and rows[("f1", "=~", "a")].free == 0
    assert rows[("h", "~~", "h")].value == 0.0           # single indicator: residual fixed to 0
    assert rows[("f1", "~~", "f2")].value == 0.0         # the user's fixed covariance wins
    assert rows[("y1", "~~", "y2")].free                 # auto.cov.y
    assert rows[("x", "~~", "x")].exo                    # fixed.x covariate
    assert pt.ov_x == ("x",)
    assert pt.df == pt.n_moments - pt.npar


# ------------------------------------------------------------------ hostile text
SENTINEL = "sem_syntax_sentinel.txt"
HOSTILE = [
    "x =~ __import__('os').system('touch {s}')",
    'a := exec("open(\'{s}\', \'w\')")',
    "y ~ x; import os",
    "y ~ x\nimport os; os.system('touch {s}')",
    "f =~ `x1` + x2",
    "f =~ x1 + x2\nd := __import__",
    "f := lambda: open('{s}', 'w')",
    "f =~ x1 + x2\nd := (lambda: 0)()",
    "f =~ eval(x1)",
    "f =~ x1; CONSTRAINT('a > 0')",
    "f =~ x1\nconstraint: a = __import__('os').system('id')",
    "f =~ x1 + x2\nSTART(1) f",
    "f =~ x1 + x2\nd := a.__class__",
    "f =~ x1 + x2\nd := [a for a in ()]",
    "ｆ =~ x1 + x2",                      # full-width letter
    "f ＝~ x1 + x2",                      # full-width equals sign
    "f =~ x1 ＋ x2",
    "f =~ x1 + x2\u200b",                 # zero-width space
    "f =~ x1 + x\u202e2",                 # right-to-left override
    "f =~ x1 + x2\x00",
    "f =~ x1 + х2",                       # Cyrillic x
    "f =~ x1 + x2\nd := a ** 2",
    "f =~ x1 + x2\nd := a ^ 2",
    "f =~ x1 + x2 {{}}",
    "f =~ x1 + x2 $HOME",
    "f =~ x1\\\n+ x2",
    "f =~ x1 + 'x2'",
    "f =~ x1 + x2\nf ~ 2",
    "y ~ x\ny == x",
    "f =~ a*x1 + x2\na == __import__",
    "f =~ a*x1 + x2\na > b",
    "f =~ a*x1 + x2\n3 == 4",
    "f =~ a*x1 + x2\na = 1",
    "f =~ a*x1 + x2\na <= 1",
    "f =~ start('x')*x1 + x2",
    "f =~ c(a, 'b')*x1 + x2",
    "f =~ equal('__import__(\"os\")')*x1 + x2",
    "f =~ equal('a; b')*x1 + x2",
    "f =~ equal('nothing')*x1 + x2",
    "f =~ label('x y')*x1 + x2",
    "f =~ label(a)*x1 + x2",
    "f =~ a*b*x1 + x2",
    "f =~ 1*2*x1 + x2",
    "f =~ start(1)*start(2)*x1 + x2",
    "f =~ c(a, b)*x1 + c(a)*x2",
    "f =~ max(1)*x1 + x2",
    "f =~ label('NA')*x1 + x2",
    "f =~ x1 + b*equal('f=~x1')*x2 + x3",
    "f =~ 1e400*x1 + x2",
    "f =~ a*x1 + x2\na == 1e400",
    "f =~ a*x1 + x2\nd := 1e999 * a",
    "f =~ a*x1 + x2\na == " + "+".join(["a"] * 1200),
    "x1 ~~ 'x2'",
    "f <~ x1 + x2",
    "x1 | t1",
    "f =~ x1 + x2 + x1",
    "x1 ~~ x2\nx2 ~~ x1",
    "f =~ f",
    "y ~ y",
    "f =~ x1 + x2\nf := a",
    "f =~ a*x1 + b*x2\nd := a*b*zz",
    "f =~ x1 + x2\nx1 := 1",
    "f =~ x1 +",
    "=~ x1 + x2",
    "f =~",
    "",
    "   \n # nothing \n ! nothing",
    "f = x1 + x2",
    "f =~ x1 + + x2",
    "f =~ 2*3*x1",
    "f =~ NA",
    "NA =~ x1 + x2",
    "f =~ x1 + x2\nd := " + "(" * 200 + "1" + ")" * 200,
    "f =~ " + " + ".join(f"x{i}" for i in range(30000)),
    12345,
    None,
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_rejected_without_evaluation(text, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    if isinstance(text, str):
        text = text.replace("{s}", SENTINEL).replace("{{}}", "{}")
    with pytest.raises(OptionError) as info:
        parse_model(text)
    err = info.value
    assert err.key == "option_invalid" and err.params["option"] == "model"
    for lang in ("en", "zh-Hans", "zh-Hant"):
        msg = err.message(lang)
        assert msg and not re.search(r"\{(fix_en|fix_zh|fix_zh_hant|detail|option)\}", msg)
        assert "\x00" not in msg and len(msg) < 1000
    assert not (tmp_path / SENTINEL).exists()


def test_error_names_the_line():
    with pytest.raises(OptionError) as info:
        parse_model("f =~ x1 + x2 + x3\n\ny ~ f\ny ~ x; import os")
    assert info.value.params["detail"].startswith('line 4: "import os"')


_ALPHABET = st.sampled_from(list("fxyab12 \n\t=~+*-/().:;#!'\"`_NA{}[]<>|,^@$%&\\") +
                            ["\u200b", "＝", "ｘ", "é", "\x00", "__import__", "os", "eval", "exec",
                             "lambda", "=~", "~~", ":=", "NA*", "1*", "a*"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_fuzz_only_option_errors_and_safe_semopy_text(text):
    try:
        spec = parse_model(text)
        out = spec.to_semopy()          # builds the parameter table, which may refuse too
    except OptionError:
        return
    assert SAFE_SEMOPY.match(out), (text, out)


def test_semopy_sympy_path_never_reached(monkeypatch, reference):
    """A full fit with labels and := never calls sympy's parse_expr (semopy's constraint parser)."""
    import semopy.constraints
    import sympy.parsing.sympy_parser

    def boom(*args, **kwargs):
        raise AssertionError("sympy parse_expr reached")

    monkeypatch.setattr(sympy.parsing.sympy_parser, "parse_expr", boom)
    monkeypatch.setattr(semopy.constraints, "parse_expr", boom)
    ref = reference("political_democracy")
    res = fit_sem(ref["model_syntax"] + "\nb > 0\na == a", pd.read_csv(REFERENCE / "political_democracy.csv"),
                  start="semopy")
    assert res.converged and res.optimizer["start"] == "semopy"


# ------------------------------------------------------------------ identification & data
@pytest.fixture(scope="module")
def hs_data():
    return pd.read_csv(REFERENCE / "holzinger1939.csv")


def test_under_identified_says_how_many(hs_data):
    """lavaan fits a model with df < 0 and warns; so do we: one of its many solutions, SEs withheld, χ² and
    the measures built on it missing (lavaan 0.6-14: df −1, chisq NA, logl −935.0332)."""
    res = fit_sem("f =~ x1 + x2", hs_data)       # 4 parameters, 3 moments
    assert res.converged and res.fit["df"] == -1 and np.isnan(res.fit["chisq"]) and np.isnan(res.fit["cfi"])
    assert res.fit["logl"] == pytest.approx(-935.0332, abs=1e-4)
    w = next(w for w in res.warnings if w.code == "not_identified")
    en = w.en
    assert "under-identified" in en and "4 free parameters" in en and "3 variances and covariances" in en
    assert "Add indicators" in en and "fix parameters" in en
    assert "4 个自由参数" in w.zh_hans and "3 个方差和协方差" in w.zh_hans
    assert "識別不足" in w.zh_hant
    assert "information_singular" in res.warning_codes
    assert np.isnan(res.parameters.set_index(["lhs", "op", "rhs"]).loc[("f", "=~", "x2"), "se"])
    from research.sem.partable import build_partable, check_identification
    with pytest.raises(OptionError) as info:           # where an unidentified model is an input error
        check_identification(build_partable("f =~ x1 + x2"))
    assert info.value.params["detail"] == "df = 3 - 4 = -1"


def test_unknown_variable_is_named(hs_data):
    with pytest.raises(OptionError) as info:
        fit_sem("f =~ x1 + x2 + x3 + x99\ng =~ x4 + x5 + zz", hs_data)
    assert '"x99", "zz"' in info.value.params["detail"]
    assert "x99, zz" in info.value.message("en") and "x99, zz" in info.value.message("zh-Hans")


def test_single_indicator_needs_fixed_residual(hs_data):
    ok = fit_sem("f =~ x1 + x2 + x3\ns =~ x7\ns ~ f", hs_data, start="simple")
    assert ok.parameters.set_index(["lhs", "op", "rhs"]).loc[("x7", "~~", "x7"), "est"] == 0.0
    res = fit_sem("f =~ x1 + x2 + x3\ns =~ x7\ns ~ f\nx7 ~~ x7", hs_data)
    w = next(w for w in res.warnings if w.code == "not_identified")
    assert "single indicator" in w.en and "information_singular" in res.warning_codes


def test_latent_without_scale(hs_data):
    res = fit_sem("f =~ NA*x1 + x2 + x3", hs_data)
    texts = [w.en for w in res.warnings if w.code == "not_identified"]
    assert any("no scale" in t and "f ~~ 1*f" in t for t in texts)
    res = fit_sem("f =~ NA*x1 + x2 + x3\nf ~~ 1*f", hs_data, start="simple")
    assert res.converged and res.fit["df"] == 0 and "not_identified" not in res.warning_codes


def test_bad_data_and_options(hs_data):
    bad = hs_data.assign(x1=hs_data["x1"].astype(str))
    with pytest.raises(OptionError, match="not numeric"):
        fit_sem("f =~ x1 + x2 + x3", bad)
    const = hs_data.assign(x2=1.0)
    with pytest.raises(OptionError, match="no variance"):
        fit_sem("f =~ x1 + x2 + x3", const)
    dup = hs_data.assign(x3=hs_data["x1"] + hs_data["x2"])
    with pytest.raises(OptionError, match="singular"):
        fit_sem("f =~ x1 + x2 + x3", dup)
    with pytest.raises(OptionError, match="MLR"):
        fit_sem("f =~ x1 + x2 + x3", hs_data, estimator="GLS")
    with pytest.raises(OptionError, match="DataFrame"):
        fit_sem("f =~ x1 + x2 + x3", hs_data.to_numpy())
    with pytest.raises(OptionError, match="more rows"):
        fit_sem("f =~ x1 + x2 + x3", hs_data.head(3))


def test_listwise_deletion_is_reported(hs_data):
    res = fit_sem("f =~ x1 + x2 + x3\nf ~ grade", hs_data, start="simple")
    assert res.n == 300 and "listwise_deleted" in res.warning_codes


# ------------------------------------------------------------------ warnings
def _exact(cov, n, names, seed=0):
    rng = np.random.default_rng(seed)
    Z = rng.standard_normal((n, len(cov)))
    Z -= Z.mean(0)
    L = np.linalg.cholesky(np.cov(Z, rowvar=False, bias=True))
    Z = Z @ np.linalg.inv(L).T @ np.linalg.cholesky(cov).T
    return pd.DataFrame(Z, columns=names)


def test_heywood_case_is_not_silent():
    cov = np.array([[1, .8, .8], [.8, 1, .5], [.8, .5, 1]])
    res = fit_sem("f =~ a + b + c", _exact(cov, 200, ["a", "b", "c"]))
    assert res.converged
    assert {"negative_variance", "std_above_one"} <= set(res.warning_codes)
    est = res.parameters.set_index(["lhs", "op", "rhs"])["est"]
    assert est[("a", "~~", "a")] == pytest.approx(-0.28, abs=1e-8)     # closed form: 1 − .8·.8/.5
    w = [w for w in res.warnings if w.code == "negative_variance"][0]
    assert "a" in w.en and "Heywood" in w.zh_hans and " / " in str(w)
    assert res.fit["df"] == 0 and res.fit["cfi"] == 1.0 and res.fit["rmsea"] == 0.0


def test_empirical_underidentification_flags_information():
    cov = np.eye(4)
    cov[0, 1] = cov[1, 0] = cov[2, 3] = cov[3, 2] = 0.5
    res = fit_sem("f1 =~ x1 + x2\nf2 =~ x3 + x4", _exact(cov, 300, ["x1", "x2", "x3", "x4"]))
    assert "information_singular" in res.warning_codes


def test_a_threshold_line_says_wlsmv_estimates_the_thresholds():
    """lavaan's 'x | t1 + t2' is refused naming the line, in three languages: WLSMV/ULSMV with the item ordered
    estimates its thresholds freely, so the line is to be removed."""
    with pytest.raises(OptionError) as info:
        parse_model("F =~ a + b + c\na | t1 + t2 + t3 + t4")
    e = info.value
    assert 'line 2: "a | t1 + t2 + t3 + t4"' in e.message("en")
    assert "WLSMV" in e.message("en") and "--ordered" in e.message("en") and "remove the line" in e.message("en")
    assert "请删除这一行" in e.message("zh-Hans") and "請刪除這一行" in e.message("zh-Hant")
    # the line in the message's language
    assert '第 2 行：“a | t1 + t2 + t3 + t4”' in e.message("zh-Hans") and "line 2" not in e.message("zh-Hans")
    assert '第 2 行：「a | t1 + t2 + t3 + t4」' in e.message("zh-Hant") and "line 2" not in e.message("zh-Hant")
