"""Screening: find careless, incomplete and duplicate responses, and say why.

``screen(responses)`` flags every respondent on every rule and excludes the
ones the :class:`ScreeningPolicy` asks for.  Nothing is lost: the input is
never modified, every excluded row is listed with all its reasons and the
values behind them (in English, 简体中文 and 繁體中文), and the flags of
every respondent are kept, excluded or not.

The rules follow common practice in survey research:

- **missing answers**: more than ``max_missing_share`` of the Likert items
  left blank;
- **straight-lining** (long-string responding): the same box ticked for every
  item, judged on the answers as given, before reverse keying — a careless
  respondent ticks the same box whatever the item's direction (Meade & Craig
  2012, *Identifying careless responses in survey data*, Psychological
  Methods 17(3), 437–455);
- **speeding**: a completion time below a fraction of the median (Greszki,
  Meyer & Schoen 2015, *Exploring the effects of removing "too fast"
  responses and respondents from web surveys*, Public Opinion Quarterly
  79(2), 471–503) or below a fixed number of seconds;
- **attention checks** (instructed-response items, "please choose
  'disagree' here"): any answer but the instructed one fails (Meade & Craig
  2012);
- **duplicates**: a row identical to an earlier one (the first is kept);
- **out-of-range values**: answers outside the scale, as found on import.

Stated-importance answers (``Responses.importance``) play no part in any
rule: they are not indicators of a construct, a respondent may sincerely
rate every aspect "非常重要", and a blank or off-scale importance answer says
nothing about the care taken over the items.  They are only carried along,
so that ``kept`` keeps them aligned with the kept rows.

>>> s = screen(responses)                      # the default policy
>>> s = screen(responses, speeder_fraction=0.5, straightlining="block")
>>> print(s.summary("zh-Hans")); s.table()
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields, replace
from fractions import Fraction

import numpy as np
import pandas as pd

from .errors import invalid_option as _invalid
from .messages import Note, note_texts, shorten
from .responses import Responses

REASONS = ("missing", "straightlining", "speeder", "attention", "duplicate", "out_of_range")

REASON_LABELS: dict[str, dict[str, str]] = {
    "missing": {"zh-Hans": "缺失过多", "zh-Hant": "遺漏過多", "en": "too many missing answers"},
    "straightlining": {"zh-Hans": "直线作答（所有题目选同一选项）", "zh-Hant": "直線作答（所有題目選同一選項）",
                       "en": "straight-lining (same answer throughout)"},
    "speeder": {"zh-Hans": "作答时间过短", "zh-Hant": "作答時間過短", "en": "speeder (answered too fast)"},
    "attention": {"zh-Hans": "未通过注意力检测题", "zh-Hant": "未通過注意力檢測題", "en": "failed attention check"},
    "duplicate": {"zh-Hans": "重复答卷", "zh-Hant": "重複答卷", "en": "duplicate response"},
    "out_of_range": {"zh-Hans": "有超出量表范围的答案", "zh-Hant": "有超出量表範圍的答案",
                     "en": "answers outside the scale"},
}

EXCLUDED_COLUMNS = ("row", "respondent", "reasons", "details", "details_zh", "details_zh_hant")
_DETAILS_COLUMN = {"en": "details", "zh-Hans": "details_zh", "zh-Hant": "details_zh_hant"}


def reason_text(reasons, lang: str) -> str:
    """Reason codes (``["speeder", "attention"]``) as the reader's words: "作答时间过短、未通过注意力检测题"."""
    lang = lang if lang in _DETAILS_COLUMN else "en"
    labels = [REASON_LABELS[r][lang] if r in REASON_LABELS else str(r) for r in reasons or ()]
    return ("; " if lang == "en" else "、").join(labels)


def details_text(row, lang: str) -> str:
    """An excluded row's details (a row of ``Screening.excluded`` or of ``to_dict()["excluded"]``) in
    ``lang``; a row saved before 繁體中文 details existed gives its 简体中文 ones."""
    lang = lang if lang in _DETAILS_COLUMN else "en"
    for column in (_DETAILS_COLUMN[lang], "details_zh" if lang != "en" else "details", "details"):
        text = row.get(column) if hasattr(row, "get") else getattr(row, column, None)
        if isinstance(text, str) and text:
            return text
    return ""


