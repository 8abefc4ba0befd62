"""Hypotheses of a study — what they say and how each is tested.

The grammar (``Hypothesis.parse``; ``→``, ``=>``, full-width ``：`` and ``，`` work as ``->``, ``:`` and ``,``)::

    H1: ECO -> SAT, +                               a path (tested on the SEM or PLS path by research.analyze)
    H4: REL -> SAT moderated by EMP, +              moderation, PROCESS model 1; the sign is the interaction's
    H5: REL -> SAT -> LOY, +                        mediation, model 4; the sign is the indirect effect's
    H7: REL -> SAT -> TRU -> LOY                    serial mediation (two or more mediators in a row), model 6
    H6: REL -> SAT -> LOY moderated by PLATFORM     moderated mediation, first stage (X → M): model 7

Chinese: ``H4：REL → SAT 被 EMP 调节，+`` (also ``受 … 调节`` and 調節); sign ``+``/``-``, ``positive``/
``negative`` or 正/负.  Which paths of a mediation the moderator acts on is said in parentheses after it,
``… moderated by EMP (second stage)``; the stage picks the PROCESS model (Hayes 2022, appendix A):

=================================  =========================  =====
qualifier                          moderated paths            model
=================================  =========================  =====
(none), ``(first stage)``          X → M                      7
``(second stage)``                 M → Y                      14
``(both stages)``                  X → M and M → Y            58
``(first stage and direct path)``  X → M and X → Y            8
``(second stage and direct path)`` M → Y and X → Y            15
``(all paths)``                    X → M, M → Y and X → Y     59
=================================  =========================  =====

(前半段/第一阶段, 后半段/第二阶段, 两阶段/前后两段, 直接路径, 全部路径 in Chinese.)  A moderated serial chain is
not a PROCESS model 1–76 and is refused.

Testing (:func:`evaluate`, one function for ``research analyze``, the report and the app: a hypothesis and a
:class:`~research.process.ProcessResult` — or its ``to_dict()`` — in, one results.json entry out):

* mediation: supported when the bootstrap CI of the (specific) indirect effect excludes 0, with the stated
  sign (Preacher & Hayes 2008); the type after Zhao, Lynch & Chen (2010) from the indirect effect's CI and the
  direct effect's CI: ``complementary`` (both, same sign: partial mediation), ``competitive`` (both, opposite
  signs), ``indirect-only`` (full mediation), ``direct-only`` (no mediation), ``no-effect``.  ``latent=`` gives
  the same effects from the CB-SEM or PLS-SEM model instead (research.analyze does so when the model holds
  the chain: latent, corrected for measurement error); ``source`` records which numbers decided.
* moderation: supported when the CI of the interaction coefficient excludes 0 with the stated sign (Aiken &
  West 1991; Hayes 2022, ch. 7); for a categorical moderator with more than two groups there is no one
  coefficient: the omnibus Wald test of the product terms (p < 1 − level) decides and a sign does not apply
  (the entry says so).
* moderated mediation: supported when the bootstrap CI of the index of moderated mediation (Hayes 2015)
  excludes 0, with the stated sign; a categorical moderator has one index per indicator and is supported
  when any is (the entry lists which).  Where the indirect effect is not linear in the moderator (both
  stages moderated, models 58 and 59) no index exists: the difference between the conditional indirect
  effects at the highest and the lowest probe value (each group against the reference group, for a
  categorical moderator) is tested with its bootstrap CI from the same draws (Hayes 2022, §11.5); that needs
  the result object (``to_dict()`` does not carry the draws).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..errors import invalid_option

KINDS = ("path", "moderation", "mediation", "moderated mediation")

# which paths a moderator acts on (a = X → M, b = M → Y, c = X → Y) → PROCESS model
STAGES = {"first": ("a", 7), "second": ("b", 14), "both": ("ab", 58), "first+direct": ("ac", 8),
          "second+direct": ("bc", 15), "all": ("abc", 59)}
_STAGE_OF_PATHS = {paths: key for key, (paths, _) in STAGES.items()}
STAGE_TEXT = {"first": "first stage", "second": "second stage", "both": "both stages",
              "first+direct": "first stage and direct path", "second+direct": "second stage and direct path",
              "all": "all paths"}

MEDIATION_TYPES = {
    "complementary": {"en": "complementary mediation (partial mediation)", "zh-Hans": "互补型中介（部分中介）",
                      "zh-Hant": "互補型中介（部分中介）"},
    "competitive": {"en": "competitive mediation (partial mediation, direct and indirect effects of opposite sign)",
                    "zh-Hans": "竞争型中介（部分中介，直接效应与间接效应方向相反）",
                    "zh-Hant": "競爭型中介（部分中介，直接效果與間接效果方向相反）"},
    "indirect-only": {"en": "indirect-only mediation (full mediation)", "zh-Hans": "仅间接效应型中介（完全中介）",
                      "zh-Hant": "僅間接效果型中介（完全中介）"},
    "direct-only": {"en": "direct-only non-mediation (no mediation)", "zh-Hans": "仅直接效应型（无中介）",
                    "zh-Hant": "僅直接效果型（無中介）"},
    "no-effect": {"en": "no-effect non-mediation (neither effect)", "zh-Hans": "无效应型（无中介）",
                  "zh-Hant": "無效果型（無中介）"},
}

_NAME = r"[^\W\d]\w*"
_NAME_RE = re.compile(rf"{_NAME}\Z")
_ID = re.compile(r"^\s*(?P<id>[A-Za-z]\w*)\s*[:：]\s*")
_SIGN = re.compile(r"(?:(?:\s*[,，;；]\s*|\s+)(?P<word>positive|negative|正向|负向|負向|正|负|負)"
                   r"|\s*[,，;；]?\s*(?P<sym>[+\-−]))\s*$", re.I)
_ARROW = re.compile(r"\s*(?:->|→|=>|⟶|⇒)\s*")
_STAGE = r"(?:\s*(?P<stage>[(（][^()（）]*[)）]))?"
_MOD_EN = re.compile(rf"^(?P<chain>.*?)\s+moderated\s+by\s+(?P<w>{_NAME}){_STAGE}\s*$", re.I | re.S)
_MOD_ZH = re.compile(rf"^(?P<chain>.*?)\s*[被受]\s*(?P<w>[^\W\d]\w*?)\s*(?:调节|調節){_STAGE}\s*$", re.S)

# the fix of an error is at most 200 characters (research.messages): the reason, then the forms
FORMS_EN = ("Forms: 'H1: A -> B, +', 'H4: A -> B moderated by W, +', 'H5: A -> M -> B', "
            "'H6: A -> M -> B moderated by W (first/second/both stages)'.")
FORMS_ZH = ("可写：“H1: A -> B, +”（路径）、“H4: A -> B 被 W 调节, +”（调节）、“H5: A -> M -> B”（中介）、"
            "“H6: A -> M -> B 被 W 调节（前半段/后半段/两阶段）”。")
FORMS_ZH_HANT = ("可寫：「H1: A -> B, +」（路徑）、「H4: A -> B 被 W 調節, +」（調節）、「H5: A -> M -> B」（中介）、"
                 "「H6: A -> M -> B 被 W 調節（前半段/後半段/兩階段）」。")


def _error(text, en: str = "", zh: str = "", zh_hant: str = ""):
    """The hypothesis error: what is wrong (when more can be said than "not understood"), then the forms."""
    return invalid_option("hypothesis", f'"{str(text)[:120]}"', (en + " " if en else "") + FORMS_EN,
                          zh + FORMS_ZH, zh_hant + FORMS_ZH_HANT)


def _sign(value) -> str | None:
    if value is None or value == "":
        return None
    v = str(value).strip().lower()
    if v in ("+", "positive", "正", "正向"):
        return "+"
    if v in ("-", "−", "negative", "负", "負", "负向", "負向"):
        return "-"
    raise _error(value, "Sign: + or -.", "符号为 + 或 -。", "符號為 + 或 -。")


def _stage(text, original) -> str:
    """A stage qualifier ("(second stage)", "（后半段）", "both", "first+direct" …) → a key of STAGES."""
    t = str(text).strip().strip("()（）").strip().lower()
    if t in STAGES:
        return t
    paths: set = set()
    for word in re.findall(r"[a-z0-9']+", t):
        if word in ("first", "a", "1st", "1"):
            paths.add("a")
        elif word in ("second", "b", "2nd", "2"):
            paths.add("b")
        elif word == "both":
            paths |= {"a", "b"}
        elif word in ("direct", "c", "c'"):
            paths.add("c")
        elif word == "all":
            paths |= {"a", "b", "c"}
        elif word not in ("stage", "stages", "path", "paths", "and", "the", "effect", "effects", "plus", "of"):
            paths = set()
            break
    else:
        for pattern, add in ((r"第一|前半|前段|一阶段|一階段", "a"), (r"第二|后半|後半|后段|後段|二阶段|二階段", "b"),
                             (r"两|兩|双|雙|前后|前後", "ab"), (r"直接", "c"), (r"全部|所有", "abc")):
            if re.search(pattern, t):
                paths |= set(add)
    key = _STAGE_OF_PATHS.get("".join(sorted(paths)))
    if key is None:
        raise _error(original, "Unknown stage.", "阶段无法识别。", "階段無法識別。")
    return key


@dataclass(frozen=True)
class Hypothesis:
    """One hypothesis: a signed path ``H1: ECO -> SAT, +`` (sign None = two-sided), a moderation (``moderator``),
    a mediation (``via``: the mediators in causal order) or a moderated mediation (both; ``stage`` a key of
    :data:`STAGES`, None = first stage)."""

    id: str
    source: str
    target: str
    sign: str | None = None
    via: tuple = ()
    moderator: str | None = None
    stage: str | None = None

    @property
    def kind(self) -> str:
        if self.via:
            return "moderated mediation" if self.moderator else "mediation"
        return "moderation" if self.moderator else "path"

    @property
    def model(self) -> int | None:
        """The PROCESS model that tests it (None for a path)."""
        kind = self.kind
        if kind == "path":
            return None
        if kind == "moderation":
            return 1
        if kind == "mediation":
            return 4 if len(self.via) == 1 else 6
        return STAGES[self.stage or "first"][1]

    @property
    def variables(self) -> tuple:
        return (self.source, *self.via, self.target, *((self.moderator,) if self.moderator else ()))

    @classmethod
    def parse(cls, text, number: int = 1) -> "Hypothesis":
        if isinstance(text, Hypothesis):
            return text
        if isinstance(text, dict):
            return cls._from_dict(text, number)
        raw = str(text)
        body = raw
        hid = None
        m = _ID.match(body)
        if m:
            hid, body = m.group("id"), body[m.end():]
        sign = None
        s = _SIGN.search(body)
        if s:
            sign = _sign(s.group("word") or s.group("sym"))
            body = body[:s.start()]
        moderator = stage = None
        mod = _MOD_EN.match(body) or _MOD_ZH.match(body)
        if mod:
            moderator, body = mod.group("w"), mod.group("chain")
            if mod.group("stage"):
                stage = _stage(mod.group("stage"), raw)
        parts = _ARROW.split(body.strip())
        if len(parts) < 2 or not all(_NAME_RE.match(p) for p in parts):
            raise _error(raw)
        return cls._checked(hid or f"H{number}", parts, sign, moderator, stage, raw)

    @classmethod
    def _from_dict(cls, d: dict, number: int) -> "Hypothesis":
        if "from" not in d or "to" not in d:
            raise _error(d, "Give 'from' and 'to'.", "需要 'from' 和 'to'。", "需要 'from' 與 'to'。")
        via = d.get("via") or ()
        if isinstance(via, str):
            via = (via,)
        stage = d.get("stage")
        parts = [str(d["from"]), *map(str, via), str(d["to"])]
        return cls._checked(str(d.get("id") or f"H{number}"), parts, _sign(d.get("sign")),
                            d.get("moderator") or None, None if stage is None else _stage(stage, d), d)

    @classmethod
    def _checked(cls, hid, parts, sign, moderator, stage, raw) -> "Hypothesis":
        names = [*parts, *([moderator] if moderator else [])]
        if len(set(names)) < len(names):
            raise _error(raw, "Use each variable once.", "每个变量只能出现一次。", "每個變數只能出現一次。")
        if moderator and len(parts) > 3:
            raise _error(raw, "Moderated serial mediation is no PROCESS model.",
                         "带调节的链式中介不在 PROCESS 模型 1–76 中：只能有一个中介。",
                         "帶調節的序列中介不在 PROCESS 模型 1–76 中：只能有一個中介。")
        if stage is not None and len(parts) == 2:
            raise _error(raw, "Only a mediation has stages.", "只有中介才分阶段。", "只有中介才分階段。")
        return cls(hid, parts[0], parts[-1], sign, tuple(parts[1:-1]), moderator, stage)

    def text(self) -> str:
        out = f"{self.id}: " + " -> ".join((self.source, *self.via, self.target))
        if self.moderator:
            out += f" moderated by {self.moderator}"
            if self.stage:
                out += f" ({STAGE_TEXT[self.stage]})"
        return out + (f", {self.sign}" if self.sign else "")

    def to_dict(self) -> dict:
        return {"id": self.id, "hypothesis": self.text(), "kind": self.kind, "from": self.source, "to": self.target,
                "via": list(self.via), "moderator": self.moderator, "stage": self.stage, "sign": self.sign,
                "model": self.model}


# ------------------------------------------------------------------------------------------------
# testing
# ------------------------------------------------------------------------------------------------

def _num(x):
    if x is None:
        return None
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if np.isfinite(v) else None


def excludes_zero(lower, upper) -> bool | None:
    lo, hi = _num(lower), _num(upper)
    if lo is None or hi is None:
        return None
    return bool(lo > 0 or hi < 0)


def _decide(effect, lower, upper, sign) -> bool | None:
    """Supported: the CI excludes 0 and the estimate has the stated sign (None: no CI to decide by)."""
    ex = excludes_zero(lower, upper)
    if ex is None:
        return None
    e = _num(effect)
    sign_ok = sign is None or (e is not None and (e > 0) == (sign == "+") and e != 0)
    return bool(ex and sign_ok)


def mediation_type(indirect: dict, direct: dict | None) -> str | None:
    """Zhao, Lynch & Chen (2010): the type of mediation from the indirect effect (``effect``, ``ci.lower``,
    ``ci.upper``) and the direct effect (the same keys; None when the model fixes it at 0).  None when the
    indirect effect has no CI (no bootstrap)."""
    ind = excludes_zero(indirect.get("ci.lower"), indirect.get("ci.upper"))
    if ind is None:
        return None
    dire = False if direct is None else excludes_zero(direct.get("ci.lower"), direct.get("ci.upper"))
    if dire is None:
        return None
    if ind and dire:
        same = (_num(indirect.get("effect")) or 0.0) * (_num(direct.get("effect")) or 0.0) > 0
        return "complementary" if same else "competitive"
    if ind:
        return "indirect-only"
    return "direct-only" if dire else "no-effect"


def _note(en, zh, zh_hant) -> dict:
    return {"en": en, "zh-Hans": zh, "zh-Hant": zh_hant}


def _rows(r: dict, name: str) -> list:
    return [row for row in (r.get(name) or []) if isinstance(row, dict)]


def _check_roles(h: Hypothesis, r: dict) -> None:
    roles = r.get("roles") or {}
    mediators = [roles[k] for k in sorted((k for k in roles if re.fullmatch(r"M\d+", k)), key=lambda k: int(k[1:]))]
    want = {"model": h.model, "X": h.source, "Y": h.target, "M": list(h.via), "W": h.moderator}
    got = {"model": r.get("model"), "X": roles.get("X"), "Y": roles.get("Y"), "M": mediators, "W": roles.get("W")}
    if want != got:
        bad = next(k for k in want if want[k] != got[k])
        raise invalid_option("result", f"{h.id}: {bad} = {got[bad]!r} ≠ {want[bad]!r}",
                             "Test a hypothesis on the PROCESS result of its own model and variables.",
                             "请用该假设自身的模型与变量的 PROCESS 结果来检验它。", "請用該假設自身的模型與變數的 PROCESS 結果來檢定它。")


def _chain_path(h: Hypothesis) -> str:
    return " → ".join((h.source, *h.via, h.target))


def _boot_estimate(row: dict, r: dict) -> dict:
    """A bootstrap-inferred effect (indirect effect, index, contrast) as an entry's numbers."""
    has = row.get("boot.ci.lower") is not None
    return {"effect": _num(row.get("effect")), "se": _num(row.get("boot.se")), "boot.se": _num(row.get("boot.se")),
            "ci.lower": _num(row.get("boot.ci.lower")), "ci.upper": _num(row.get("boot.ci.upper")),
            "ci.method": r.get("ci") if has else None, "pvalue": None}


