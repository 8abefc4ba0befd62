"""Entropy, CRITIC, CV and combined weights (research.evaluation.weights) against ../shared/reference/mcda and
hand-computed cases.  Tolerances follow the printed digits: 4-dp published weights → 5e-5, 6-dp → 5e-7;
full-precision recomputations in mcda_check_results.json → 1e-12."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from conftest import SHARED

from research.errors import DataError, OptionError
from research.evaluation.weights import combine_weights, critic_weights, cv_weights, entropy_weights

MCDA = SHARED / "reference" / "mcda"
EXAMPLES = {ex["id"]: ex for ex in json.loads((MCDA / "entropy_topsis_examples.json").read_text("utf-8"))
            ["entropy_weight"]}
CHECK = json.loads((MCDA / "mcda_check_results.json").read_text("utf-8"))["entropy_topsis"]["entropy_weight"]


@pytest.mark.parametrize("key", ["xu2004", "zavadskas_podvezko2016", "elsayed2017"])
def test_entropy_raw_matches_published_and_recomputed(key):
    ex = EXAMPLES[key]
    res = entropy_weights(ex["matrix_alternatives_by_criteria"], ex.get("criterion_types"))
    tol = 0.5 * 10 ** -ex["decimals"]
    assert np.max(np.abs(res.weights.to_numpy() - ex["published_weights"])) < tol
    assert np.allclose(res.weights.to_numpy(), CHECK[key]["weights"], rtol=0, atol=1e-12)
    assert np.allclose(res.entropy.to_numpy(), CHECK[key]["entropy"], rtol=0, atol=1e-12)
    assert np.allclose(res.divergence.to_numpy(), 1 - np.asarray(CHECK[key]["entropy"]), atol=1e-12)
    assert res.variant == "raw" and res.shift == 0.0 and res.n_rows == len(ex["matrix_alternatives_by_criteria"])
    assert res.weights.sum() == pytest.approx(1.0, abs=1e-12)


def test_entropy_direction_normalised_trap_zavadskas_podvezko():
    ex = EXAMPLES["zavadskas_podvezko2016"]
    x, types = ex["matrix_alternatives_by_criteria"], ex["criterion_types"]
    norm = entropy_weights(x, types, variant="direction_normalised")
    # README: "0.2518, 0.2584, 0.2182, 0.2716 instead of the published 0.1146, 0.1981, 0.4185, 0.2689"
    assert np.max(np.abs(norm.weights.to_numpy() - [0.2518, 0.2584, 0.2182, 0.2716])) < 5e-5
    assert np.allclose(norm.weights.to_numpy(), CHECK["zavadskas_podvezko2016"]["minmax_variant_weights"], atol=1e-12)
    raw = entropy_weights(x, types)
    assert np.max(np.abs(raw.weights.to_numpy() - norm.weights.to_numpy())) > 0.15   # two different methods
    assert norm.directions == ("cost", "benefit", "cost", "benefit")
    t = norm.table()
    assert list(t.columns) == ["criterion", "direction", "entropy", "divergence", "weight", "method", "variant",
                               "shift"]
    assert set(t["variant"]) == {"direction_normalised"}


def test_entropy_shift_is_recorded_and_used():
    ex = EXAMPLES["zavadskas_podvezko2016"]
    x, types = np.asarray(ex["matrix_alternatives_by_criteria"], float), ex["criterion_types"]
    res = entropy_weights(x, types, variant="direction_normalised", shift=1e-4)
    lo, hi = x.min(0), x.max(0)
    z = (x - lo) / (hi - lo)
    z[:, [0, 2]] = ((hi - x) / (hi - lo))[:, [0, 2]]
    z = z + 1e-4
    p = z / z.sum(0)
    e = -(p * np.log(p)).sum(0) / np.log(4)             # no zero left after the shift
    assert np.allclose(res.entropy.to_numpy(), e, atol=1e-12)
    assert np.allclose(res.weights.to_numpy(), (1 - e) / (1 - e).sum(), atol=1e-12)
    assert res.shift == 1e-4 and res.to_dict()["shift"] == 1e-4


@pytest.mark.parametrize("variant", ["raw", "direction_normalised"])
def test_entropy_constant_column_gets_zero_and_leaves_others(variant):
    ex = EXAMPLES["xu2004"]
    x = np.asarray(ex["matrix_alternatives_by_criteria"], float)
    frame = pd.DataFrame(x, columns=["a", "b", "c", "d"])
    frame["flat"] = 7.0
    res = entropy_weights(frame, variant=variant)
    assert res.weights["flat"] == 0.0 and res.entropy["flat"] == 1.0
    assert res.constant == ("flat",)
    alone = entropy_weights(frame[["a", "b", "c", "d"]], variant=variant)
    assert np.allclose(res.weights[["a", "b", "c", "d"]].to_numpy(), alone.weights.to_numpy(), atol=1e-15)
    assert list(res.weights.index) == ["a", "b", "c", "d", "flat"]


def test_entropy_zero_cells_use_zero_log_zero():
    x = np.array([[0.0, 1.0], [2.0, 1.0], [2.0, 2.0]])
    res = entropy_weights(x)
    e0 = -(2 * 0.5 * np.log(0.5)) / np.log(3)           # p = (0, 0.5, 0.5), 0·ln 0 = 0
    q = np.array([0.25, 0.25, 0.5])
    e1 = -(q * np.log(q)).sum() / np.log(3)
    assert np.allclose(res.entropy.to_numpy(), [e0, e1], atol=1e-14)


def test_entropy_directions_as_mapping_and_errors():
    frame = pd.DataFrame({"price": [3.0, 2.5, 1.8, 2.2], "speed": [100, 80, 50, 70]})
    res = entropy_weights(frame, {"price": "cost"}, variant="direction_normalised")
    assert res.directions == ("cost", "benefit")
    with pytest.raises(OptionError):
        entropy_weights(frame, variant="minmax")
    with pytest.raises(OptionError):
        entropy_weights(frame, {"colour": "cost"})
    with pytest.raises(OptionError):
        entropy_weights(frame, ["cost"])
    with pytest.raises(OptionError):
        entropy_weights(frame, shift=0.01)                  # the shift belongs to the normalised variant
    with pytest.raises(OptionError):
        entropy_weights(frame, variant="direction_normalised", shift=-1)
    neg = frame.assign(speed=[100, -80, 50, 70])
    with pytest.raises(DataError) as err:
        entropy_weights(neg)
    assert err.value.column == "speed" and err.value.row == 2
    assert entropy_weights(neg, variant="direction_normalised").weights.sum() == pytest.approx(1)
    with pytest.raises(DataError) as err:
        entropy_weights(frame.assign(price=[3.0, None, 1.8, 2.2]))
    assert err.value.column == "price" and err.value.row == 2
    with pytest.raises(DataError) as err:
        entropy_weights(frame.assign(price=["3", "x", 1.8, 2.2]))
    assert err.value.row == 2
    with pytest.raises(DataError):
        entropy_weights([[1, 2], [1, 2]])                    # nothing varies
    with pytest.raises(DataError):
        entropy_weights([[1, 2]])                            # one row: ln 1 = 0
    for lang in ("en", "zh-Hans", "zh-Hant"):
        assert err.value.message(lang)


def _critic_by_hand(x, cost_columns=(), ddof=1):
    x = np.asarray(x, float)
    m, n = x.shape
    z = np.empty_like(x)
    for j in range(n):
        lo, hi = x[:, j].min(), x[:, j].max()
        z[:, j] = (hi - x[:, j]) / (hi - lo) if j in cost_columns else (x[:, j] - lo) / (hi - lo)
    mean = z.sum(0) / m
    dev = z - mean
    sigma = np.sqrt((dev ** 2).sum(0) / (m - ddof))
    r = np.empty((n, n))
    for j in range(n):
        for k in range(n):
            r[j, k] = (dev[:, j] * dev[:, k]).sum() / np.sqrt((dev[:, j] ** 2).sum() * (dev[:, k] ** 2).sum())
    c = sigma * (1 - r).sum(1)
    return sigma, r, c, c / c.sum()


def test_critic_hand_3x3():
    x = [[7.0, 2.0, 30.0], [5.0, 9.0, 10.0], [9.0, 4.0, 25.0]]
    res = critic_weights(x, ["benefit", "benefit", "cost"])
    sigma, r, c, w = _critic_by_hand(x, cost_columns=(2,))
    assert np.allclose(res.sigma.to_numpy(), sigma, atol=1e-12)
    assert np.allclose(res.correlation.to_numpy(), r, atol=1e-12)
    assert np.allclose(res.information.to_numpy(), c, atol=1e-12)
    assert np.allclose(res.weights.to_numpy(), w, atol=1e-12)
    assert res.ddof == 1
    pop = critic_weights(x, ["benefit", "benefit", "cost"], ddof=0)
    assert np.allclose(pop.sigma.to_numpy(), _critic_by_hand(x, (2,), ddof=0)[0], atol=1e-12)
    assert np.allclose(pop.weights.to_numpy(), w, atol=1e-12)      # ddof cancels in the weights
    t = res.table()
    assert list(t.columns) == ["criterion", "direction", "sigma", "conflict", "information", "weight", "method",
                               "ddof"]
    json.dumps(res.to_dict(), allow_nan=False)


def test_critic_perfectly_correlated_known_answer():
    # A and B = 2A + 1 are perfectly correlated (r = 1), C is uncorrelated with both (r = 0).
    # min–max: z_A = z_B = (0, 1/3, 2/3, 1), sd = √(5/27); z_C = (1, 0, 0, 1), sd = √(9/27).
    # C_A = C_B = sd_A·(0 + 1), C_C = sd_C·(1 + 1)  →  w_A = w_B = √5 / (2√5 + 6), w_C = 6 / (2√5 + 6).
    a = np.array([1.0, 2.0, 3.0, 4.0])
    x = np.column_stack([a, 2 * a + 1, [5.0, 3.0, 3.0, 5.0]])
    res = critic_weights(x)
    den = 2 * np.sqrt(5) + 6
    assert np.allclose(res.weights.to_numpy(), [np.sqrt(5) / den, np.sqrt(5) / den, 6 / den], atol=1e-12)
    assert res.correlation.iloc[0, 1] == pytest.approx(1.0, abs=1e-12)
    # two criteria in perfect opposition (B = 10 − A, both benefit): r = −1, conflict 2 each, equal weights
    opp = critic_weights(np.column_stack([a, 10 - a]))
    assert np.allclose(opp.weights.to_numpy(), [0.5, 0.5], atol=1e-12)
    assert np.allclose(opp.conflict.to_numpy(), [2.0, 2.0], atol=1e-12)


def test_critic_constant_column_zero_and_left_out():
    x = np.array([[7.0, 2.0, 30.0], [5.0, 9.0, 10.0], [9.0, 4.0, 25.0]])
    with_flat = np.column_stack([x, [1.0, 1.0, 1.0]])
    res = critic_weights(with_flat)
    assert res.weights.iloc[3] == 0.0 and res.constant == ("C4",)
    assert np.allclose(res.weights.to_numpy()[:3], critic_weights(x).weights.to_numpy(), atol=1e-12)
    json.dumps(res.to_dict(), allow_nan=False)
    with pytest.raises(OptionError):
        critic_weights(x, ddof=2)


def test_cv_hand_3x3_and_known_answer():
    x = np.array([[2.0, 10.0, 5.0], [4.0, 10.0, 7.0], [6.0, 13.0, 9.0]])
    res = cv_weights(x)
    mean = x.sum(0) / 3
    sd = np.sqrt(((x - mean) ** 2).sum(0) / 2)
    v = sd / mean
    assert np.allclose(res.cv.to_numpy(), v, atol=1e-12)
    assert np.allclose(res.weights.to_numpy(), v / v.sum(), atol=1e-12)
    # column 1: mean 4, sd 2, CV 0.5; column 3: mean 7, sd 2, CV 2/7
    assert res.cv.iloc[0] == pytest.approx(0.5, abs=1e-12) and res.cv.iloc[2] == pytest.approx(2 / 7, abs=1e-12)
    assert np.allclose(cv_weights(x, ddof=0).weights.to_numpy(), res.weights.to_numpy(), atol=1e-12)
    # B = 3·A has the same CV as A: equal weights
    a = np.array([1.0, 2.0, 4.0, 5.0])
    assert np.allclose(cv_weights(np.column_stack([a, 3 * a])).weights.to_numpy(), [0.5, 0.5], atol=1e-12)
    with pytest.raises(DataError):
        cv_weights([[-1.0, 2.0], [-3.0, 5.0]])
    assert list(res.table().columns) == ["criterion", "mean", "sd", "cv", "weight", "method", "ddof"]


def test_combine_by_hand():
    s, o = [0.5, 0.3, 0.2], [0.2, 0.3, 0.5]
    lin = combine_weights(s, o, alpha=0.4)
    assert np.allclose(lin.weights.to_numpy(), [0.32, 0.30, 0.38], atol=1e-12)       # 0.4 s + 0.6 o
    mult = combine_weights(s, o, method="multiplicative")
    assert np.allclose(mult.weights.to_numpy(), np.array([0.10, 0.09, 0.10]) / 0.29, atol=1e-12)
    assert mult.alpha is None and lin.alpha == 0.4
    t = lin.table()
    assert list(t.columns) == ["criterion", "subjective", "objective", "combined", "subjective_source",
                               "objective_source", "method", "alpha"]
    assert np.allclose(t["subjective"], s) and np.allclose(t["objective"], o)
    assert set(t["subjective_source"]) == {"subjective"}
    json.dumps(mult.to_dict(), allow_nan=False)


def test_combine_sources_points_and_alignment():
    ex = EXAMPLES["zavadskas_podvezko2016"]
    frame = pd.DataFrame(ex["matrix_alternatives_by_criteria"], columns=["k1", "k2", "k3", "k4"])
    ent = entropy_weights(frame)
    stated = pd.Series({"k4": 30.0, "k2": 30.0, "k1": 20.0, "k3": 20.0})       # points, another order
    res = combine_weights(stated, ent, alpha=0.5, sources=None)
    assert list(res.weights.index) == ["k4", "k2", "k1", "k3"]
    assert res.input_sums == (100.0, pytest.approx(1.0))
    expect = 0.5 * stated / 100 + 0.5 * ent.weights.reindex(stated.index)
    assert np.allclose(res.weights.to_numpy(), expect.to_numpy(), atol=1e-12)
    assert res.sources == ("subjective", "entropy (raw)")
    crit = critic_weights(frame, ex["criterion_types"])
    both = combine_weights(ent, crit, sources=("entropy", "critic"))
    assert set(both.table()["objective_source"]) == {"critic"}
    with pytest.raises(OptionError):
        combine_weights(pd.Series({"k1": 1.0, "x": 1.0}), pd.Series({"k1": 1.0, "k2": 1.0}))
    with pytest.raises(OptionError):
        combine_weights([0.5, 0.5], [0.2, 0.3, 0.5])
    with pytest.raises(OptionError):
        combine_weights([0.5, 0.5], [0.5, 0.5], alpha=1.5)
    with pytest.raises(OptionError):
        combine_weights([0.5, -0.5], [0.5, 0.5])
    with pytest.raises(OptionError):
        combine_weights([1.0, 0.0], [0.0, 1.0], method="multiplicative")
    with pytest.raises(OptionError):
        combine_weights([0.5, 0.5], [0.5, 0.5], method="geometric")
