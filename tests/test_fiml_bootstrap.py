"""The bootstrap under FIML — what ``research analyze`` runs whenever answers are missing — and ω, CR and AVE of a
FIML fit, against lavaan 0.6-14 and semTools 0.5-6.

Reference: tests/reference/fiml_bootstrap.json (fiml_bootstrap.R): Bollen's political-democracy SEM with an
indirect effect, fitted by FIML to poldem_missing.csv (8 % of each column deleted at random); lavaan's
``bootstrapLavaan(keep.idx = TRUE)`` rows of 120 resamples and, per resample, every parameterEstimates row and
standardizedSolution's est.std.  Replaying those rows (``indices=``) must give lavaan's draws: the bootstrap SEs
and intervals follow from the draws by the code tests/test_bootstrap.py checks against lavaan's own intervals.

Tolerance: 60 of the 120 resamples are inadmissible (N = 75), and on those flat likelihoods lavaan's optimiser
stops early.  The largest difference, 9.6e-5 relative to max(1, |x|) on resample 26, is lavaan's: at its
estimates the FIML log-likelihood is −1398.25041316633, at ours −1398.25041314824, and lavaan refitting that
resample from its defaults reaches −1398.25041314835 (checked once in R).  So 2e-4 for the estimates; the
standardized draws agree to 2.3e-5, asserted at 5e-5.
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import research
from conftest import ROOT
from research.bootstrap import bootstrap, percentile_ci
from research.sem import fit_sem

REFDIR = ROOT / "tests" / "reference"
REF = json.loads((REFDIR / "fiml_bootstrap.json").read_text())
DATA = pd.read_csv(REFDIR / REF["data"])
TOL, STD_TOL = 2e-4, 5e-5


@pytest.fixture(scope="module")
def replay():
    res = fit_sem(REF["syntax"], DATA, missing="fiml")
    boot = bootstrap(res, DATA, indices=np.asarray(REF["idx"]) - 1, ci="percentile", n_jobs=1)
    pt = res.partable
    column = {(r.lhs, r.op, r.rhs): j for j, r in enumerate(pt.rows)}
    column.update({(d.name, ":=", d.text): len(pt.rows) + k for k, d in enumerate(pt.defined)})
    keys = [(r["lhs"], r["op"], r["rhs"]) for r in REF["rows"]]
    return res, boot, keys, [column[k] for k in keys]


def test_every_resample_is_lavaans(replay):
    """All 50 rows of parameterEstimates (free, fixed, intercepts, := rows) in all 120 resamples."""
    res, boot, keys, cols = replay
    assert boot.n_boot == 120 and len(keys) == 50
    theirs = np.asarray(REF["draws"])[:, :len(keys)]
    ours = boot.draws[:, cols]
    assert np.all(np.abs(ours - theirs) <= TOL * np.maximum(1.0, np.abs(theirs)))


def test_standardized_draws_are_lavaans(replay):
    """standardizedSolution's est.std in every resample — the draws behind the std.ci columns of the effects."""
    res, boot, keys, cols = replay
    R, layout = len(res.partable.rows), boot.layout
    std_cols = [layout["std_rows"].start + c if c < R else layout["std_defined"].start + c - R for c in cols]
    theirs = np.asarray(REF["draws"])[:, len(keys):]
    np.testing.assert_allclose(boot.draws[:, std_cols], theirs, rtol=0, atol=STD_TOL)


def test_the_same_resamples_are_inadmissible(replay):
    _, boot, _, _ = replay
    assert REF["error_idx"] == [] and boot.n_nonconverged == 0
    assert sorted(np.flatnonzero(boot.status != 0) + 1) == REF["nonadmissible"] and boot.n_inadmissible == 60
    assert boot.n_used == 120                              # kept, as lavaan keeps them


@pytest.mark.parametrize("name", ["indirect", "total"])
def test_intervals_of_the_defined_effects(replay, name):
    """The percentile interval and SE of the indirect and total effects: from our draws as from lavaan's."""
    _, boot, keys, cols = replay
    i = next(k for k, key in enumerate(keys) if key[0] == name and key[1] == ":=")
    theirs = np.asarray(REF["draws"])[:, i]
    row = boot.parameters[(boot.parameters["op"] == ":=") & (boot.parameters["lhs"] == name)].iloc[0]
    lo, hi = percentile_ci(theirs, 0.95)
    assert (row["ci.lower"], row["ci.upper"]) == pytest.approx((lo, hi), abs=TOL * max(1.0, abs(hi)))
    assert row["se"] == pytest.approx(np.std(theirs, ddof=1), rel=TOL)


def test_omega_cr_ave_of_the_fiml_fit_match_semtools():
    """research.analyze with missing answers: ω as semTools::compRelSEM of the FIML fit (the EM covariance
    matrix as the observed one), CR and AVE from its standardized loadings — within lavaan's optimiser
    tolerance (the fits agree to ~1e-6)."""
    d = research.analyze(DATA, model=REF["syntax"], missing="fiml", bootstrap=0).to_dict()
    assert d["cfa"]["missing"] == "fiml"
    for factor in ("ind60", "dem60", "dem65"):
        entry = d["reliability"][factor]
        assert entry["omega"] == pytest.approx(REF["omega"][factor], abs=1e-5)
        assert entry["cr"] == pytest.approx(REF["cr"][factor], abs=1e-5)
        assert entry["ave"] == pytest.approx(REF["ave"][factor], abs=1e-5)