def _say(*, en: str, zh_hans: str, zh_hant: str) -> tuple[str, str, str]:
    """One detail in the three languages, in the order the excluded table's columns have them."""
    return en, zh_hans, zh_hant


STRAIGHTLINING_CHOICES = ("grid", "block", "off")
OUT_OF_RANGE_CHOICES = ("exclude", "missing")
MIN_GRID_ITEMS = 5    # a grid needs this many answered items before a constant answer means anything
MIN_BLOCK_ITEMS = 3   # likewise for one construct's block
MIN_DUPLICATE_ITEMS = 15  # identical answers to this many items are no coincidence
MAX_SHARED_NOTES = 10     # shared ids / IPs listed one by one; beyond this, a count and the first ones

_SUMMARY = {
    "en": {"head": "Screening: {n} responses read, {kept} kept, {excl} excluded.",
           "by": "Excluded by reason (a response can have several reasons):",
           "none": "No response was excluded.", "line": "  - {label}: {count}",
           "notes": "Notes ({k}):"},
    "zh-Hans": {"head": "筛选：共读取 {n} 份答卷，保留 {kept} 份，剔除 {excl} 份。",
                "by": "剔除原因（一份答卷可能有多个原因）：",
                "none": "没有剔除任何答卷。", "line": "  - {label}：{count} 份",
                "notes": "备注（{k} 条）："},
    "zh-Hant": {"head": "篩選：共讀取 {n} 份答卷，保留 {kept} 份，剔除 {excl} 份。",
                "by": "剔除原因（一份答卷可能有多個原因）：",
                "none": "沒有剔除任何答卷。", "line": "  - {label}：{count} 份",
                "notes": "備註（{k} 條）："},
}


def _is_number(x) -> bool:
    return isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(x, (bool, np.bool_)) \
        and math.isfinite(x)


@dataclass(frozen=True)
class ScreeningPolicy:
    """Which screening rules exclude a respondent, and their thresholds.

    Every rule is *reported* for every respondent whatever the policy; the
    policy only decides what is excluded.

    - ``max_missing_share``: exclude a respondent missing more than this share
      of the Likert items (a share equal to it is kept; 0 keeps complete cases only).
    - ``straightlining``: ``"grid"`` excludes a respondent who gave the same
      answer to every answered Likert item (at least 5 answered);
      ``"block"`` also excludes one whose answers are identical within at
      least ``max_straight_blocks_share`` of the construct blocks that have
      3 or more answered items (default 1.0: every such block);
      ``"off"`` never excludes.
    - ``speeder_fraction``: a speeder took strictly less than this fraction of
      the median duration; ``speeder_seconds``, when given, is a fixed
      threshold in seconds that replaces the fraction.  Both ``None``: off.
    - ``attention``: exclude respondents who fail an attention check.
    - ``duplicates``: exclude a row identical to an earlier row.
    - ``out_of_range``: ``"exclude"`` rows with an answer outside its scale, or
      ``"missing"`` to keep them (the value is already missing in the items).
    """

    max_missing_share: float = 0.2
    straightlining: str = "grid"
    max_straight_blocks_share: float = 1.0
    speeder_fraction: float | None = 1 / 3
    speeder_seconds: float | None = None
    attention: bool = True
    duplicates: bool = True
    out_of_range: str = "exclude"

    def __post_init__(self):
        v = self.max_missing_share
        if not _is_number(v) or not 0 <= v <= 1:
            raise _invalid("max_missing_share", f"{v!r} ∉ [0, 1]",
                           "Give a share between 0 and 1, e.g. 0.2 to exclude respondents missing more than 20% of the items.",
                           "请给出 0 到 1 之间的比例，例如 0.2 表示剔除缺失超过 20% 题目的答卷。",
                           "請給出 0 到 1 之間的比例，例如 0.2 表示剔除遺漏超過 20% 題目的答卷。")
        for name in ("max_straight_blocks_share", "speeder_fraction"):
            v = getattr(self, name)
            if name == "speeder_fraction" and v is None:
                continue
            if not _is_number(v) or not 0 < v <= 1:
                raise _invalid(name, f"{v!r} ∉ (0, 1]",
                               "Give a fraction greater than 0 and at most 1, e.g. 0.5 or 1/3.",
                               "请给出大于 0 且不超过 1 的比例，例如 0.5 或 1/3。",
                               "請給出大於 0 且不超過 1 的比例，例如 0.5 或 1/3。")
        v = self.speeder_seconds
        if v is not None and (not _is_number(v) or v <= 0):
            raise _invalid("speeder_seconds", f"{v!r} ≤ 0" if _is_number(v) else f"{v!r}",
                           "Give a positive number of seconds (e.g. 60), or leave it out to use the fraction of the median.",
                           "请给出正的秒数（例如 60），或不设置以使用中位数的比例。",
                           "請給出正的秒數（例如 60），或不設定以使用中位數的比例。")
        for name, choices in (("straightlining", STRAIGHTLINING_CHOICES), ("out_of_range", OUT_OF_RANGE_CHOICES)):
            v = getattr(self, name)
            if v not in choices:
                listed = ", ".join(f'"{c}"' for c in choices)
                raise _invalid(name, f"{v!r} ∉ {{{listed}}}", f"Use one of {listed}.",
                               f"请使用 {listed} 之一。", f"請使用 {listed} 之一。")
        for name in ("attention", "duplicates"):
            v = getattr(self, name)
            if not isinstance(v, (bool, np.bool_)):
                raise _invalid(name, f"{v!r} ∉ {{True, False}}", "Use True or False.",
                               "请使用 True 或 False。", "請使用 True 或 False。")


