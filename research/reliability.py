"""Reliability of multi-item constructs: α, ω, CR, AVE and item analysis.

Definitions follow DOMAIN.md §3 and match R:

* Cronbach's α (Cronbach 1951), raw from covariances and standardised from
  correlations, as ``psych::alpha`` ``raw_alpha`` / ``std.alpha``; its 95 %
  CI after Feldt (1965; Feldt, Woodruff & Salih 1987), as ``psych::alpha.ci``:
  1 − (1 − α)·F(1 − p/2 | p/2; n − 1, (n − 1)(k − 1)).
* α if item deleted and the corrected item–total correlation (the item
  against the sum of the *other* items), as SPSS RELIABILITY.
* McDonald's ω from a fitted CFA, as ``semTools::compRelSEM`` with its
  default ``obs.var = TRUE``: (Σλ)²·ψ / 1ᵀS1, the observed variance of the
  sum score in the denominator (Bentler 2009; Green & Yang 2009).
* CR (ρc, Jöreskog 1971; Fornell & Larcker 1981) from standardised
  loadings: (Σλ)² / ((Σλ)² + Σ(1 − λ²)).
* AVE (Fornell & Larcker 1981) = mean λ² of standardised loadings;
  ``ave_semtools`` gives semTools::AVE's variant Σλ²ψ / Σ diag(S).

Data are used listwise per construct (SPSS's default); ``n`` says how many
respondents entered each statistic.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from .errors import DataError

THRESHOLDS = {
    # statistic: (pass at or above, warn at or above, source) — DOMAIN.md §2
    "alpha": (0.70, 0.60, "Nunnally 1978"),
    "cr": (0.70, 0.60, "Bagozzi & Yi 1988"),
    "ave": (0.50, 0.50, "Fornell & Larcker 1981"),
    "citc": (0.30, 0.30, "common practice"),
    "omega": (0.70, 0.60, "McDonald 1999"),
}


def flag(statistic: str, value: float) -> str:
    """'pass', 'warn' or 'fail' against the accepted threshold (DOMAIN.md §2)."""
    good, tolerable, _ = THRESHOLDS[statistic]
    if value != value:
        return "n/a"
    if value >= good:
        return "pass"
    return "warn" if value >= tolerable else "fail"


def _complete(data: pd.DataFrame, items) -> pd.DataFrame:
    items = list(items)
    missing = [i for i in items if i not in data.columns]
    if missing:
        raise DataError("option_invalid", option="items", detail=", ".join(map(str, missing)),
                        fix_en="Name columns that exist in the data.", fix_zh="请使用数据中存在的列名。",
                        fix_zh_hant="請使用資料中存在的欄名。")
    if len(items) < 2:
        raise DataError("option_invalid", option="items", detail=f"{len(items)} < 2",
                        fix_en="Reliability needs at least two items per construct.",
                        fix_zh="信度分析每个构念至少需要两个题目。", fix_zh_hant="信度分析每個構念至少需要兩個題目。")
    x = data[items].apply(pd.to_numeric, errors="coerce").dropna()
    if len(x) < 3:
        raise DataError("data_invalid", detail=f"n = {len(x)} < 3",
                        fix_en="Too few complete responses for these items.",
                        fix_zh="这些题目的完整答卷太少。", fix_zh_hant="這些題目的完整答卷太少。")
    zero = [i for i in items if x[i].var() == 0]
    if zero:
        raise DataError("data_invalid", detail="var(" + ", ".join(zero) + ") = 0",
                        fix_en="Remove items that every respondent answered the same.",
                        fix_zh="请删除所有人答案都相同的题目。", fix_zh_hant="請刪除所有人答案都相同的題目。")
    return x


def _alpha_from_cov(cov: np.ndarray) -> float:
    k = cov.shape[0]
    return k / (k - 1) * (1 - np.trace(cov) / cov.sum())


def feldt_ci(alpha: float, n: int, k: int, level: float = 0.95) -> tuple[float, float]:
    """Feldt's confidence interval for α (as psych::alpha.ci)."""
    p = 1 - level
    df1, df2 = n - 1, (n - 1) * (k - 1)
    return (1 - (1 - alpha) * stats.f.ppf(1 - p / 2, df1, df2), 1 - (1 - alpha) * stats.f.ppf(p / 2, df1, df2))


