"""Multivariate normality: Mardia's skewness and kurtosis; matches psych::mardia (psych 2.2.9).

ML estimation assumes multivariate normal data; Mardia's (1970, 1974)
coefficients say how far the items are from it, and whether MLR (robust)
standard errors and a scaled χ² should be reported instead.

With the n complete rows centred, S their covariance matrix with divisor
n − 1 (as psych; Mardia's original uses n) and d_ij = (x_i − x̄)ᵀ S⁻¹ (x_j − x̄)::

    b1p = Σ_ij d_ij³ / n²                  multivariate skewness
    b2p = Σ_i d_ii² / n                    multivariate kurtosis
    skew = n · b1p / 6 ~ χ²(p(p+1)(p+2)/6)
    small.skew = n · k · b1p / 6,  k = (p+1)(n+1)(n+3) / (n((n+1)(p+1) − 6))
    kurtosis z = (b2p − p(p+2)) · √(n / (8p(p+2))) ~ N(0, 1), two-sided p

(small-sample correction of the skewness test: Mardia 1974).  Under
normality b2p → p(p+2); a kurtosis z beyond 5 is often read as marked
non-normality (Bentler 2005).  Rows with a missing value are dropped, as
psych does (``na.rm = TRUE``); the result says which.  p-values are the
exact upper tails (psych computes 2·(1 − Φ(|z|)), which is 0 below ~1e-16).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from .jsonsafe import jsonable as _json
from .validity import _check_frame, _check_items, _check_nonsingular, _check_variance, _numeric, _too_few_rows

KURTOSIS_Z_LIMIT = 5.0      # Bentler 2005, EQS 6 manual: normalized estimate > 5 → non-normal


@dataclass(frozen=True, eq=False)
class Mardia:
    """The result of :func:`mardia` (names as psych::mardia)."""

    n: int                      # complete rows used (psych's n.obs)
    p: int                      # items (n.var)
    b1p: float
    b2p: float
    skew: float                 # n·b1p/6
    skew_df: float              # p(p+1)(p+2)/6
    p_skew: float
    small_skew: float           # with Mardia's small-sample correction
    p_small: float
    kurtosis: float             # z
    p_kurtosis: float
    items: tuple = ()
    dropped_rows: tuple = ()    # index labels of rows left out for missing values
    distances: pd.Series = field(default=None, repr=False)    # √d_ii, Mahalanobis distance of each row used

    @property
    def n_dropped(self) -> int:
        return len(self.dropped_rows)

    def table(self) -> pd.DataFrame:
        """One row per test: statistic, value, df, p."""
        return pd.DataFrame([
            {"test": "skewness", "coefficient": self.b1p, "statistic": self.skew, "df": self.skew_df,
             "p": self.p_skew},
            {"test": "skewness (small sample)", "coefficient": self.b1p, "statistic": self.small_skew,
             "df": self.skew_df, "p": self.p_small},
            {"test": "kurtosis", "coefficient": self.b2p, "statistic": self.kurtosis, "df": np.nan,
             "p": self.p_kurtosis},
        ], columns=["test", "coefficient", "statistic", "df", "p"])

    def to_dict(self) -> dict:
        return {"statistic": "mardia", "n": self.n, "p": self.p, "items": list(self.items),
                "b1p": _json(self.b1p), "b2p": _json(self.b2p), "b2p_expected": self.p * (self.p + 2),
                "skew": _json(self.skew), "skew_df": _json(self.skew_df), "p_skew": _json(self.p_skew),
                "small_skew": _json(self.small_skew), "p_small": _json(self.p_small),
                "kurtosis": _json(self.kurtosis), "p_kurtosis": _json(self.p_kurtosis),
                "missing": "listwise", "n_dropped": self.n_dropped,
                "dropped_rows": [_json(r) for r in self.dropped_rows],
                "thresholds": {"kurtosis_z_above": KURTOSIS_Z_LIMIT, "source": "Bentler 2005"},
                "matches": "psych::mardia (psych 2.2.9)"}


def mardia(data: pd.DataFrame, items) -> Mardia:
    """Mardia's multivariate skewness and kurtosis tests of ``items``, as ``psych::mardia(x)``.

    ``data``: one row per respondent; ``items``: at least two numeric item
    columns.  Rows with any missing item are dropped (listed in
    ``dropped_rows``).  Raises :class:`research.errors.OptionError` /
    :class:`research.errors.DataError` for bad input (unknown or repeated
    columns, text answers, constant items, fewer complete rows than
    items + 2, a singular covariance matrix).
    """
    _check_frame(data)
    items = _check_items(data, items)
    x = _numeric(data, items)
    complete = x.notna().all(axis=1)
    xc = x[complete]
    n, p = xc.shape
    if n < p + 2:
        raise _too_few_rows(n, p + 2)
    _check_variance(xc)
    _check_nonsingular(xc.corr())
    X = xc.to_numpy()
    Xc = X - X.mean(axis=0)
    S = Xc.T @ Xc / (n - 1)
    D = Xc @ np.linalg.solve(S, Xc.T)
    b1p = float(np.sum(D ** 3) / n ** 2)
    b2p = float(np.sum(np.diag(D) ** 2) / n)
    df = p * (p + 1) * (p + 2) / 6
    k = (p + 1) * (n + 1) * (n + 3) / (n * ((n + 1) * (p + 1) - 6))
    skew = n * b1p / 6
    small = n * k * b1p / 6
    z = (b2p - p * (p + 2)) * np.sqrt(n / (8 * p * (p + 2)))
    return Mardia(n=n, p=p, b1p=b1p, b2p=b2p, skew=float(skew), skew_df=float(df),
                  p_skew=float(stats.chi2.sf(skew, df)), small_skew=float(small),
                  p_small=float(stats.chi2.sf(small, df)), kurtosis=float(z),
                  p_kurtosis=float(2 * stats.norm.sf(abs(z))), items=tuple(items),
                  dropped_rows=tuple(x.index[~complete]),
                  distances=pd.Series(np.sqrt(np.clip(np.diag(D), 0, None)), index=xc.index, name="d"))