@dataclass(frozen=True, eq=False)
class Screening:
    """The result of :func:`screen`.

    ``kept`` holds the responses that pass; ``excluded`` lists every excluded
    row (Excel row, respondent, reason codes, details in English,
    简体中文 and 繁體中文: ``details``, ``details_zh``, ``details_zh_hant``);
    ``flags`` has one row per respondent with every rule's value.
    :func:`reason_text` and :func:`details_text` give a row's reasons and
    details in a language.
    """

    kept: Responses
    excluded: pd.DataFrame
    flags: pd.DataFrame
    missing_by_item: pd.DataFrame
    missing_by_respondent: pd.DataFrame
    notes: list = field(default_factory=list)
    policy: ScreeningPolicy = field(default_factory=ScreeningPolicy)

    @property
    def n(self) -> int:
        return len(self.flags)

    @property
    def n_kept(self) -> int:
        return len(self.kept)

    @property
    def n_excluded(self) -> int:
        return len(self.excluded)

    def counts(self) -> dict[str, int]:
        """Number of excluded rows per reason (a row counts once per reason it has)."""
        return {code: int(sum(code in reasons for reasons in self.excluded["reasons"])) for code in REASONS}

    def table(self) -> pd.DataFrame:
        """The excluded rows with their reasons."""
        return self.excluded

    def summary(self, lang: str = "en") -> str:
        """A short text: responses read, kept, excluded, and exclusions by reason."""
        if lang not in _SUMMARY:
            lang = "en"
        t = _SUMMARY[lang]
        lines = [t["head"].format(n=self.n, kept=self.n_kept, excl=self.n_excluded)]
        counts = {k: v for k, v in self.counts().items() if v}
        if counts:
            lines.append(t["by"])
            lines += [t["line"].format(label=REASON_LABELS[k][lang], count=v) for k, v in counts.items()]
        else:
            lines.append(t["none"])
        if self.notes:
            lines.append(t["notes"].format(k=len(self.notes)))
            lines += ["  - " + note_texts(note)[lang] for note in self.notes]
        return "\n".join(lines)

    def to_dict(self) -> dict:
        """A JSON-safe summary: counts, excluded rows with reasons, policy, notes."""
        return {
            "n": self.n,
            "n_kept": self.n_kept,
            "n_excluded": self.n_excluded,
            "counts": self.counts(),
            "excluded": [
                {"row": _json_value(r.row), "respondent": _json_value(r.respondent), "reasons": list(r.reasons),
                 "details": r.details, "details_zh": r.details_zh, "details_zh_hant": r.details_zh_hant}
                for r in self.excluded.itertuples(index=False)
            ],
            "policy": asdict(self.policy),
            "notes": [str(n) for n in self.notes],
        }