def _t_estimate(row: dict, r: dict) -> dict:
    """A coefficient or direct effect: (HC) SE, t, p and the t-based CI."""
    return {"effect": _num(row.get("effect", row.get("coeff"))), "se": _num(row.get("se")), "t": _num(row.get("t")),
            "pvalue": _num(row.get("p")), "ci.lower": _num(row.get("ci.lower")), "ci.upper": _num(row.get("ci.upper")),
            "ci.method": "t", "se.type": r.get("se")}


_NO_BOOT = _note("Without bootstrap resamples there is no CI for the indirect effect: the hypothesis is not decided.",
                 "没有自助法重抽样，间接效应没有置信区间：该假设无法判定。",
                 "沒有拔靴重抽樣，間接效果沒有信賴區間：該假設無法判定。")


def evaluate(hypothesis, result, *, latent: dict | None = None) -> dict:
    """The results.json entry of one moderation, mediation or moderated-mediation hypothesis.

    ``result``: the :class:`~research.process.ProcessResult` of the hypothesis' model and variables (or its
    ``to_dict()``).  ``latent`` (mediation only): the same mediation in a latent model, ``{"source": "sem" |
    "pls", "indirect": {effect, se, ci.lower, ci.upper, ci.method, pvalue …}, "direct": {…} | None}``
    (``direct`` None: the model has no direct path X → Y) — it then decides, and PROCESS's numbers stay in
    ``estimates["process"]``.

    Entry keys: ``id, hypothesis, kind, from, to, via, moderator, stage, sign, model, source, test, effect, est
    (= effect), se, boot.se, ci.lower, ci.upper, ci.method, level, pvalue, p (= pvalue), supported, notes`` and
    by kind: ``direct, mediation_type, mediation_label, estimates`` (mediation); ``F, df1, df2, R2.change,
    terms, sign_applicable`` (moderation); ``indices, which, conditional`` (moderated mediation); plus
    ``result`` (model, roles, n, se, ci, boot, seed, level of the PROCESS run) and ``rows`` (the PROCESS rows
    the numbers come from).
    """
    h = Hypothesis.parse(hypothesis)
    if h.kind == "path":
        raise invalid_option("hypothesis", f'"{h.text()}"', "A path hypothesis is tested on the SEM or PLS path "
                             "(research.analyze), not by PROCESS.", "路径假设在 SEM 或 PLS 路径上检验（research.analyze），不用 PROCESS。",
                             "路徑假設在 SEM 或 PLS 路徑上檢定（research.analyze），不用 PROCESS。")
    draws = getattr(result, "draws", None)
    r = result.to_dict() if hasattr(result, "to_dict") else dict(result)
    _check_roles(h, r)
    entry = {**{k: v for k, v in h.to_dict().items()}, "source": "process", "level": _num(r.get("level")),
             "notes": [],
             "result": {k: r.get(k) for k in ("model", "roles", "n", "se", "ci", "boot", "seed", "level", "levels")}}
    if h.kind == "moderation":
        entry.update(_moderation(h, r, entry["notes"]))
    elif h.kind == "mediation":
        entry.update(_mediation(h, r, latent, entry["notes"]))
    else:
        entry.update(_moderated_mediation(h, r, draws, entry["notes"]))
    entry["est"] = entry.get("effect")
    entry["p"] = entry.get("pvalue")
    return entry


