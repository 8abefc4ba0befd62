"""Regenerate the simulated sample data of the ``lsq5`` questionnaire.

    python datasets/generate.py                      # datasets/lsq5_sample.csv, lsq5_wjx_gbk.csv, README.md
                                                     # (and the experts' AHP workbooks, via generate_ahp.py)
    python datasets/generate.py --all-formats DIR    # the same 500 responses in every export format
    python datasets/generate.py --n 100000 --out F   # one 问卷星 GBK export of 100 000 respondents

Everything is drawn from numpy Generators seeded with ``SEED`` (20261122), so
two runs give byte-identical files.  The stated-importance answers (the
questionnaire's ``importance`` questions) were added later: they come from a
stream of their own, the ninth child of ``SeedSequence(SEED)``, drawn after
everything else, so every other column is exactly what it was before.  The population values below are the
truth a recovery test compares estimates with; ``datasets/README.md`` (the
data card, written by this script) lists them too.

Tests import this file by path (``importlib``); it needs nothing but the
installed ``research`` package.  (No ``from __future__ import annotations``
here: with it, dataclasses in a module loaded by path need a
``sys.modules`` entry.)
"""

import argparse
import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pandas as pd

from research.questionnaire import AttentionCheck, ImportanceItem, Item, Questionnaire, Segment, load_questionnaire
from research.simulate import LIKERT5_THRESHOLDS, PopulationModel, simulate_continuous, to_likert

HERE = Path(__file__).resolve().parent
SEED = 20261122
N_TOTAL = 500

# --- population values (standardised) -------------------------------------
LOADINGS = {
    "ECO1": .78, "ECO2": .74, "ECO3": .81, "ECO4": .70,
    "RES1": .80, "RES2": .76, "RES3": .72, "RES4": .83,
    "FLE1": .71, "FLE2": .79, "FLE3": .75, "FLE4": .82,
    "REL1": .84, "REL2": .77, "REL3": .80, "REL4": .73,
    "EMP1": .76, "EMP2": .82, "EMP3": .70, "EMP4": .79,
    "SAT1": .85, "SAT2": .81, "SAT3": .78,
    "LOY1": .80, "LOY2": .84, "LOY3": .72, "LOY4": .77,
}
# Correlations among the five LSQ dimensions (positive definite: smallest
# eigenvalue 0.475).
EXOGENOUS_CORR = {
    ("ECO", "RES"): .35, ("ECO", "FLE"): .30, ("ECO", "REL"): .40, ("ECO", "EMP"): .32,
    ("RES", "FLE"): .45, ("RES", "REL"): .50, ("RES", "EMP"): .42,
    ("FLE", "REL"): .38, ("FLE", "EMP"): .40,
    ("REL", "EMP"): .45,
}
PATHS = {
    ("SAT", "ECO"): .15, ("SAT", "RES"): .20, ("SAT", "FLE"): .10, ("SAT", "REL"): .30, ("SAT", "EMP"): .15,
    ("LOY", "SAT"): .65,
}

# --- stated importance (questionnaire key `importance`, scale important5) ----
# What respondents *say* matters, as population means of the 1–5 answers: cost
# and reliability first, empathy last.  Deliberately unlike the importance the
# SEM implies (total effects on SAT: REL .30 > RES .20 > ECO = EMP .15 > FLE
# .10), as stated and derived importance usually disagree.
IMPORTANCE_MEANS = {"ECO": 4.3, "RES": 4.0, "FLE": 3.6, "REL": 4.4, "EMP": 3.4}
IMPORTANCE_SD = 0.8      # SD of the latent rating, before rounding to 1–5
IMPORTANCE_CORR = 0.30   # the latent ratings share a general "it all matters" factor
N_STREAMS = 9            # SeedSequence children; the ninth (index 8) is the importance stream

# --- careless respondents ---------------------------------------------------
N_STRAIGHT = 12      # same answer (3, 4 or 5) on every Likert item and ATTN1
N_SPEEDERS = 15      # duration below 1/3 of the median, uniform random answers
N_ATTENTION = 10     # otherwise normal, wrong answer on the attention check
N_DUPLICATES = 3     # exact copy of an earlier normal row, later, same IP
STRAIGHT_VALUES = (3, 4, 5)
MISSING_RATE = 0.01  # MCAR, per Likert answer, normal and attention-failure rows only

# --- metadata ---------------------------------------------------------------
DURATION_MEDIAN = 300.0          # seconds; lognormal
DURATION_SIGMA = 0.35            # log-scale SD: middle 50 % in 237–379 s
DURATION_RANGE = (150, 1800)     # normal respondents redrawn outside this
SPEEDER_RANGE = (25, 80)         # seconds, uniform: far below 300 / 3
MONTH_START = dt.datetime(2026, 9, 1)
DAY_HOURS = (7, 24)              # submissions between 07:00 and midnight
SOURCES = (("手机提交", "直接访问", .45), ("微信", "N/A", .40), ("链接", "直接访问", .15))
IP_PREFIXES = ("117.136", "223.104", "112.97", "183.192", "36.152", "120.229", "39.144", "114.88",
               "223.73", "111.18")
IP_PLACES = ("江苏-南京", "江苏-苏州", "浙江-杭州", "浙江-宁波", "广东-广州", "广东-深圳", "上海-上海",
             "北京-北京", "山东-济南", "四川-成都", "湖北-武汉", "河南-郑州", "福建-厦门", "湖南-长沙",
             "陕西-西安", "安徽-合肥")

# Shares of each segment's options, in the questionnaire's option order.
SEGMENT_SHARES = {
    "GENDER": (.45, .52, .03),                     # 男 女 不便透露
    "AGE": (.03, .45, .24, .17, .07, .04),         # <18, 18-25, 26-30, 31-40, 41-50, >50: student-heavy
    "PLATFORM": (.28, .10, .22, .20, .10, .03, .04, .03),  # 淘宝 天猫 京东 拼多多 抖音 速卖通 亚马逊 其他
    "FREQ": (.15, .38, .30, .17),                  # ≤1, 2-3, 4-6, ≥7 a month
    "XBORDER": (.12, .55, .33),                    # mainly cross-border, mainly domestic, both
}

# 问卷星 shows these constructs as matrix questions (第M题(子题) columns).
WJX_MATRICES = ("SAT", "LOY")
WJX_MISSING = ("(跳过)", "-3")   # both mean "no answer" in 问卷星 exports

KINDS = ("normal", "straightliner", "speeder", "attention", "duplicate")


def population_model(q: Questionnaire) -> PopulationModel:
    """The population model over the questionnaire's constructs and items."""
    constructs = {c.id: list(c.item_ids) for c in q.constructs}
    return PopulationModel(LOADINGS, constructs, EXOGENOUS_CORR, PATHS)