def _json_value(v):
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.floating):
        return float(v)
    return v if isinstance(v, (int, float, str, bool)) else str(v)


# --------------------------------------------------------------------------
# screening
# --------------------------------------------------------------------------

def screen(responses: Responses, policy: ScreeningPolicy | None = None, **overrides) -> Screening:
    """Flag every respondent on every rule and exclude those the policy names.

    ``overrides`` are :class:`ScreeningPolicy` fields applied on top of
    ``policy`` (or the default), e.g. ``screen(r, speeder_fraction=0.5)``.
    ``responses`` is left unchanged; ``Screening.kept`` is a new object.

    Each rule is computed on all rows of the input independently of the others
    (e.g. the speeder median is over every response with a duration, and a
    duplicate names the first identical row even if that row is excluded too).
    """
    if not isinstance(responses, Responses):
        raise _invalid("responses", type(responses).__name__,
                       "Pass the Responses returned by research.load_responses(...).",
                       "请传入 research.load_responses(...) 返回的 Responses 对象。",
                       "請傳入 research.load_responses(...) 回傳的 Responses 物件。")
    if policy is None:
        policy = ScreeningPolicy()
    elif not isinstance(policy, ScreeningPolicy):
        raise _invalid("policy", type(policy).__name__, "Pass a ScreeningPolicy(...) or leave it out.",
                       "请传入 ScreeningPolicy(...)，或不设置。", "請傳入 ScreeningPolicy(...)，或不設定。")
    known = {f.name for f in fields(ScreeningPolicy)}
    for name in overrides:
        if name not in known:
            listed = ", ".join(sorted(known))
            raise _invalid(name, f"{name} ∉ {{{listed}}}", f"Use one of the policy options: {listed}.",
                           f"请使用以下筛选选项之一：{listed}。", f"請使用以下篩選選項之一：{listed}。")
    if overrides:
        policy = replace(policy, **overrides)

    notes: list[Note] = []
    n = len(responses)
    meta = responses.meta
    rows = meta["row"].tolist()
    respondents = meta["respondent"].tolist() if "respondent" in meta else [None] * n
    flags = pd.DataFrame({"row": rows, "respondent": respondents})
    details: list[dict[str, tuple[str, str, str]]] = [{} for _ in range(n)]  # position -> reason -> (en, zh-Hans, zh-Hant)

    _check_missing(responses, policy, flags, details, notes)
    _check_straightlining(responses, policy, flags, details)
    _check_speed(responses, policy, flags, details, notes)
    _check_attention(responses, policy, flags, details, notes)
    _check_duplicates(responses, policy, flags, details, notes)
    _check_out_of_range(responses, policy, flags, details)

    excluded_rows, kept_positions = [], []
    for pos in range(n):
        reasons = [code for code in REASONS if code in details[pos]]
        if reasons:
            excluded_rows.append({
                "row": rows[pos], "respondent": respondents[pos], "reasons": reasons,
                "details": "; ".join(details[pos][c][0] for c in reasons),
                "details_zh": "；".join(details[pos][c][1] for c in reasons),
                "details_zh_hant": "；".join(details[pos][c][2] for c in reasons),
            })
        else:
            kept_positions.append(pos)
    flags["excluded"] = [bool(details[pos]) for pos in range(n)]
    excluded = pd.DataFrame(excluded_rows, columns=list(EXCLUDED_COLUMNS))

    items = responses.items
    n_missing = items.isna().sum()
    missing_by_item = pd.DataFrame({
        "item": list(items.columns),
        "n_missing": n_missing.astype(int).tolist(),
        "share": (n_missing / n).tolist() if n else [float("nan")] * len(items.columns),
    })
    missing_by_respondent = flags[["row", "respondent", "n_missing", "missing_share"]].copy()

    # subset() takes the same rows of every frame, Responses.importance included.
    return Screening(kept=responses.subset(kept_positions), excluded=excluded, flags=flags,
                     missing_by_item=missing_by_item, missing_by_respondent=missing_by_respondent,
                     notes=notes, policy=policy)