@dataclass(frozen=True)
class Alpha:
    alpha: float
    alpha_std: float
    ci_lower: float
    ci_upper: float
    average_r: float
    n: int
    k: int
    items: pd.DataFrame = field(compare=False)  # per item: mean, sd, citc, alpha_if_deleted

    @property
    def flag(self) -> str:
        return flag("alpha", self.alpha)

    def table(self) -> pd.DataFrame:
        return self.items

    def to_dict(self) -> dict:
        return {"alpha": self.alpha, "alpha.std": self.alpha_std, "alpha.ci.lower": self.ci_lower,
                "alpha.ci.upper": self.ci_upper, "average_r": self.average_r, "n": self.n, "k": self.k,
                "flag": self.flag, "items": self.items.reset_index().to_dict(orient="records")}


def cronbach_alpha(data: pd.DataFrame, items=None, level: float = 0.95) -> Alpha:
    """Cronbach's α with Feldt CI and item analysis (matches psych::alpha)."""
    items = list(data.columns if items is None else items)
    x = _complete(data, items)
    cov = np.cov(x.to_numpy(float), rowvar=False)
    corr = np.corrcoef(x.to_numpy(float), rowvar=False)
    k, n = len(items), len(x)
    alpha = _alpha_from_cov(cov)
    r_bar = (corr.sum() - k) / (k * (k - 1))
    alpha_std = k * r_bar / (1 + (k - 1) * r_bar)
    lower, upper = feldt_ci(alpha, n, k, level)
    total = x.sum(axis=1)
    rows = []
    for j, item in enumerate(items):
        rest = total - x[item]
        keep = [m for m in range(k) if m != j]
        citc = float(np.corrcoef(x[item], rest)[0, 1])
        deleted = _alpha_from_cov(cov[np.ix_(keep, keep)]) if k > 2 else float("nan")
        rows.append({"item": item, "mean": float(x[item].mean()), "sd": float(x[item].std(ddof=1)),
                     "citc": citc, "citc_flag": flag("citc", citc), "alpha_if_deleted": deleted})
    return Alpha(float(alpha), float(alpha_std), float(lower), float(upper), float(r_bar), n, k,
                 pd.DataFrame(rows).set_index("item"))


def _loadings(values) -> np.ndarray | None:
    """The loadings as an array, or None for fewer than two: the reliability of a single item cannot be
    estimated from the data (its loading only restates the fixed error variance), so CR, AVE and ω are not
    applicable (NaN, flagged "n/a"), never 1.0."""
    lam = np.asarray(list(values), dtype=float)
    return lam if lam.size >= 2 else None


def composite_reliability(std_loadings) -> float:
    """CR / ρc = (Σλ)² / ((Σλ)² + Σ(1 − λ²)) from standardised loadings; NaN for a single item."""
    lam = _loadings(std_loadings)
    if lam is None:
        return float("nan")
    s = lam.sum() ** 2
    return float(s / (s + (1 - lam ** 2).sum()))


def average_variance_extracted(std_loadings) -> float:
    """AVE = mean λ² of standardised loadings (Fornell & Larcker 1981); NaN for a single item."""
    lam = _loadings(std_loadings)
    if lam is None:
        return float("nan")
    return float((lam ** 2).mean())


def omega(loadings, latent_variance: float, observed_cov) -> float:
    """ω = (Σλ)²·ψ / 1ᵀS1 with unstandardised loadings λ, factor variance ψ and
    the observed covariance matrix S of the items (semTools::compRelSEM,
    obs.var = TRUE).  NaN for a single item."""
    lam = _loadings(loadings)
    if lam is None:
        return float("nan")
    return float(lam.sum() ** 2 * latent_variance / np.asarray(observed_cov, dtype=float).sum())


def ave_semtools(loadings, latent_variance: float, observed_cov) -> float:
    """semTools::AVE (obs.var = TRUE): Σλ²ψ / Σ diag(S); NaN for a single item."""
    lam = _loadings(loadings)
    if lam is None:
        return float("nan")
    return float((lam ** 2).sum() * latent_variance / np.trace(np.asarray(observed_cov, dtype=float)))