def _moderation(h: Hypothesis, r: dict, notes: list) -> dict:
    y = r["roles"]["Y"]
    name = f"{h.source}×{h.moderator}"
    terms = [c for c in _rows(r, "coefficients")
             if c.get("equation") == y and (c.get("term") == name or str(c.get("term")).startswith(name + "["))]
    inter = next((row for row in _rows(r, "interactions") if row.get("equation") == y and row.get("term") == name), {})
    alpha = 1 - float(r.get("level", 0.95))
    common = {"F": _num(inter.get("F")), "df1": inter.get("df1"), "df2": inter.get("df2"),
              "R2.change": _num(inter.get("R2.change")), "terms": [t.get("term") for t in terms],
              "rows": {"coefficients": terms, "interaction": inter}}
    levels = (r.get("levels") or {}).get("W")
    if len(terms) == 1:
        est = _t_estimate(terms[0], r)
        if levels:
            notes.append(_note(f"{h.moderator} is categorical: the interaction is the effect of {h.source} in group "
                               f"{levels[1]} minus that in group {levels[0]} (the reference).",
                               f"{h.moderator} 为分类变量：交互项为 {levels[1]} 组中 {h.source} 的效应减去 {levels[0]} 组（参照组）中的效应。",
                               f"{h.moderator} 為分類變數：交互作用項為 {levels[1]} 組中 {h.source} 的效果減去 {levels[0]} 組（參照組）中的效果。"))
        return {"test": "coefficient", **est, "boot.se": None, "sign_applicable": True,
                "supported": _decide(est["effect"], est["ci.lower"], est["ci.upper"], h.sign), **common}
    p = _num(inter.get("p"))
    notes.append(_note(f"{h.moderator} has {len(levels or terms) } groups: the moderation is the omnibus Wald test "
                       f"of the {len(terms)} product terms (F, p < {alpha:.2f}); a sign does not apply to it.",
                       f"{h.moderator} 有 {len(levels or terms)} 组：调节效应以 {len(terms)} 个乘积项的联合 Wald 检验判定（F，p < {alpha:.2f}），"
                       "不适用方向。",
                       f"{h.moderator} 有 {len(levels or terms)} 組：調節效果以 {len(terms)} 個乘積項的聯合 Wald 檢定判定（F，p < {alpha:.2f}），"
                       "不適用方向。"))
    return {"test": "omnibus", "effect": None, "se": None, "boot.se": None, "ci.lower": None, "ci.upper": None,
            "ci.method": None, "pvalue": p, "se.type": r.get("se"), "sign_applicable": False,
            "supported": None if p is None else bool(p < alpha), **common}