def _exceeds(value: float, limit: float) -> bool:
    """``value > limit``, with a value equal to the limit up to rounding counted as not exceeding it."""
    return value > limit and not math.isclose(value, limit, rel_tol=1e-12, abs_tol=1e-12)


def _below(value: float, limit: float) -> bool:
    return value < limit and not math.isclose(value, limit, rel_tol=1e-12, abs_tol=1e-12)


def _num(x: float) -> str:
    """41 → '41', 41.25 → '41.2'."""
    return f"{x:.0f}" if float(x).is_integer() else f"{x:.1f}"


def _code(v) -> str:
    return _num(v) if _is_number(v) else shorten(v, 30)


def _fraction_text(f: float) -> str:
    """1/3 → '1/3', 0.5 → '1/2', 0.37 → '37%'."""
    frac = Fraction(f).limit_denominator(10)
    if math.isclose(float(frac), f, rel_tol=1e-9):
        return "1" if frac == 1 else f"{frac.numerator}/{frac.denominator}"
    return f"{f:.0%}"


def _check_missing(responses, policy, flags, details, notes):
    items = responses.items
    k = items.shape[1]
    n_missing = items.isna().sum(axis=1).astype(int)
    flags["n_missing"] = n_missing.to_numpy()
    if k == 0:
        flags["missing_share"] = np.nan
        notes.append(Note(en="No Likert items in the data: missing-answer check skipped",
                          zh_hans="数据中没有量表题：未检查缺失", zh_hant="資料中沒有量表題：未檢查遺漏"))
        return
    share = n_missing / k
    flags["missing_share"] = share.to_numpy()
    limit = policy.max_missing_share
    for pos, (m, s) in enumerate(zip(n_missing, share)):
        if _exceeds(s, limit):
            details[pos]["missing"] = _say(
                en=f"{m} of {k} items missing ({s:.0%} > {limit:.0%})",
                zh_hans=f"{k} 个题目中缺失 {m} 个（{s:.0%} > {limit:.0%}）",
                zh_hant=f"{k} 個題目中遺漏 {m} 個（{s:.0%} > {limit:.0%}）",
            )


def _check_straightlining(responses, policy, flags, details):
    """Straight-lining on the answers as given (before reverse keying): Meade & Craig 2012.

    Construct items only: identical stated-importance answers ("all very important") are common among
    careful respondents and are not looked at (module docstring).
    """
    answers = responses.answers
    answered = answers.notna().sum(axis=1)
    grid = (answered.to_numpy() >= MIN_GRID_ITEMS) & _one_value(answers)
    flags["straight_grid"] = grid

    q = responses.questionnaire
    blocks = []  # (construct id, eligible per row, straight per row)
    for c in q.constructs:
        cols = [i for i in c.item_ids if i in answers.columns]
        if not cols:
            continue
        block = answers[cols]
        eligible = (block.notna().sum(axis=1) >= MIN_BLOCK_ITEMS).to_numpy()
        straight = eligible & _one_value(block)
        blocks.append((c.id, eligible, straight))
    n = len(answers)
    n_eligible = np.sum([b[1] for b in blocks], axis=0) if blocks else np.zeros(n, dtype=int)
    n_straight = np.sum([b[2] for b in blocks], axis=0) if blocks else np.zeros(n, dtype=int)
    flags["straight_blocks"] = np.asarray(n_straight, dtype=int)

    if policy.straightlining == "off":
        return
    for pos in range(n):
        if grid[pos]:
            value = _code(answers.iloc[pos].dropna().iloc[0])
            m = int(answered.iloc[pos])
            details[pos]["straightlining"] = _say(en=f"same answer ({value}) to all {m} answered items",
                                                  zh_hans=f"{m} 个已答题目全部选择同一答案（{value}）",
                                                  zh_hant=f"{m} 個已答題目全部選擇同一答案（{value}）")
        elif policy.straightlining == "block" and n_eligible[pos] > 0 \
                and not _below(n_straight[pos] / n_eligible[pos], policy.max_straight_blocks_share):
            names = [cid for cid, _, straight in blocks if straight[pos]]
            s, e = int(n_straight[pos]), int(n_eligible[pos])
            details[pos]["straightlining"] = _say(
                en=f"identical answers within {s} of {e} construct blocks ({', '.join(names)})",
                zh_hans=f"{e} 个构念中有 {s} 个构念内答案完全相同（{'、'.join(names)}）",
                zh_hant=f"{e} 個構念中有 {s} 個構念內答案完全相同（{'、'.join(names)}）",
            )