@dataclass(frozen=True)
class Sample:
    """The simulated responses.

    ``data``: the clean table (file a) — respondent, submitted, duration,
    segment codes, then the Likert items and checks in print order as
    answered (reverse-keyed items not recoded), then the stated-importance
    answers, NaN = missing.
    ``kind``: normal / straightliner / speeder / attention / duplicate per row.
    ``duplicate_of``: the respondent copied (0 if none).
    ``source``, ``source_detail``, ``ip``, ``place``: 问卷星 metadata per row.
    ``missing_text``: per missing cell, "(跳过)" or "-3" for the text export.
    """

    questionnaire: Questionnaire
    model: PopulationModel
    data: pd.DataFrame
    kind: np.ndarray
    duplicate_of: np.ndarray
    straight_value: np.ndarray
    source: np.ndarray
    source_detail: np.ndarray
    ip: np.ndarray
    place: np.ndarray
    missing_text: pd.DataFrame
    seed: int

    @property
    def answer_columns(self) -> list[str]:
        return [x.id for x in self.questionnaire.questions if not isinstance(x, Segment)]

    @property
    def item_columns(self) -> list[str]:
        return [x.id for x in self.questionnaire.questions if isinstance(x, Item)]

    @property
    def importance_columns(self) -> list[str]:
        return [x.id for x in self.questionnaire.importance]

    @cached_property
    def cells(self) -> dict[str, list]:
        """Column → list of Python values (None = missing), for fast writing."""
        return {c: [None if pd.isna(v) else (v if isinstance(v, str) else int(v)) for v in self.data[c].tolist()]
                for c in self.data.columns}

    def rows_of(self, kind: str) -> list[int]:
        """Respondent numbers (序号) of one kind of row."""
        return [int(r) for r in self.data["respondent"][self.kind == kind]]


def _shares(seg: Segment) -> np.ndarray:
    shares = np.array(SEGMENT_SHARES[seg.id], dtype=float)
    if len(shares) != len(seg.options):
        raise ValueError(f"SEGMENT_SHARES[{seg.id!r}] has {len(shares)} shares but the questionnaire "
                         f"gives {len(seg.options)} options: update generate.py")
    return shares / shares.sum()


def careless_counts(n: int) -> dict[str, int]:
    """How many rows of each careless kind a sample of ``n`` rows plans: the
    counts of the 500-row sample, scaled to ``n`` (rounded)."""
    scale = n / N_TOTAL
    return {name: int(round(count * scale)) for name, count in (
        ("straightliner", N_STRAIGHT), ("speeder", N_SPEEDERS), ("attention", N_ATTENTION),
        ("duplicate", N_DUPLICATES))}


def build_sample(seed: int = SEED, questionnaire="lsq5", n: int = N_TOTAL) -> Sample:
    """Draw ``n`` responses (deterministic for a given seed and ``n``; the
    default 500 is the bundled sample).  The careless rows scale with ``n``
    (:func:`careless_counts`)."""
    q = load_questionnaire(questionnaire)
    model = population_model(q)
    # Independent streams per ingredient: changing one leaves the others as they were.
    # (SeedSequence children are fixed by their position, so spawn(9) gives the same first
    # eight streams as the spawn(8) used before the importance stream was added.)
    (s_kind, s_answers, s_careless, s_missing, s_segments, s_times, s_meta, s_text, s_importance) = \
        np.random.SeedSequence(seed).spawn(N_STREAMS)
    plan = careless_counts(n)

    # Which rows are careless: random positions; a duplicate needs an earlier normal row.
    rng = np.random.default_rng(s_kind)
    kind = np.array(["normal"] * n, dtype=object)
    order = rng.permutation(n)
    k = 0
    for name in ("straightliner", "speeder", "attention"):
        kind[order[k:k + plan[name]]] = name
        k += plan[name]
    rest = [p for p in order[k:] if p >= 20]
    dup_rows = sorted(rng.choice(rest, size=plan["duplicate"], replace=False))
    kind[dup_rows] = "duplicate"
    duplicate_of = np.full(n, -1)
    normal_rows = np.flatnonzero(kind == "normal")
    used = np.zeros(n, dtype=bool)
    for p in dup_rows:  # an earlier normal row not copied yet, drawn uniformly
        earlier = normal_rows[normal_rows < p]
        duplicate_of[p] = o = rng.choice(earlier[~used[earlier]])
        used[o] = True

    # Answers: agreement from the population model, cut into 1…points.
    items = list(q.items)
    checks = list(q.attention_checks)
    agree = simulate_continuous(model, n, np.random.default_rng(s_answers))
    answers = pd.DataFrame(index=range(n))
    for item in items:
        codes = to_likert(agree[[item.id]], points=item.scale.points).to_numpy(dtype=float)[:, 0]
        # A reverse-keyed item is worded against the construct: the written
        # answer mirrors the respondent's agreement with the construct.
        answers[item.id] = item.scale.points + 1 - codes if item.reverse else codes
    for chk in checks:
        answers[chk.id] = float(chk.expected)

    # Careless rows, drawn row by row (the draws' order is part of the seed's promise).
    rng = np.random.default_rng(s_careless)
    table = answers.to_numpy()  # columns: the items, then the checks
    n_items = len(items)
    straight_value = np.zeros(n, dtype=int)
    for p in np.flatnonzero(kind == "straightliner"):
        v = int(rng.choice(STRAIGHT_VALUES))
        straight_value[p] = v
        table[p, :] = float(v)
    for p in np.flatnonzero(kind == "speeder"):
        table[p, :n_items] = rng.integers(1, [i.scale.points + 1 for i in items])
        table[p, n_items:] = rng.integers(1, [c.scale.points + 1 for c in checks])
    for p in np.flatnonzero(kind == "attention"):
        for k, chk in enumerate(checks):
            wrong = [v for v in range(1, chk.scale.points + 1) if v != chk.expected]
            table[p, n_items + k] = float(rng.choice(wrong))
    answers = pd.DataFrame(table, columns=answers.columns)

    # ~1 % MCAR missing Likert answers among the careful-looking respondents
    # (never on the attention check: a blank there counts as a failure).
    rng = np.random.default_rng(s_missing)
    item_ids = [i.id for i in items]
    hole = rng.random((n, len(item_ids))) < MISSING_RATE
    hole[~np.isin(kind, ["normal", "attention"])] = False
    values = answers[item_ids].to_numpy(copy=True)
    values[hole] = np.nan
    answers[item_ids] = values

    rng = np.random.default_rng(s_segments)
    segments = pd.DataFrame(index=range(n))
    for seg in q.segments:
        codes = [o.code for o in seg.options]
        segments[seg.id] = rng.choice(codes, size=n, p=_shares(seg))

    # Submit times over September 2026 (rows in submit order, as 问卷星 numbers them).
    rng = np.random.default_rng(s_times)
    days = rng.integers(0, 30, size=n)
    secs = rng.integers(DAY_HOURS[0] * 3600, DAY_HOURS[1] * 3600, size=n)
    stamps = sorted(MONTH_START + dt.timedelta(days=int(d), seconds=int(s)) for d, s in zip(days, secs))
    duration = np.empty(n, dtype=int)
    for p in range(n):
        if kind[p] == "speeder":
            duration[p] = int(rng.integers(SPEEDER_RANGE[0], SPEEDER_RANGE[1] + 1))
            continue
        while True:  # truncated lognormal: no accidental speeders among the careful
            d = round(float(rng.lognormal(np.log(DURATION_MEDIAN), DURATION_SIGMA)))
            if DURATION_RANGE[0] <= d <= DURATION_RANGE[1]:
                break
        duration[p] = d

    rng = np.random.default_rng(s_meta)
    pick = rng.choice(len(SOURCES), size=n, p=[s[2] for s in SOURCES])
    source = np.array([SOURCES[k][0] for k in pick], dtype=object)
    source_detail = np.array([SOURCES[k][1] for k in pick], dtype=object)
    ip = np.array([f"{IP_PREFIXES[a]}.{c}.{d}" for a, c, d in zip(
        rng.integers(0, len(IP_PREFIXES), n), rng.integers(1, 255, n), rng.integers(1, 255, n))], dtype=object)
    place = np.array([IP_PLACES[k] for k in rng.integers(0, len(IP_PLACES), n)], dtype=object)

    # A duplicate resubmits the original's answers from the same device.
    # (Originals are normal rows, never duplicates themselves: one vectorised copy.)
    origin = duplicate_of[dup_rows]
    answers.iloc[dup_rows] = answers.iloc[origin].to_numpy()
    segments.iloc[dup_rows] = segments.iloc[origin].to_numpy()
    for column in (source, source_detail, ip, place):
        column[dup_rows] = column[origin]

    data = pd.DataFrame({
        "respondent": np.arange(1, n + 1),
        "submitted": [s.strftime("%Y/%m/%d %H:%M:%S") for s in stamps],
        "duration": duration,
    })
    for seg in q.segments:
        data[seg.id] = segments[seg.id].astype(int)
    answer_ids = [x.id for x in q.questions if isinstance(x, (Item, AttentionCheck))]
    for qid in answer_ids:
        data[qid] = answers[qid]

    rng = np.random.default_rng(s_text)
    style = rng.integers(0, len(WJX_MISSING), size=(n, len(answer_ids)))
    missing_text = pd.DataFrame(np.array(WJX_MISSING, dtype=object)[style], columns=answer_ids)
    # the same export marks the resubmitted blanks the same way
    missing_text.iloc[dup_rows] = missing_text.iloc[origin].to_numpy()
    missing_text = missing_text.where(data[answer_ids].isna().to_numpy(), None)

    # Stated importance, last and from its own stream: nothing above changes.
    if q.importance:
        values, texts = _importance_answers(q, kind, straight_value, duplicate_of,
                                            np.random.default_rng(s_importance))
        for k, m in enumerate(q.importance):
            data[m.id] = values[:, k]
        missing_text = pd.concat([missing_text, texts], axis=1)

    sample = Sample(q, model, data, kind, np.where(duplicate_of >= 0, duplicate_of + 1, 0), straight_value,
                    source, source_detail, ip, place, missing_text, seed)
    _check_plan(sample)
    return sample