def _mediation(h: Hypothesis, r: dict, latent: dict | None, notes: list) -> dict:
    path = _chain_path(h)
    row = next((x for x in _rows(r, "indirect") if x.get("path") == path), None)
    if row is None:
        raise invalid_option("result", f"{h.id}: {path} ∉ indirect", "Test a hypothesis on the PROCESS result of its "
                             "own model and variables.", "请用该假设自身的模型与变量的 PROCESS 结果来检验它。",
                             "請用該假設自身的模型與變數的 PROCESS 結果來檢定它。")
    direct_row = (_rows(r, "direct") or [{}])[0]
    process = {**_boot_estimate(row, r), "direct": _t_estimate(direct_row, r)}
    process["mediation_type"] = mediation_type(process, process["direct"])
    process["supported"] = _decide(process["effect"], process["ci.lower"], process["ci.upper"], h.sign)
    estimates = {"process": process}
    source = "process"
    if latent is not None:
        source = latent.get("source", "sem")
        ind = {k: _num(v) if k != "ci.method" else v for k, v in (latent.get("indirect") or {}).items()}
        direct = latent.get("direct")
        lat = {"effect": ind.get("effect"), "se": ind.get("se"), "boot.se": ind.get("boot.se"),
               "ci.lower": ind.get("ci.lower"), "ci.upper": ind.get("ci.upper"), "ci.method": ind.get("ci.method"),
               "pvalue": None, "std": ind.get("std"), "delta.pvalue": ind.get("pvalue"), "direct": direct}
        lat["mediation_type"] = mediation_type(lat, direct)
        lat["supported"] = _decide(lat["effect"], lat["ci.lower"], lat["ci.upper"], h.sign)
        estimates[source] = lat
        if direct is None:
            names = {"sem": "SEM", "pls": "PLS-SEM"}.get(source, source)
            kind = MEDIATION_TYPES.get(process["mediation_type"]) or {
                "en": "undecided (no bootstrap)", "zh-Hans": "无法判定（无自助法）", "zh-Hant": "無法判定（無拔靴法）"}
            notes.append(_note(f"The {names} model has no direct path {h.source} → {h.target}: it assumes full "
                               "mediation rather than testing it. On the construct scores (PROCESS model "
                               f"{h.model}) the type is: {kind['en']}.",
                               f"{names} 模型中没有直接路径 {h.source} → {h.target}：完全中介是模型的假定而非检验结果。"
                               f"在构念得分上（PROCESS 模型 {h.model}）中介类型为：{kind['zh-Hans']}。",
                               f"{names} 模型中沒有直接路徑 {h.source} → {h.target}：完全中介是模型的假定而非檢定結果。"
                               f"在構念分數上（PROCESS 模型 {h.model}）中介類型為：{kind['zh-Hant']}。"))
    chosen = estimates[source]
    if chosen["ci.lower"] is None:
        notes.append(_NO_BOOT)
    kind = chosen["mediation_type"]
    out = {k: chosen[k] for k in ("effect", "se", "boot.se", "ci.lower", "ci.upper", "ci.method", "pvalue")}
    return {"test": "indirect", **out, "source": source, "direct": chosen["direct"], "mediation_type": kind,
            "mediation_label": MEDIATION_TYPES.get(kind), "supported": chosen["supported"], "estimates": estimates,
            "rows": {"indirect": row, "direct": direct_row}}