def _one_value(block: pd.DataFrame) -> np.ndarray:
    """Per row: every answered (non-missing) number the same, at least one answered."""
    values = block.to_numpy(dtype=float)
    blank = np.isnan(values)
    lowest = np.where(blank, np.inf, values).min(axis=1, initial=np.inf)
    highest = np.where(blank, -np.inf, values).max(axis=1, initial=-np.inf)
    return lowest == highest


def _check_speed(responses, policy, flags, details, notes):
    """Speeders: Greszki, Meyer & Schoen 2015 (a fraction of the median time)."""
    meta = responses.meta
    n = len(meta)
    duration = pd.to_numeric(meta["duration"], errors="coerce").astype(float) if "duration" in meta \
        else pd.Series(np.nan, index=meta.index)
    flags["duration"] = duration.to_numpy()
    flags["speeder"] = np.zeros(n, dtype=bool)
    if policy.speeder_seconds is None and policy.speeder_fraction is None:
        return
    if duration.isna().all():
        notes.append(Note(en="No response durations in the data: speeder check skipped",
                          zh_hans="数据中没有作答时长：未检查作答过快", zh_hant="資料中沒有作答時間：未檢查作答過快"))
        return
    if policy.speeder_seconds is not None:
        limit = float(policy.speeder_seconds)
        why_en, why_zh, why_zh_hant = "fixed threshold", "固定阈值", "固定門檻"
    else:
        median = float(duration.median())
        limit = policy.speeder_fraction * median
        frac = _fraction_text(policy.speeder_fraction)
        why_en, why_zh, why_zh_hant = (f"{frac} of median {_num(median)} s", f"中位数 {_num(median)} 秒的 {frac}",
                                       f"中位數 {_num(median)} 秒的 {frac}")
    speeder = np.array([not math.isnan(d) and _below(d, limit) for d in duration])
    flags["speeder"] = speeder
    for pos in np.flatnonzero(speeder):
        d = duration.iloc[pos]
        details[pos]["speeder"] = _say(en=f"duration {_num(d)} s < {_num(limit)} s ({why_en})",
                                       zh_hans=f"作答时长 {_num(d)} 秒 < {_num(limit)} 秒（{why_zh}）",
                                       zh_hant=f"作答時間 {_num(d)} 秒 < {_num(limit)} 秒（{why_zh_hant}）")


def _check_attention(responses, policy, flags, details, notes):
    """Instructed-response items: any answer but the instructed one fails (Meade & Craig 2012).

    A blank answer fails too: the check was on the page and was skipped.
    """
    checks = responses.questionnaire.attention_checks
    present = [c for c in checks if c.id in responses.checks.columns]
    for c in checks:
        if c.id not in responses.checks.columns:
            notes.append(Note(en=f"Attention check {c.id} is not in the data: skipped",
                              zh_hans=f"数据中没有注意力检测题 {c.id}：未检查",
                              zh_hant=f"資料中沒有注意力檢測題 {c.id}：未檢查"))
    n = len(responses)
    if not present:
        if not checks and policy.attention:
            notes.append(Note(en="The questionnaire has no attention checks", zh_hans="问卷没有注意力检测题",
                              zh_hant="問卷沒有注意力檢測題"))
        flags["attention_failed"] = pd.array([pd.NA] * n, dtype="boolean")
        return
    failed_any = np.zeros(n, dtype=bool)
    texts = [[] for _ in range(n)]
    for c in present:
        values = pd.to_numeric(responses.checks[c.id], errors="coerce").astype(float)
        for pos, v in enumerate(values):
            if math.isnan(v):
                failed_any[pos] = True
                texts[pos].append(_say(en=f"{c.id} not answered, expected {c.expected}",
                                       zh_hans=f"{c.id} 未作答，应为 {c.expected}",
                                       zh_hant=f"{c.id} 未作答，應為 {c.expected}"))
            elif v != c.expected:
                failed_any[pos] = True
                texts[pos].append(_say(en=f"{c.id} = {_code(v)}, expected {c.expected}",
                                       zh_hans=f"{c.id} = {_code(v)}，应为 {c.expected}",
                                       zh_hant=f"{c.id} = {_code(v)}，應為 {c.expected}"))
    flags["attention_failed"] = pd.array(failed_any, dtype="boolean")
    if not policy.attention:
        return
    for pos in np.flatnonzero(failed_any):
        details[pos]["attention"] = ("; ".join(t[0] for t in texts[pos]), "；".join(t[1] for t in texts[pos]),
                                     "；".join(t[2] for t in texts[pos]))