def importance_latent_means(q: Questionnaire) -> dict[str, float]:
    """Latent mean μ per construct such that round(N(μ, IMPORTANCE_SD)), clipped to
    1…points, has the population mean IMPORTANCE_MEANS[construct] (bisection;
    the answer mean rises monotonically with μ)."""
    out = {}
    for m in q.importance:
        target, points = IMPORTANCE_MEANS[m.construct], m.scale.points
        lo, hi = 1.0 - 6 * IMPORTANCE_SD, points + 6 * IMPORTANCE_SD
        for _ in range(100):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if answer_moments(mid, IMPORTANCE_SD, points)[0] < target else (lo, mid)
        out[m.construct] = (lo + hi) / 2
    return out


def answer_moments(mu: float, sd: float, points: int = 5) -> tuple[float, float]:
    """Mean and SD of round(X) clipped to 1…points for X ~ N(mu, sd²): the answer k
    has probability Φ((k + ½ − μ)/σ) − Φ((k − ½ − μ)/σ), the end categories taking the tails."""
    cdf = NormalDist(mu, sd).cdf
    cuts = [0.0] + [cdf(k + 0.5) for k in range(1, points)] + [1.0]
    p = np.diff(cuts)
    k = np.arange(1, points + 1)
    mean = float(p @ k)
    return mean, float(np.sqrt(p @ (k - mean) ** 2))


def _importance_answers(q: Questionnaire, kind, straight_value, duplicate_of, rng):
    """The importance answers (rows × questions, NaN = missing) and their 问卷星 missing-cell text.

    Careful rows: latent rating μ_c + σ(√ρ·g + √(1−ρ)·e_c), with g and e_c
    standard normal, rounded and clipped to 1…points (so every pair of
    latent ratings correlates ρ).  Straight-liners give their one answer
    here too; speeders answer at random; a duplicate copies its original.
    The same MCAR missing rate as the items, among normal and
    attention-check-failure rows.  Every draw is made for every row, in a
    fixed order, whatever the row's kind.
    """
    n, k = len(kind), len(q.importance)
    mu = importance_latent_means(q)
    points = np.array([m.scale.points for m in q.importance])
    general = rng.standard_normal((n, 1))
    own = rng.standard_normal((n, k))
    random_answers = rng.integers(1, points + 1, size=(n, k))
    hole = rng.random((n, k)) < MISSING_RATE
    style = rng.integers(0, len(WJX_MISSING), size=(n, k))

    latent = np.array([mu[m.construct] for m in q.importance]) + IMPORTANCE_SD * (
        np.sqrt(IMPORTANCE_CORR) * general + np.sqrt(1 - IMPORTANCE_CORR) * own)
    values = np.clip(np.floor(latent + 0.5), 1, points).astype(float)
    straight = kind == "straightliner"
    values[straight] = straight_value[straight, None]
    speeders = kind == "speeder"
    values[speeders] = random_answers[speeders]
    hole[~np.isin(kind, ["normal", "attention"])] = False
    values[hole] = np.nan
    for p in np.flatnonzero(duplicate_of >= 0):
        values[p] = values[duplicate_of[p]]
        style[p] = style[duplicate_of[p]]
    ids = [m.id for m in q.importance]
    texts = pd.DataFrame(np.array(WJX_MISSING, dtype=object)[style], columns=ids)
    return values, texts.where(np.isnan(values), None)


def careless_found(sample: Sample) -> dict[str, list[int]]:
    """Rows that look careless in the data themselves (respondent numbers),
    judged as the screening rules do: every answered Likert item the same;
    duration < 1/3 of the median; a wrong check answer (rows not already
    straight-lining or speeding); identical to an earlier row."""
    d, q = sample.data, sample.questionnaire
    items = d[sample.item_columns].to_numpy(dtype=float)
    blank = np.isnan(items)
    lowest, highest = np.where(blank, np.inf, items).min(axis=1), np.where(blank, -np.inf, items).max(axis=1)
    same = pd.Series((lowest == highest) & ((~blank).sum(axis=1) >= 5), index=d.index)
    fast = d["duration"] < d["duration"].median() / 3
    wrong = pd.Series(False, index=d.index)
    for chk in q.attention_checks:
        wrong |= d[chk.id].ne(chk.expected)
    answers = d[[s.id for s in q.segments] + sample.answer_columns]
    dup = answers.duplicated(keep="first")
    rows = d["respondent"]
    return {"straightliner": rows[same].tolist(), "speeder": rows[fast].tolist(),
            "attention": rows[wrong & ~same & ~fast].tolist(), "duplicate": rows[dup].tolist()}