def _moderated_mediation(h: Hypothesis, r: dict, draws, notes: list) -> dict:
    path = _chain_path(h)
    w = h.moderator
    levels = (r.get("levels") or {}).get("W")
    conditional = [x for x in _rows(r, "indirect") if x.get("path") == path]
    indices = [x for x in _rows(r, "indices") if x.get("path") == path and x.get("kind") == "moderated mediation"]
    if indices:
        test = "index"
        candidates = [{"moderator": x.get("moderator"), **_boot_estimate(x, r)} for x in indices]
    else:
        test = "contrast"
        candidates = _contrasts(conditional, w, levels, r, draws)
        if draws is None:
            notes.append(_note(f"The indirect effect is not linear in {w} (model {h.model}), so there is no index of "
                               "moderated mediation; the contrast of conditional indirect effects needs the bootstrap "
                               "draws of the result object.",
                               f"间接效应不是 {w} 的线性函数（模型 {h.model}），没有被调节的中介指数；条件间接效应之差需要结果对象中的自助抽样值。",
                               f"間接效果不是 {w} 的線性函數（模型 {h.model}），沒有被調節的中介指標；條件間接效果之差需要結果物件中的拔靴抽樣值。"))
        else:
            notes.append(_note(f"The indirect effect is not linear in {w} (model {h.model}), so there is no index of "
                               "moderated mediation: the difference between the conditional indirect effects "
                               + ("of each group and the reference group" if levels else
                                  "at the highest and the lowest probe value") + " is tested instead (Hayes 2022, §11.5).",
                               f"间接效应不是 {w} 的线性函数（模型 {h.model}），没有被调节的中介指数：改为检验"
                               + ("各组与参照组" if levels else "最高与最低取值处") + "条件间接效应之差（Hayes 2022，§11.5）。",
                               f"間接效果不是 {w} 的線性函數（模型 {h.model}），沒有被調節的中介指標：改為檢定"
                               + ("各組與參照組" if levels else "最高與最低取值處") + "條件間接效果之差（Hayes 2022，§11.5）。"))
    for c in candidates:
        c["supported"] = _decide(c["effect"], c["ci.lower"], c["ci.upper"], h.sign)
    which = [c["moderator"] for c in candidates if c["supported"]]
    decided = [c for c in candidates if c["supported"] is not None]
    if not decided:
        supported = None
        if r.get("boot", 0) == 0:
            notes.append(_NO_BOOT)
    else:
        supported = bool(which)
    if candidates:
        if which:
            top = next(c for c in candidates if c["supported"])
        else:
            top = max(candidates, key=lambda c: abs(c["effect"] or 0) / (c["boot.se"] or 1))
    else:
        top = {"moderator": None, "effect": None, "se": None, "boot.se": None, "ci.lower": None, "ci.upper": None,
               "ci.method": None, "pvalue": None}
    if levels and len(candidates) > 1:
        listed = ", ".join(which) if which else "—"
        notes.append(_note(f"{w} is categorical ({len(levels)} groups, reference {levels[0]}): one "
                           f"{'index' if test == 'index' else 'contrast'} per group; supported when any excludes 0 "
                           f"— here: {listed}.",
                           f"{w} 为分类变量（{len(levels)} 组，参照组 {levels[0]}）：每组一个{'指数' if test == 'index' else '差值'}，"
                           f"任一置信区间不含 0 即支持——本例：{listed}。",
                           f"{w} 為分類變數（{len(levels)} 組，參照組 {levels[0]}）：每組一個{'指標' if test == 'index' else '差值'}，"
                           f"任一信賴區間不含 0 即支持——本例：{listed}。"))
    out = {k: top.get(k) for k in ("effect", "se", "boot.se", "ci.lower", "ci.upper", "ci.method", "pvalue")}
    return {"test": test, **out, "index_of": top.get("moderator"), "indices": candidates, "which": which,
            "supported": supported, "conditional": conditional,
            "rows": {"indices": indices, "indirect": conditional}}