def _cell(v):
    """A value as a comparable key part; every kind of missing becomes None."""
    if v is None or (not isinstance(v, (list, tuple, dict)) and pd.isna(v)):
        return None
    if isinstance(v, (np.integer, np.floating)):
        return v.item()
    return v


def _rows_list(rows, limit=10) -> tuple[str, str]:
    shown = [str(r) for r in rows[:limit]]
    more = len(rows) > limit
    return ", ".join(shown) + (", …" if more else ""), "、".join(shown) + ("……" if more else "")


def _same_source(meta: pd.DataFrame):
    """A test: do rows i and j share a respondent id or an IP address?"""
    columns = [meta[c].tolist() for c in ("respondent", "ip") if c in meta]

    def same(i: int, j: int) -> bool:
        return any(_cell(col[i]) is not None and _cell(col[i]) == _cell(col[j]) for col in columns)

    return same


def _check_duplicates(responses, policy, flags, details, notes):
    """Identical rows (answers to all items, segments and checks); shared ids and IPs as notes.

    Stated-importance answers are left out on purpose (see the module docstring).
    """
    n = len(responses)
    rows = flags["row"].tolist()
    frame = pd.concat([responses.answers, responses.segments, responses.checks], axis=1)
    duplicate_of = [pd.NA] * n
    answered = responses.answers.notna().sum(axis=1).tolist()
    same_source = _same_source(responses.meta)
    chance = []
    for pos, earlier in _earlier_copies(frame):
        duplicate_of[pos] = rows[earlier]
        # On a short grid careful respondents share answer patterns by chance, so
        # identical answers alone prove a resubmission only on a long grid.
        proven = answered[pos] >= MIN_DUPLICATE_ITEMS or same_source(earlier, pos)
        if not proven:
            chance.append(rows[pos])
        elif policy.duplicates:
            details[pos]["duplicate"] = _say(en=f"same answers as row {rows[earlier]}",
                                             zh_hans=f"与第 {rows[earlier]} 行的答案完全相同",
                                             zh_hant=f"與第 {rows[earlier]} 列的答案完全相同")
    if chance:
        en, zh = _rows_list(chance)
        notes.append(Note(
            en=f"Rows {en} repeat an earlier row's answers, but with fewer than {MIN_DUPLICATE_ITEMS} items "
               f"and no shared id or IP this happens by chance; not excluded",
            zh_hans=f"第 {zh} 行与之前某行答案相同，但题目少于 {MIN_DUPLICATE_ITEMS} 个且编号、IP 均不同，"
                    f"可能只是巧合，未剔除",
            zh_hant=f"第 {zh} 列與之前某列答案相同，但題目少於 {MIN_DUPLICATE_ITEMS} 個且編號、IP 皆不同，"
                    f"可能只是巧合，未剔除"))
    flags["duplicate_of"] = pd.array(duplicate_of, dtype="Int64")

    meta = responses.meta
    for column, en_name, en_plural, why_en, zh_name, why_zh, hant_name, why_hant in (
        ("respondent", "Respondent id", "respondent ids", "check the export",
         "答卷编号", "请检查导出文件", "答卷編號", "請檢查匯出檔案"),
        ("ip", "IP address", "IP addresses", "not excluded: students often share a campus network",
         "IP 地址", "未剔除：学生常共用校园网", "IP 位址", "未剔除：學生常共用校園網路"),
    ):
        if column not in meta:
            continue
        keys = pd.Series([None if v is None else str(v).strip() or None for v in map(_cell, meta[column])],
                         dtype=object)
        groups: dict = {}
        for pos in np.flatnonzero(keys.notna().to_numpy() & keys.duplicated(keep=False).to_numpy()):
            groups.setdefault(keys.iat[pos], []).append(rows[pos])
        shown = list(groups.items())
        if len(groups) > MAX_SHARED_NOTES:
            # in a large sample shared IPs are many and expected: one note with the count and a few examples
            n_rows = sum(len(where) for where in groups.values())
            gap = " " * zh_name[0].isascii()
            notes.append(Note(
                en=f"{len(groups)} {en_plural} appear on more than one row ({n_rows} rows in all; {why_en}); "
                   f"the first {MAX_SHARED_NOTES} follow",
                zh_hans=f"{len(groups)} 个{gap}{zh_name}出现在多行（共 {n_rows} 行；{why_zh}），"
                        f"以下列出前 {MAX_SHARED_NOTES} 个",
                zh_hant=f"{len(groups)} 個{gap}{hant_name}出現在多列（共 {n_rows} 列；{why_hant}），"
                        f"以下列出前 {MAX_SHARED_NOTES} 個"))
            shown = shown[:MAX_SHARED_NOTES]
        for value, where in shown:
            en, zh = _rows_list(where)
            value = shorten(value, 40)
            notes.append(Note(en=f"{en_name} {value} appears on rows {en} ({why_en})",
                              zh_hans=f"{zh_name} {value} 出现在第 {zh} 行（{why_zh}）",
                              zh_hant=f"{hant_name} {value} 出現在第 {zh} 列（{why_hant}）"))