def _check_plan(sample: Sample):
    # The data card promises these rows: fail loudly if chance made more.  In
    # larger samples chance does make more (two straight-liners with the same
    # answer and segments are duplicates of each other), so there the planned
    # rows need only be among those found.
    found = careless_found(sample)
    exact = len(sample.data) == N_TOTAL
    for name, rows in found.items():
        planned = sample.rows_of(name)
        if rows != planned if exact else not set(planned) <= set(rows):
            raise RuntimeError(f"{name}: planned rows {planned[:20]}, found {rows[:20]} — change the seed or the plan")


# ---------------------------------------------------------------------------
# answer texts and column layouts
# ---------------------------------------------------------------------------

def answer_text(question, code, lang: str) -> str:
    """The option text of ``code`` for a segment, item or check, in ``lang``."""
    code = int(code)
    if isinstance(question, Segment):
        for o in question.options:
            if o.code == code:
                return o.text(lang)
        raise KeyError(f"{question.id}: no option {code}")
    return question.scale.label(code, lang)


def option_number(question, code) -> int:
    """问卷星 按选项序号: the option's position, 1-based."""
    code = int(code)
    if isinstance(question, Segment):
        return [o.code for o in question.options].index(code) + 1
    return code


@dataclass(frozen=True)
class WjxColumn:
    header: str            # as in the 问卷星 export
    spss_name: str         # Q6, Q27_1, …
    label: str             # question text for the SPSS variable label
    question: object       # Segment / Item / AttentionCheck


def wjx_columns(q: Questionnaire) -> list[WjxColumn]:
    """Question columns of a 问卷星 export: ``N、text`` for single questions
    (N = the question's number); the WJX_MATRICES constructs as matrix
    questions numbered from the next free number, one ``第M题(item text)``
    column per item; then the importance questions as single questions
    ``N、text``, numbered on from the last matrix (问卷星 counts a matrix as
    one question, so these numbers differ from the questionnaire's)."""
    singles = [x for x in q.questions
               if not (isinstance(x, Item) and x.construct in WJX_MATRICES or isinstance(x, ImportanceItem))]
    cols = [WjxColumn(f"{x.number}、{x.label('zh-Hans')}", f"Q{x.number}", x.label("zh-Hans"), x) for x in singles]
    m = max(x.number for x in singles)
    for cid in WJX_MATRICES:
        m += 1
        for j, item in enumerate(q.construct(cid).items, start=1):
            text = item.label("zh-Hans")
            cols.append(WjxColumn(f"第{m}题({text})", f"Q{m}_{j}", text, item))
    for x in q.importance:
        m += 1
        cols.append(WjxColumn(f"{m}、{x.label('zh-Hans')}", f"Q{m}", x.label("zh-Hans"), x))
    return cols


WJX_META_HEADERS = ("序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP")


@dataclass(frozen=True)
class ImportanceBlock:
    """Stands in for a construct as the 'construct' of the importance matrix in grid_groups."""

    id: str = "importance"

    def label(self, lang: str = "en") -> str:
        return {"zh-Hans": "重要性评价", "zh-Hant": "重要性評價"}.get(lang, "Importance of each aspect")


IMPORTANCE_STEM = "How important is each of the following to you?"


def _grid_stem(construct, lang: str = "en") -> str:
    # The templates have no per-block instruction, so the matrix stem is
    # built from the construct's name.
    if isinstance(construct, ImportanceBlock):
        return IMPORTANCE_STEM
    return f"Please rate each statement ({construct.label(lang)})"


def grid_groups(q: Questionnaire) -> list[tuple[object, list]]:
    """Questions as the English platforms show them: a segment alone
    (construct None), and each construct's items as one matrix question,
    an attention check inside the matrix of the item it follows; the
    importance questions as one last matrix (construct an ImportanceBlock)."""
    groups: list[tuple[object, list]] = []
    for x in q.questions:
        if isinstance(x, Segment):
            groups.append((None, [x]))
        elif isinstance(x, ImportanceItem):
            if groups and isinstance(groups[-1][0], ImportanceBlock):
                groups[-1][1].append(x)
            else:
                groups.append((ImportanceBlock(), [x]))
        elif isinstance(x, Item):
            if groups and groups[-1][0] is not None and groups[-1][0].id == x.construct:
                groups[-1][1].append(x)
            else:
                groups.append((q.construct(x.construct), [x]))
        elif groups and groups[-1][0] is not None:
            groups[-1][1].append(x)
        else:
            groups.append((None, [x]))
    return groups


def _csv_text(rows) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")  # Windows line ends, as Excel writes them
    writer.writerows(rows)
    return buf.getvalue()


def _stamp(sample: Sample, p: int) -> dt.datetime:
    return dt.datetime.strptime(sample.cells["submitted"][p], "%Y/%m/%d %H:%M:%S")


def _value(sample: Sample, p: int, qid: str):
    return sample.cells[qid][p]


# ---------------------------------------------------------------------------
# writers
# ---------------------------------------------------------------------------

def clean_rows(sample: Sample) -> list[list]:
    """File (a): header + rows, codes as answered, missing as ''."""
    cells = sample.cells
    rows = [list(cells)]
    for p in range(len(sample.data)):
        rows.append(["" if cells[c][p] is None else cells[c][p] for c in cells])
    return rows


def wjx_rows(sample: Sample, codes: bool = False) -> list[list]:
    """问卷星 export rows: 按选项文本 (``codes=False``, missing as "(跳过)"
    or "-3") or 按选项序号 (``codes=True``, option numbers, missing −3)."""
    cols = wjx_columns(sample.questionnaire)
    missing = {c: sample.missing_text[c].tolist() for c in sample.missing_text.columns}
    cells = sample.cells
    rows = [list(WJX_META_HEADERS) + [c.header for c in cols]]
    for p in range(len(sample.data)):
        row = [cells["respondent"][p], cells["submitted"][p], f"{cells['duration'][p]}秒",
               sample.source[p], sample.source_detail[p], f"{sample.ip[p]}({sample.place[p]})"]
        for c in cols:
            v = _value(sample, p, c.question.id)
            if v is None:
                row.append(-3 if codes else missing[c.question.id][p])
            else:
                row.append(option_number(c.question, v) if codes else answer_text(c.question, v, "zh-Hans"))
        rows.append(row)
    return rows