def _contrasts(conditional: list, w: str, levels, r: dict, draws) -> list:
    """Differences of conditional indirect effects (highest − lowest probe value; each group − the reference)
    with bootstrap SE and CI from the same draws."""
    from ..bootstrap import bca_ci, percentile_ci

    if len(conditional) < 2:
        return []
    if levels:
        ref = next(c for c in conditional if str(c.get(w)) == str(levels[0]))
        pairs = [(c, ref, f"{w}[{c.get(w)}] − {w}[{levels[0]}]") for c in conditional if c is not ref]
    else:
        lo = min(conditional, key=lambda c: c.get(w))
        hi = max(conditional, key=lambda c: c.get(w))
        pairs = [(hi, lo, f"{w} = {hi.get(w):.4g} − {w} = {lo.get(w):.4g}")]
    out = []
    level = float(r.get("level", 0.95))
    for a, b, label in pairs:
        est = float(a["effect"]) - float(b["effect"])
        row = {"moderator": label, "effect": est, "se": None, "boot.se": None, "ci.lower": None, "ci.upper": None,
               "ci.method": None, "pvalue": None, "draws": [a.get("draw"), b.get("draw")]}
        if draws is not None and a.get("draw") is not None and r.get("boot"):
            d = np.asarray(draws[a["draw"]], float) - np.asarray(draws[b["draw"]], float)
            lo_, hi_ = bca_ci(d, est, level) if r.get("ci") == "bc" else percentile_ci(d, level)
            row.update({"se": float(np.std(d, ddof=1)), "boot.se": float(np.std(d, ddof=1)), "ci.lower": lo_,
                        "ci.upper": hi_, "ci.method": r.get("ci")})
        out.append(row)
    return out