def _earlier_copies(frame: pd.DataFrame):
    """``(position, position of the first identical row)`` for each row that repeats an earlier one,
    in row order.  Missing values of every kind are equal to each other; rows with nothing
    answered are never copies."""
    if frame.shape[1] == 0:
        return []
    codes = np.column_stack([pd.factorize(frame[c].astype(object).map(_cell), use_na_sentinel=False)[0]
                             if frame[c].dtype == object else
                             pd.factorize(frame[c], use_na_sentinel=False)[0] for c in frame.columns])
    _, first, group = np.unique(codes, axis=0, return_index=True, return_inverse=True)
    earlier = first[group.reshape(-1)]
    blank = frame.isna().all(axis=1).to_numpy()
    return [(int(pos), int(earlier[pos])) for pos in np.flatnonzero((earlier != np.arange(len(frame))) & ~blank)]


def _check_out_of_range(responses, policy, flags, details):
    problems = responses.problems
    rows = flags["row"].tolist()
    if problems is None or problems.empty or "kind" not in problems:
        flags["out_of_range"] = np.zeros(len(rows), dtype=int)
        return
    # Only answers on a rating scale: an unlisted segment option (问卷星's 其他) is no reason to drop a respondent.
    # Stated-importance answers are left out on purpose (module docstring): their off-scale values are
    # already missing in Responses.importance and listed in Responses.problems.
    scored = set(responses.answers.columns) | set(responses.checks.columns)
    bad = problems[(problems["kind"] == "out_of_range") & problems["item"].isin(scored)]
    by_row: dict = {}
    for p in bad.itertuples(index=False):
        by_row.setdefault(p.row, []).append(p)
    flags["out_of_range"] = np.array([len(by_row.get(r, [])) for r in rows], dtype=int)
    if policy.out_of_range != "exclude":
        return
    for pos, r in enumerate(rows):
        found = by_row.get(r)
        if not found:
            continue
        listed = ", ".join(f"{_cell(p.item) or p.column} = {shorten(p.value, 20)}" for p in found[:5]) \
            + (", …" if len(found) > 5 else "")
        details[pos]["out_of_range"] = _say(en=f"{len(found)} answer(s) outside the scale: {listed}",
                                            zh_hans=f"{len(found)} 个答案超出量表范围：{listed}",
                                            zh_hant=f"{len(found)} 個答案超出量表範圍：{listed}")