def qualtrics_rows(sample: Sample) -> list[list]:
    meta = [("StartDate", "Start Date", {"ImportId": "startDate", "timeZone": "Asia/Shanghai"}),
            ("EndDate", "End Date", {"ImportId": "endDate", "timeZone": "Asia/Shanghai"}),
            ("Status", "Response Type", {"ImportId": "status"}),
            ("IPAddress", "IP Address", {"ImportId": "ipAddress"}),
            ("Progress", "Progress", {"ImportId": "progress"}),
            ("Duration (in seconds)", "Duration (in seconds)", {"ImportId": "duration"}),
            ("Finished", "Finished", {"ImportId": "finished"}),
            ("RecordedDate", "Recorded Date", {"ImportId": "recordedDate", "timeZone": "Asia/Shanghai"}),
            ("ResponseId", "Response ID", {"ImportId": "_recordId"}),
            ("RecipientLastName", "Recipient Last Name", {"ImportId": "recipientLastName"}),
            ("RecipientFirstName", "Recipient First Name", {"ImportId": "recipientFirstName"}),
            ("RecipientEmail", "Recipient Email", {"ImportId": "recipientEmail"}),
            ("ExternalReference", "External Data Reference", {"ImportId": "externalDataReference"}),
            ("DistributionChannel", "Distribution Channel", {"ImportId": "distributionChannel"}),
            ("UserLanguage", "User Language", {"ImportId": "userLanguage"})]
    names = [m[0] for m in meta]
    texts = [m[1] for m in meta]
    ids = [json.dumps(m[2], separators=(",", ":")) for m in meta]
    questions = []
    for number, (construct, members) in enumerate(grid_groups(sample.questionnaire), start=1):
        if construct is None:
            x = members[0]
            names.append(f"Q{number}")
            texts.append(x.label("en"))
            ids.append(json.dumps({"ImportId": f"QID{number}"}, separators=(",", ":")))
            questions.append(x)
            continue
        for j, x in enumerate(members, start=1):
            names.append(f"Q{number}_{j}")
            texts.append(f"{_grid_stem(construct)} - {x.label('en')}")
            ids.append(json.dumps({"ImportId": f"QID{number}_{j}"}, separators=(",", ":")))
            questions.append(x)
    rows = [names, texts, ids]
    rng = np.random.default_rng(np.random.SeedSequence([sample.seed, 1]))
    alphabet = np.array(list("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"))
    for p in range(len(sample.data)):
        end = _stamp(sample, p)
        dur = sample.cells["duration"][p]
        start = end - dt.timedelta(seconds=dur)
        rid = "R_" + "".join(rng.choice(alphabet, 15))
        row = [start.strftime("%Y-%m-%d %H:%M:%S"), end.strftime("%Y-%m-%d %H:%M:%S"), "IP Address",
               sample.ip[p], 100, dur, "True", end.strftime("%Y-%m-%d %H:%M:%S"), rid, "", "", "", "",
               "anonymous", "ZH-S"]
        for x in questions:
            v = _value(sample, p, x.id)
            row.append("" if v is None else answer_text(x, v, "en"))
        rows.append(row)
    return rows


def surveymonkey_rows(sample: Sample) -> list[list]:
    first = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address",
             "First Name", "Last Name", "Custom Data 1"]
    second = [""] * len(first)
    questions = []
    for construct, members in grid_groups(sample.questionnaire):
        if construct is None:
            first.append(members[0].label("en"))
            second.append("Response")
            questions.append(members[0])
            continue
        for j, x in enumerate(members):
            first.append(_grid_stem(construct) if j == 0 else "")
            second.append(x.label("en"))
            questions.append(x)
    rows = [first, second]
    rng = np.random.default_rng(np.random.SeedSequence([sample.seed, 2]))
    respondent = 11_400_000_000 + np.cumsum(rng.integers(1_000, 90_000, size=len(sample.data)))
    for p in range(len(sample.data)):
        end = _stamp(sample, p)
        start = end - dt.timedelta(seconds=sample.cells["duration"][p])
        row = [int(respondent[p]), 431_270_118, start.strftime("%m/%d/%Y %I:%M:%S %p"),
               end.strftime("%m/%d/%Y %I:%M:%S %p"), sample.ip[p], "", "", "", ""]
        for x in questions:
            v = _value(sample, p, x.id)
            row.append("" if v is None else answer_text(x, v, "en"))
        rows.append(row)
    return rows


def googleforms_rows(sample: Sample) -> list[list]:
    header = ["Timestamp"]
    questions = []
    for construct, members in grid_groups(sample.questionnaire):
        for x in members:
            header.append(x.label("en") if construct is None else f"{_grid_stem(construct)} [{x.label('en')}]")
            questions.append(x)
    rows = [header]
    for p in range(len(sample.data)):
        end = _stamp(sample, p)
        # Google Forms' own CSV download: 2026/09/03 1:05:09 PM GMT+8
        stamp = f"{end:%Y/%m/%d} {int(end.strftime('%I'))}:{end:%M:%S %p} GMT+8"
        row = [stamp]
        for x in questions:
            v = _value(sample, p, x.id)
            row.append("" if v is None else answer_text(x, v, "en"))
        rows.append(row)
    return rows


def _write_text(path: Path, text: str, encoding: str) -> Path:
    # Strict encoding: a character GBK lacks stops the run instead of
    # silently becoming "?".
    path.write_bytes(text.encode(encoding, errors="strict"))
    return path


def _write_xlsx(path: Path, rows: list[list]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for row in rows:
        ws.append(row)
    fixed = dt.datetime(2026, 10, 1)
    wb.properties.created = wb.properties.modified = fixed
    wb.save(path)
    return path


def _write_xls(path: Path, rows: list[list]) -> Path:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Sheet1")
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            ws.write(r, c, v)
    wb.save(str(path))
    return path


def _write_sav(path: Path, sample: Sample) -> Path:
    import pyreadstat

    cols = wjx_columns(sample.questionnaire)
    body = wjx_rows(sample, codes=True)[1:]
    meta = [("seq", "序号"), ("submit_time", "提交答卷时间"), ("duration", "所用时间"), ("source", "来源"),
            ("source_detail", "来源详情"), ("ip", "来自IP")]
    names = [m[0] for m in meta] + [c.spss_name for c in cols]
    frame = pd.DataFrame(body, columns=names)
    for c in cols:
        frame[c.spss_name] = frame[c.spss_name].astype(float)
    frame["seq"] = frame["seq"].astype(float)
    labels = {m[0]: m[1] for m in meta} | {c.spss_name: c.label for c in cols}
    value_labels = {}
    for c in cols:
        x = c.question
        if isinstance(x, Segment):
            value_labels[c.spss_name] = {float(k): o.text("zh-Hans") for k, o in enumerate(x.options, start=1)}
        else:
            value_labels[c.spss_name] = {float(v): x.scale.label(v, "zh-Hans") for v in x.scale.values}
    pyreadstat.write_sav(frame, str(path), column_labels=labels, variable_value_labels=value_labels)
    return path


def write_sample_files(directory=HERE, seed: int = SEED, questionnaire="lsq5") -> dict[str, Path]:
    """Write lsq5_sample.csv (UTF-8), lsq5_wjx_gbk.csv (问卷星 按选项文本, GBK)
    and README.md (the data card) into ``directory``."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    sample = build_sample(seed, questionnaire)
    out = {
        "lsq5_sample.csv": _write_text(directory / "lsq5_sample.csv", _csv_text(clean_rows(sample)), "utf-8"),
        "lsq5_wjx_gbk.csv": _write_text(directory / "lsq5_wjx_gbk.csv", _csv_text(wjx_rows(sample)), "gbk"),
    }
    out["README.md"] = _write_text(directory / "README.md", data_card(sample), "utf-8")
    return out


def write_export(path, n: int, seed: int = SEED, questionnaire="lsq5") -> Path:
    """One 问卷星 按选项文本 GBK export of ``n`` simulated respondents (the
    bundled sample's population and careless-row shares, :func:`careless_counts`)
    at ``path``: the input of ``benchmarks/scale.py``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return _write_text(path, _csv_text(wjx_rows(build_sample(seed, questionnaire, n=n))), "gbk")


def write_all_formats(directory, seed: int = SEED, questionnaire="lsq5") -> dict[str, Path]:
    """The same 500 responses in every export format the importer reads."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    sample = build_sample(seed, questionnaire)
    wjx_text = _csv_text(wjx_rows(sample))
    codes = wjx_rows(sample, codes=True)
    out = {}
    out["wjx_text_gbk.csv"] = _write_text(directory / "wjx_text_gbk.csv", wjx_text, "gbk")
    out["wjx_text_utf8bom.csv"] = _write_text(directory / "wjx_text_utf8bom.csv", wjx_text, "utf-8-sig")
    out["wjx_text_gb18030.csv"] = _write_text(directory / "wjx_text_gb18030.csv", wjx_text, "gb18030")
    out["wjx_codes.xlsx"] = _write_xlsx(directory / "wjx_codes.xlsx", codes)
    out["wjx_codes.xls"] = _write_xls(directory / "wjx_codes.xls", codes)
    out["wjx_codes.sav"] = _write_sav(directory / "wjx_codes.sav", sample)
    out["qualtrics.csv"] = _write_text(directory / "qualtrics.csv", _csv_text(qualtrics_rows(sample)), "utf-8-sig")
    out["surveymonkey.csv"] = _write_text(directory / "surveymonkey.csv", _csv_text(surveymonkey_rows(sample)),
                                          "utf-8")
    out["googleforms.csv"] = _write_text(directory / "googleforms.csv", _csv_text(googleforms_rows(sample)), "utf-8")
    out["clean_items.csv"] = _write_text(directory / "clean_items.csv", _csv_text(clean_rows(sample)), "utf-8")
    return out


# ---------------------------------------------------------------------------
# the data card
# ---------------------------------------------------------------------------

def _f(x: float, digits: int = 2) -> str:
    return f"{x:.{digits}f}"


def _table(head: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


FORMAT_NOTES = [
    ["`wjx_text_gbk.csv`", "= `lsq5_wjx_gbk.csv`"],
    ["`wjx_text_utf8bom.csv`", "the same text, UTF-8 with BOM"],
    ["`wjx_text_gb18030.csv`", "the same text, GB18030"],
    ["`wjx_codes.xlsx`, `wjx_codes.xls`", "问卷星 按选项序号: same headers, option numbers, −3 for missing"],
    ["`wjx_codes.sav`", "the same as SPSS: variables seq, submit_time, duration, source, source_detail, ip "
     "(labelled 序号 … 来自IP), Q1 … Q26, Q27_1 … for matrix sub-items and Q29 … Q33 for the importance "
     "questions, labelled with the question texts; option labels as value labels; −3 for missing (not "
     "declared user-missing)"],
    ["`qualtrics.csv`", "UTF-8 with BOM; three header rows (names, question text, ImportId JSON); segments "
     "Q1…, one matrix per construct Q6_1… (the attention check a row of the matrix it follows), text "
     "`Please rate each statement (Economy) - <item text>`, and the importance questions as one last "
     f"matrix, `{IMPORTANCE_STEM} - <question text>`; English answer texts"],
    ["`surveymonkey.csv`", "UTF-8; two header rows (matrix stem over its first column, sub-item texts or "
     "\"Response\" below); English answer texts"],
    ["`googleforms.csv`", "UTF-8; Timestamp, then question texts, grid items as `Stem [item text]`; English "
     "answer texts; no duration"],
    ["`clean_items.csv`", "= `lsq5_sample.csv`"],
]


def _importance_card(sample: Sample, heads: dict) -> str:
    """The data card's section on the stated-importance answers."""
    q, d = sample.questionnaire, sample.data
    mu = importance_latent_means(q)
    total = {r.predictor: r.total for r in sample.model.std_effects().itertuples() if r.outcome == "SAT"}
    normal = d[sample.kind == "normal"]
    rows = []
    for m in q.importance:
        mean, sd = answer_moments(mu[m.construct], IMPORTANCE_SD, m.scale.points)
        got = normal[m.id].dropna()
        rows.append([m.id, m.construct, _f(IMPORTANCE_MEANS[m.construct]), _f(mu[m.construct], 3), _f(sd, 3),
                     _f(total.get(m.construct, float("nan")), 2), f"{got.mean():.3f} (n = {len(got)})",
                     m.label("zh-Hans"), m.label("en")])
    stated = sorted(IMPORTANCE_MEANS, key=lambda c: -IMPORTANCE_MEANS[c])
    derived = sorted(IMPORTANCE_MEANS, key=lambda c: -total.get(c, 0))
    return f"""
## Stated importance

Each respondent also rated how important each LSQ dimension is to them
(`importance` questions of the questionnaire, scale `important5`: 1 = 非常不重要
/ Not at all important … 5 = 非常重要 / Extremely important), for
importance–performance analysis (Martilla & James 1977). Respondents *say*
cost and reliability matter most ({' > '.join(stated)} by stated importance),
which is not the order the SEM implies ({' ≥ '.join(derived)} by total effect on
SAT): stated and derived importance are meant to disagree here.

How they were drawn (careful rows): a latent rating μ + σ·(√ρ·g + √(1 − ρ)·e)
with σ = {IMPORTANCE_SD}, a general factor g shared by a respondent's five ratings
(ρ = {IMPORTANCE_CORR}, so any two latent ratings correlate {IMPORTANCE_CORR}) and
e specific to the question, both standard normal; the answer is the latent
rating rounded to the nearest whole number and clipped to 1–5. μ is chosen
(by bisection) so that the population mean of the **answers** is the stated
value: the probability of answer k is Φ((k + ½ − μ)/σ) − Φ((k − ½ − μ)/σ),
the end answers taking the tails. Straight-liners give their one answer here
too, speeders answer uniformly at random, duplicates copy their original,
and about {MISSING_RATE:.0%} of the normal and attention-check-failure rows' answers
are missing completely at random. None of this changes the screening: no
screening rule looks at importance answers.

{_table(['column', 'construct', 'population mean', 'latent μ', 'population SD of answers', 'SEM total effect on SAT',
         'sample mean, normal rows', 'zh-Hans text', 'en text'], rows)}
"""


def _ahp_generator():
    """``datasets/generate_ahp.py`` (the experts' AHP workbooks) as a module, imported by path like this file."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("lsq5_generate_ahp", HERE / "generate_ahp.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def data_card(sample: Sample) -> str:
    q, m, d = sample.questionnaire, sample.model, sample.data
    lat = m.latent_cov()
    exo = list(m.exogenous)
    r2 = m.r_squared()
    eff = m.std_effects()
    item_ids = sample.item_columns
    n_missing = int(d[item_ids].isna().sum().sum())
    imp_ids = sample.importance_columns
    scored_ids = [c for c in sample.missing_text.columns if c not in imp_ids]
    text_missing = sample.missing_text[scored_ids].stack().value_counts()
    chk = q.attention_checks
    speeders = d[sample.kind == "speeder"]
    passed = pd.Series(True, index=speeders.index)
    for c in chk:
        passed &= speeders[c.id].eq(c.expected)
    speed_pass = int(passed.sum())
    straight_counts = {v: int((sample.straight_value == v).sum()) for v in STRAIGHT_VALUES}
    median = float(d["duration"].median())
    wjx_cols = wjx_columns(q)
    matrix_heads = [c.header for c in wjx_cols if isinstance(c.question, Item) and c.question.construct in WJX_MATRICES]

    loading_rows = [[i.id, i.construct, _f(LOADINGS[i.id]), "yes" if i.reverse else "", i.label("zh-Hans"),
                     i.label("en")] for i in q.items]
    corr_rows = [[a] + [_f(lat.loc[a, b]) if j <= k else "" for j, b in enumerate(exo)]
                 for k, a in enumerate(exo)]
    path_rows = [[f"{o} ← {p}", _f(b)] for (o, p), b in PATHS.items()]
    implied_rows = [[a] + [_f(lat.loc[a, b]) for b in lat.columns] for a in lat.index]
    alpha_rows = [[c.id, len(c.items), _f(m.alpha(c.id), 3)] for c in q.constructs]
    effect_rows = [[r.outcome, r.predictor, _f(r.direct, 3), _f(r.indirect, 4), _f(r.total, 4)]
                   for r in eff.itertuples()]
    seg_rows = []
    for seg in q.segments:
        for o, share in zip(seg.options, _shares(seg)):
            seg_rows.append([seg.id, o.code, o.text("zh-Hans"), o.text("en"), f"{share:.0%}"])
    dup_rows = [[int(r), int(sample.duplicate_of[r - 1])] for r in sample.rows_of("duplicate")]
    clean_dict = [["respondent", "序号: 1–500 in submit order"],
                  ["submitted", "submit time, `YYYY/MM/DD HH:MM:SS` (September 2026, 07:00–24:00)"],
                  ["duration", "seconds taken (integer)"]]
    clean_dict += [[s.id, f"Q{s.number} {s.label('en')}: option code ("
                    + ", ".join(f"{o.code} = {o.text('en')}" for o in s.options) + ")"] for s in q.segments]
    imp_heads = {c.question.id: c.header for c in wjx_cols if isinstance(c.question, ImportanceItem)}
    for x in q.questions:
        if isinstance(x, Item):
            note = ", reverse-keyed, not recoded" if x.reverse else ""
            clean_dict.append([x.id, f"Q{x.number} ({x.construct}{note}): {x.label('en')} — "
                               f"1…{x.scale.points}, {x.scale.describe('en')}"])
        elif isinstance(x, AttentionCheck):
            clean_dict.append([x.id, f"Q{x.number} attention check (after {x.after}; instructed answer"
                               f" {x.expected}): {x.label('en')}"])
        elif isinstance(x, ImportanceItem):
            clean_dict.append([x.id, f"Q{x.number} stated importance of {x.construct}: {x.label('en')} — "
                               f"1…{x.scale.points}, {x.scale.describe('en')}"])

    expected = ", ".join(str(c.expected) for c in chk)
    careless_rows = [
        ["straight-liner", N_STRAIGHT,
         f"the same answer, {' or '.join(map(str, STRAIGHT_VALUES))} (shown after each row), on every Likert item, "
         "the reverse-keyed item and the attention check ("
         + "; ".join(f"answer {v}: {c} rows" for v, c in straight_counts.items())
         + f"); normal duration. The instructed answer is {expected}, so **all of them also fail the attention"
         " check**",
         ", ".join(f"{r} ({sample.straight_value[r - 1]})" for r in sample.rows_of("straightliner"))],
        ["speeder", N_SPEEDERS,
         f"duration uniform {SPEEDER_RANGE[0]}–{SPEEDER_RANGE[1]} s (< 1/3 of the median {median:.1f} s = "
         f"{median / 3:.1f} s); uniform random answers on every item and the check ({speed_pass} of them happen "
         "to give the instructed answer)",
         ", ".join(map(str, sample.rows_of("speeder")))],
        ["attention-check failure", N_ATTENTION,
         "a normal simulated respondent whose check answer is any code but the instructed one",
         ", ".join(map(str, sample.rows_of("attention")))],
        ["duplicate", N_DUPLICATES,
         "exact copy of an earlier normal row's segments and answers (missing cells included), submitted later "
         "from the same IP",
         ", ".join(f"{a} (copy of {b})" for a, b in dup_rows)],
    ]
    n_careless = N_STRAIGHT + N_SPEEDERS + N_ATTENTION + N_DUPLICATES
    importance_section = _importance_card(sample, imp_heads) if imp_ids else ""
    imp_missing = int(d[imp_ids].isna().sum().sum()) if imp_ids else 0
    matrix_numbers = ", ".join(sorted({c.header.split("题")[0].removeprefix("第") for c in wjx_cols
                                       if c.header.startswith("第")}, key=int))
    reverse = ", ".join(q.reverse_items)
    file_rows = [
        ["`lsq5_sample.csv`", "the clean table: UTF-8, one row per response, answers as numeric codes exactly as "
         f"answered (reverse-keyed {reverse} **not** recoded), missing answers as empty cells"],
        ["`lsq5_wjx_gbk.csv`", "the same 500 responses as a 问卷星 (Wenjuanxing) \"按选项文本\" CSV export, "
         "**GBK-encoded**, answers as option text, missing answers as `(跳过)` or `-3`"],
        ["`generate.py`", "the script that writes them"],
        ["`lsq5_ahp_expert1.xlsx`, `lsq5_ahp_expert2.xlsx`, `lsq5_ahp_expert3.xlsx`", "three experts' filled-in "
         "AHP workbooks for the LSQ-5 evaluation index (simulated judgements; see "
         "[Expert AHP judgements](#expert-ahp-judgements-for-the-lsq-5-index))"],
        ["`generate_ahp.py`", "the script that writes the three AHP workbooks"],
        ["`README.md`", "this data card (written by the script)"],
    ]

    lines = f"""# Sample data: simulated `lsq5` survey (500 responses)

**These data are simulated. No real person answered this survey**; every
row, IP address and timestamp was drawn by `datasets/generate.py` from the
population values below. Use them for examples, tutorials and tests.

## Files

{_table(['file', 'what it is'], file_rows)}

Regenerate (byte-identical): `python datasets/generate.py` (seed {sample.seed}).
The same responses in every import format the toolkit reads (问卷星 text in
GBK / UTF-8 with BOM / GB18030, 问卷星 option numbers as .xlsx / .xls / .sav,
Qualtrics, SurveyMonkey, Google Forms, and the clean table):
`python datasets/generate.py --all-formats DIR` or
`write_all_formats(DIR)` from the script.
A larger sample from the same population, with the careless rows in the same
shares (e.g. 100 000 respondents, for `benchmarks/scale.py`):
`python datasets/generate.py --n 100000 --out FILE`, one 问卷星 GBK export.

## How the data were generated

Questionnaire: `questionnaires/{Path(q.source_file or 'lsq5.yaml').name}` ({len(q.items)} Likert items
in {len(q.constructs)} constructs, {len(q.segments)} segment questions, attention check
{', '.join(f'{c.id} (instructed answer {c.expected}, after {c.after})' for c in chk)},
{len(imp_ids)} stated-importance questions).

1. Latent scores and continuous item scores from a standardised recursive
   SEM (`research.simulate.PopulationModel`, `simulate_continuous`): every
   latent and item has variance 1; item = λ·latent + √(1 − λ²)·error.
2. Answers: continuous scores cut at {', '.join(str(t) for t in LIKERT5_THRESHOLDS)}
   (`research.simulate.to_likert`), giving population shares 3.6 / 14.8 / 35.6 /
   34.5 / 11.5 % for answers 1–5 (slightly agree-skewed).
3. Reverse-keyed items ({', '.join(q.reverse_items)}): the written answer is
   6 − the simulated agreement, so recode it (6 − answer) before analysis.
4. About {MISSING_RATE:.0%} of the Likert answers of the careful-looking respondents
   (normal and attention-check failures) are missing completely at random:
   {n_missing} cells in all. In `lsq5_wjx_gbk.csv` each missing cell is written
   `(跳过)` ({int(text_missing.get('(跳过)', 0))} cells) or `-3` ({int(text_missing.get('-3', 0))} cells).
5. Segments are drawn independently of the answers, with the shares below.
6. Durations: lognormal, median {DURATION_MEDIAN:.0f} s, log-SD {DURATION_SIGMA}, redrawn
   outside {DURATION_RANGE[0]}–{DURATION_RANGE[1]} s; the realised median of all 500 rows is
   {median:.1f} s. Submit times uniform over 1–30 September 2026, 07:00–24:00;
   rows are in submit order. IPs are random mobile-network addresses with a
   random city, as 问卷星 shows them (`117.136.12.34(江苏-南京)`).
7. Random streams: `numpy.random.SeedSequence({sample.seed}).spawn({N_STREAMS})`, one
   stream per ingredient (careless positions, answers, careless answers,
   missing cells, segments, times, metadata, missing-cell text, and last the
   stated-importance answers). The importance stream was added after the
   others and is drawn after everything else, so every other column is the
   same as in the data before importance questions existed.
8. Stated importance ({', '.join(imp_ids)}): see
   [Stated importance](#stated-importance) below; {imp_missing} cells are missing.

## Population values

Standardised loadings (λ; item error variance 1 − λ²):

{_table(['item', 'construct', 'λ', 'reverse', 'zh-Hans text', 'en text'], loading_rows)}

Correlations among the exogenous constructs (Φ; positive definite):

{_table([''] + exo, corr_rows)}

Structural paths (standardised β); R² = {', '.join(f'{c} {_f(v, 4)}' for c, v in r2.items())}
(residual variances {', '.join(f'{c} {_f(1 - v, 4)}' for c, v in r2.items())}):

{_table(['path', 'β'], path_rows)}

Model-implied correlations of all constructs:

{_table([''] + list(lat.columns), implied_rows)}

Standardised effects (direct, indirect via the model, total):

{_table(['outcome', 'predictor', 'direct', 'indirect', 'total'], effect_rows)}

Population Cronbach's α of the continuous items, α = k/(k−1)·(1 − k/[(Σλ)² + Σ(1−λ²)]).
Cutting into 5 categories with these thresholds lowers inter-item
correlations by about 9 % and α by about .03 (computed exactly by
bivariate-normal integration), so the Likert answers' α is about .03 lower:

{_table(['construct', 'k', 'α (continuous)'], alpha_rows)}

Segment shares:

{_table(['segment', 'code', 'zh-Hans', 'en', 'share'], seg_rows)}
{importance_section}
## Careless respondents

{N_TOTAL} rows = {int((sample.kind == 'normal').sum())} normal + {N_STRAIGHT} straight-liners + {N_SPEEDERS} speeders
+ {N_ATTENTION} attention-check failures + {N_DUPLICATES} duplicate submissions, placed at random
positions (row numbers below are the `respondent` / 序号 values).

{_table(['kind', 'n', 'how built', 'rows (respondent)'], careless_rows)}

So with the default screening (straight-lining, speed < 1/3 median, attention
check, duplicates) {n_careless} rows are excluded and {N_TOTAL - n_careless} normal rows remain;
the attention check alone flags {N_ATTENTION + N_STRAIGHT + N_SPEEDERS - speed_pass} rows. The generator checks
that no normal row straight-lines, speeds, fails the check or duplicates another by chance.

## Encoding and layout

- `lsq5_sample.csv`: UTF-8 without BOM, comma-separated, CRLF line ends,
  one header row.
- `lsq5_wjx_gbk.csv`: GBK (code page 936), as Excel on a Chinese Windows
  saves a CSV; it does not decode as UTF-8. Read it with
  `research.load_responses("datasets/lsq5_wjx_gbk.csv", "lsq5")`, or
  `pandas.read_csv(..., encoding="gbk")`. CRLF line ends, one header row.

## Column dictionary

`lsq5_sample.csv`:

{_table(['column', 'meaning'], clean_dict)}

`lsq5_wjx_gbk.csv` (问卷星 按选项文本):

| column | meaning |
|---|---|
| 序号 | respondent number (= `respondent`) |
| 提交答卷时间 | submit time, `2026/09/03 12:00:00` |
| 所用时间 | duration as text, e.g. `312秒` |
| 来源 | 手机提交 / 微信 / 链接 |
| 来源详情 | 直接访问 or N/A |
| 来自IP | `IP(省-市)` |
| `N、<question text>` | segments, the five LSQ dimensions' items and the attention check; N = the question's number in the questionnaire; answers as zh-Hans option text |
| `第M题(<item text>)` | {', '.join(WJX_MATRICES)} as 问卷星 matrix questions, M = {matrix_numbers} (the next free \
numbers); answers as zh-Hans labels |
| `N、<importance question>` | the stated-importance questions, last, numbered on from the matrices \
({', '.join(imp_heads[i].split('、')[0] for i in imp_ids)}: 问卷星 counts each matrix as one question, so these \
numbers are not the questionnaire's {', '.join(str(q.importance[k].number) for k in range(len(imp_ids)))}; \
the columns map by their text); answers as zh-Hans labels of `important5` |

Matrix column headers: {', '.join(f'`{h}`' for h in matrix_heads)}.

Importance column headers: {', '.join(f'`{imp_heads[i]}`' for i in imp_ids)}.

## Other formats (`--all-formats DIR`, not committed)

{_table(['file', 'layout'], FORMAT_NOTES)}

{_ahp_generator().data_card()}
## Licence

Data and this card: CC0 1.0 Universal (public domain dedication). The
generator script is part of the toolkit and under its MIT licence.
"""
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all-formats", metavar="DIR", help="write every export format into DIR")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--n", type=int, metavar="N",
                        help="write one 问卷星 GBK export of N respondents (to --out) instead of the sample")
    parser.add_argument("--out", metavar="FILE", help="where --n writes (default: lsq5_wjx_gbk_N.csv here)")
    args = parser.parse_args(argv)
    if args.n is not None:
        if args.n < 100:
            parser.error("--n: at least 100 respondents")
        out = args.out or HERE / f"lsq5_wjx_gbk_{args.n}.csv"
        print(write_export(out, args.n, args.seed))
        return 0
    written = write_all_formats(args.all_formats, args.seed) if args.all_formats else \
        write_sample_files(HERE, args.seed) | _ahp_generator().write_workbooks(HERE)
    for name, path in written.items():
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
