"""The report's "Mediation and Moderation" section (results["process"]): in three languages and four formats, every
number of its paragraphs one of the analysis' numbers formatted as APA prints it, the mediation type of each of
Zhao, Lynch & Chen's (2010) five kinds worded in each language, the tables numbered after the others, a reference
list of the works cited, and no section, table or reference without the block.

The analyses are run here with research.process (checked against PROCESS 2.16.3 in test_process_reference.py) on
the simulated PROCESS data, the categorical-moderator data and construct mean scores of the bundled sample; the
expected sentences are built here from the dictionaries with research.report.apa; the results dictionary goes to
research.report as a results.json does (checked by research.results_file.check_results first)."""
from __future__ import annotations

import copy
import re

import numpy as np
import pandas as pd
import pytest

from conftest import ROOT, SHARED
from test_report_pls import _numbers
import research
from research import report
from research.report import apa
from research.report.text import results_text
from research.report.writers import tex_escape
from test_report_pls import _plain
from test_translations import _without_data, problems

SIM = pd.read_csv(SHARED / "reference" / "process" / "process_simulated.csv")
CAT = pd.read_csv(ROOT / "tests" / "reference" / "process_categorical.csv")
LANGS = ("en", "zh-Hans", "zh-Hant")
FORMATS = ("md", "html", "docx", "tex")
HEADING = {"en": "Mediation and Moderation", "zh-Hans": "中介与调节效应", "zh-Hant": "中介與調節效應"}
REFS = {"en": "References", "zh-Hans": "参考文献", "zh-Hant": "參考文獻"}
LABELS = {"x": {"en": "Reliability", "zh-Hans": "可靠性", "zh-Hant": "可靠性"},
          "m": {"en": "Satisfaction", "zh-Hans": "满意度", "zh-Hant": "滿意度"},
          "y": {"en": "Loyalty", "zh-Hans": "忠诚度", "zh-Hant": "忠誠度"},
          "w": {"en": "Empathy", "zh-Hans": "移情性", "zh-Hant": "關懷性"}}


def _block(id_, kind, result, scores="mean", **extra) -> dict:
    return {"id": id_, "kind": kind, "scores": scores, **result.to_dict(), **extra}


def _sample_scores() -> pd.DataFrame:
    """Construct mean scores of the bundled sample (REL4 reverse-keyed on the 5-point scale)."""
    raw = pd.read_csv(ROOT / "datasets" / "lsq5_sample.csv")
    raw["REL4"] = 6 - raw["REL4"]
    items = {"REL": ["REL1", "REL2", "REL3", "REL4"], "EMP": ["EMP1", "EMP2", "EMP3", "EMP4"],
             "SAT": ["SAT1", "SAT2", "SAT3"], "LOY": ["LOY1", "LOY2", "LOY3", "LOY4"]}
    return pd.DataFrame({c: raw[cols].mean(axis=1) for c, cols in items.items()})


@pytest.fixture(scope="module")
def results():
    from research.questionnaire import load_questionnaire

    q = load_questionnaire("lsq5")
    names = {c.id: dict(c.name) for c in q.constructs}
    platform = {"platform": {"en": "Platform", "zh-Hans": "平台", "zh-Hant": "平台"}}
    sample = research.process(_sample_scores(), 4, x="REL", m=["SAT"], y="LOY", boot=500, seed=5)
    blocks = [
        _block("H4", "moderation", research.process(SIM, 1, x="x", y="y", w="w", boot=0)),
        _block("H5", "mediation", research.process(SIM, 4, x="x", y="y", m=["m"], boot=500, seed=1)),
        _block("H6", "moderated mediation",
               research.process(CAT, 7, x="x", y="y", m=["m"], w="platform", boot=500, seed=1),
               variable_labels=platform,
               level_labels={"platform": {"JD": {"en": "JD.com", "zh-Hans": "京东", "zh-Hant": "京東"}}}),
        _block("H7", "mediation", sample),
    ]
    return {"n": 300, "labels": {"constructs": {**LABELS, **names}}, "process": blocks,
            "hypotheses": [{"id": "H4", "kind": "moderation", "supported": True},
                           {"id": "H5", "kind": "mediation", "mediation_type": "complementary", "supported": True,
                            "source": "process"},
                           {"id": "H6", "kind": "moderated mediation", "supported": True}]}


def _section(d, lang) -> str:
    found = [s for s in results_text(d, lang) if s["key"] == "process"]
    assert found, "no process section"
    assert found[0]["heading"] == HEADING[lang]
    return "\n".join(found[0]["paragraphs"])


def _block_of(d, id_):
    return next(b for b in d["process"] if b["id"] == id_)


def _rows(b, key, **where):
    return [r for r in b[key] if all(r.get(k) == v for k, v in where.items())]


# ----------------------------------------------------------------------------------------------
# the paragraphs' numbers are the dictionaries' numbers, formatted as APA prints them
# ----------------------------------------------------------------------------------------------
def test_moderation_paragraph(results):
    b = _block_of(results, "H4")
    co = _rows(b, "coefficients", term="x×w")[0]
    inter = b["interactions"][0]
    direct = sorted(b["direct"], key=lambda r: r["w"])
    j = b["jn"][0]
    (root,) = j["inside"]
    share = [s["above"] for s in j["shares"] if s["value"] == root][0]
    en = _section(results, "en")
    for needle in (
            "a simple moderation model was estimated (PROCESS model 1; Hayes, 2022)",
            "heteroscedasticity-consistent standard errors (HC3; Hayes & Cai, 2007)",
            f"The Reliability × Empathy interaction on Loyalty was significant, b = {apa.num(co['coeff'], 3)}, "
            f"t({inter['df2']}) = {apa.num(co['t'], 2)}, {apa.p_text(co['p'])}, "
            f"ΔR² = {apa.unit(inter['R2.change'], 3)}.",
            f"stronger at high Empathy (M + 1 SD = {apa.num(direct[2]['w'], 3)}; "
            f"b = {apa.num(direct[2]['effect'], 3)}, "
            f"{apa.p_text(direct[2]['p'])}) than at low Empathy (M − 1 SD = {apa.num(direct[0]['w'], 3)}; "
            f"b = {apa.num(direct[0]['effect'], 3)}, {apa.p_text(direct[0]['p'])})",
            f"significant for Empathy above {apa.num(root, 3)} ({apa.num(100 * share, 1)}% of the sample)",
            "H4 was supported."):
        assert needle in en, needle
    # the real values of the simulated data
    assert "b = 0.321, t(296) = 4.15, p < .001, ΔR² = .035" in en and "above −0.802 (97.7% of the sample)" in en
    zh = _section(results, "zh-Hans")
    assert (f"可靠性 × 移情性对忠诚度的交互作用显著，b = {apa.num(co['coeff'], 3)}，t({inter['df2']}) = "
            f"{apa.num(co['t'], 2)}，{apa.p_text(co['p'])}，ΔR² = {apa.unit(inter['R2.change'], 3)}。") in zh
    assert f"当移情性高于 {apa.num(root, 3)}（占样本的 {apa.num(100 * share, 1)}%）时" in zh
    assert "H4 得到支持。" in zh and "H4 獲得支持。" in _section(results, "zh-Hant")


def test_mediation_paragraph(results):
    b = _block_of(results, "H5")
    ind = _rows(b, "indirect", path="x → m → y")[0]
    direct, total = b["direct"][0], b["total"][0]
    std = _rows(b, "standardized", effect="indirect", standardization="completely")[0]
    en = _section(results, "en")
    expected = (f"The indirect effect of Reliability on Loyalty through Satisfaction was positive, "
                f"b = {apa.num(ind['effect'], 3)}, 95% bootstrap CI [{apa.num(ind['boot.ci.lower'], 3)}, "
                f"{apa.num(ind['boot.ci.upper'], 3)}], "
                f"completely standardized effect = {apa.unit(std['estimate'], 3)}; "
                f"the direct effect remained significant, b = {apa.num(direct['effect'], 3)}, "
                f"{apa.p_text(direct['p'])}, indicating complementary (partial) mediation (Zhao et al., 2010).")
    assert expected in en
    assert (f"The total effect of Reliability on Loyalty was b = {apa.num(total['effect'], 3)}, "
            f"SE = {apa.num(total['se'], 3)}, {apa.p_text(total['p'])}, 95% CI [{apa.num(total['ci.lower'], 3)}, "
            f"{apa.num(total['ci.upper'], 3)}].") in en
    assert "500 bootstrap resamples and 95% percentile bootstrap confidence intervals (seed 1; Preacher & Hayes, " \
           "2008)" in en
    # the sample: construct names from the questionnaire, total = direct + indirect
    s = _block_of(results, "H7")
    ind, direct, total = _rows(s, "indirect", path="REL → SAT → LOY")[0], s["direct"][0], s["total"][0]
    assert ind["effect"] + direct["effect"] == pytest.approx(total["effect"], abs=1e-10)
    assert (f"The indirect effect of Reliability on Customer loyalty through Customer satisfaction was "
            f"{'positive' if ind['effect'] > 0 else 'negative'}, b = {apa.num(ind['effect'], 3)}") in en
    zh = _section(results, "zh-Hant")
    assert "可靠性經由顧客滿意度對顧客忠誠度的間接效果" in zh and "構念平均分數" in zh


def test_moderated_mediation_paragraph(results):
    b = _block_of(results, "H6")
    inter = b["interactions"][0]
    idx = {r["moderator"]: r for r in b["indices"]}
    ind = {r["platform"]: r for r in b["indirect"]}
    en = _section(results, "en")
    assert "a moderated mediation model was estimated (PROCESS model 7; Hayes, 2022)" in en
    assert "Platform was indicator-coded with JD.com as the reference group" in en
    assert (f"The Reliability × Platform interaction on Satisfaction was significant, F({inter['df1']}, "
            f"{inter['df2']}) = {apa.num(inter['F'], 2)}, {apa.p_text(inter['p'])}, "
            f"ΔR² = {apa.unit(inter['R2.change'], 3)}.") in en
    t = idx["platform[Taobao]"]
    assert (f"The index of moderated mediation for Platform (Taobao) was {apa.num(t['effect'], 3)}, 95% bootstrap CI "
            f"[{apa.num(t['boot.ci.lower'], 3)}, {apa.num(t['boot.ci.upper'], 3)}], relative to the reference group "
            f"JD.com.") in en
    assert "through Satisfaction thus depended on Platform (Hayes, 2015)" in en
    jd = ind["JD"]
    assert (f"b = {apa.num(jd['effect'], 3)}, 95% bootstrap CI [{apa.num(jd['boot.ci.lower'], 3)}, "
            f"{apa.num(jd['boot.ci.upper'], 3)}] at JD.com") in en
    assert "京東處為" in _section(results, "zh-Hant")


_NUMBER = re.compile(r"(?<![\w.])[−-]?(?:\d+(?:\.\d+)?|\.\d+)")
_YEAR = re.compile(r"(?:19|20)\d{2}(?=\)|;|,|）|；)")




def _allowed(blocks) -> set:
    out = set()
    for v in _numbers(blocks):
        out |= {apa.num(v, 3), apa.num(v, 2), apa.num(v, 0), apa.unit(v, 3), apa.p(v), apa.num(100 * v, 1)}
        if float(v).is_integer():
            out.add(str(int(v)))
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_every_number_comes_from_the_dictionary(results, lang):
    allowed = _allowed(results["process"]) | {"1"}           # ± 1 SD
    text = _section(results, lang)
    text = _YEAR.sub(" ", text.replace("95%", " ").replace("ΔR²", " ").replace("R²", " "))
    text = re.sub(r"H\d+", " ", text)
    found = _NUMBER.findall(text)
    bad = [m for m in found if m not in allowed]
    assert len(found) > 60 and bad == []
    assert ".123456" not in allowed and "4711" not in allowed


# ----------------------------------------------------------------------------------------------
# the mediation type, Zhao, Lynch & Chen (2010), in each language
# ----------------------------------------------------------------------------------------------
TYPES = {
    "complementary": {"en": "indicating complementary (partial) mediation (Zhao et al., 2010)",
                      "zh-Hans": "表明存在互补型（部分）中介（Zhao et al., 2010）",
                      "zh-Hant": "表示存在互補型（部分）中介（Zhao et al., 2010）"},
    "competitive": {"en": "also significant but of the opposite sign", "zh-Hans": "直接效应亦显著但方向相反",
                    "zh-Hant": "直接效果亦顯著但方向相反"},
    "indirect-only": {"en": "indicating indirect-only (full) mediation", "zh-Hans": "表明存在仅间接型（完全）中介",
                      "zh-Hant": "表示存在僅間接型（完全）中介"},
    "direct-only": {"en": "a direct-only effect without mediation", "zh-Hans": "属于仅直接效应、不存在中介",
                    "zh-Hant": "屬於僅直接效果、不存在中介"},
    "no-effect": {"en": "no-effect non-mediation", "zh-Hans": "无效应型非中介", "zh-Hant": "無效果型非中介"},
}
SIGN = {"complementary": "positive", "competitive": "positive", "indirect-only": "positive",
        "direct-only": "not significant", "no-effect": "not significant"}


def _one_mediation(results, kind: str, *, given: bool) -> dict:
    """The H5 analysis with its indirect effect's CI and the direct effect changed to make ``kind`` (the numbers
    then come from this changed dictionary), the type computed here (given=False) or stated by the hypothesis."""
    d = copy.deepcopy(results)
    d["process"] = [_block_of(d, "H5")]
    b = d["process"][0]
    ind = _rows(b, "indirect", path="x → m → y")[0]
    direct = b["direct"][0]
    if kind in ("direct-only", "no-effect"):
        ind["boot.ci.lower"], ind["boot.ci.upper"] = -0.05, 0.31
    if kind == "competitive":
        direct["effect"], direct["t"], direct["ci.lower"], direct["ci.upper"] = -0.2, -3.1, -0.33, -0.07
    if kind in ("indirect-only", "no-effect"):
        direct["p"], direct["ci.lower"] = 0.21, -0.05
    h = d["hypotheses"][1]
    if given:
        h["mediation_type"] = kind
    else:
        del h["mediation_type"]
    return d


@pytest.mark.parametrize("given", [False, True])
@pytest.mark.parametrize("kind", list(TYPES))
def test_mediation_type_wording(results, kind, given):
    d = _one_mediation(results, kind, given=given)
    direct = d["process"][0]["direct"][0]
    for lang in LANGS:
        text = _section(d, lang)
        assert TYPES[kind][lang] in text, (kind, lang)
        assert sum(TYPES[k][lang] in text for k in TYPES) == 1
        sep = ", " if lang == "en" else "，"
        assert f"b = {apa.num(direct['effect'], 3)}{sep}{apa.p_text(direct['p'])}" in text
    assert f"through Satisfaction was {SIGN[kind]}, " in _section(d, "en")


def test_a_hypothesis_decided_on_the_latent_model(results):
    d = copy.deepcopy(results)
    h = d["hypotheses"][1]
    h.update(source="sem", mediation_type="indirect-only", supported=False)
    en = _section(d, "en")
    assert "H5 was tested on the latent indirect effect of the CB-SEM model and was not supported " \
           "(indirect-only mediation)." in en
    # the PROCESS numbers keep their own type
    assert "indicating complementary (partial) mediation" in en
    assert "H5 以 CB-SEM 模型中的潜变量间接效应检验，未得到支持（仅间接型中介）。" in _section(d, "zh-Hans")


# ----------------------------------------------------------------------------------------------
# the report: every language and format; nothing without the block
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", LANGS)
def test_report_holds_the_section_tables_and_references(results, lang, fmt):
    out = report(results, language=lang, format=fmt, figures=False)
    text, rows = _plain(out, fmt)
    esc = tex_escape if fmt == "tex" else (lambda s: s)
    flat = re.sub(r"\s+", " ", text)
    for needle in (HEADING[lang], REFS[lang], "Hayes, A. F. (2022). Introduction to mediation, moderation",
                   "Zhao, X., Lynch, J. G., Jr., & Chen, Q. (2010)", "Johnson, P. O., & Neyman, J. (1936)",
                   "Hayes, A. F., & Cai, L. (2007)", "Preacher, K. J., & Hayes, A. F. (2008)"):
        assert esc(needle) in flat, (lang, fmt, needle)
    b = _block_of(results, "H4")
    co = _rows(b, "coefficients", term="x×w")[0]
    predictor = {"en": "Reliability × Empathy", "zh-Hans": "可靠性 × 移情性", "zh-Hant": "可靠性 × 關懷性"}[lang]
    row = [esc(predictor), apa.num(co["coeff"], 3), apa.num(co["se"], 3), apa.num(co["t"], 2), apa.p(co["p"]),
           f"[{apa.num(co['ci.lower'], 3)}, {apa.num(co['ci.upper'], 3)}]"]
    if fmt == "tex":
        row = [tex_escape(c) for c in row]
    assert row in rows, (lang, fmt)
    ind = _rows(_block_of(results, "H5"), "indirect", path="x → m → y")[0]
    assert any(f"[{apa.num(ind['boot.ci.lower'], 3)}, {apa.num(ind['boot.ci.upper'], 3)}]" in " ".join(r)
               or tex_escape(f"[{apa.num(ind['boot.ci.lower'], 3)}, {apa.num(ind['boot.ci.upper'], 3)}]") in " ".join(r)
               for r in rows)
    assert not re.search(r"\b(None|nan|NaN|null)\b", text)
    if lang != "en" and fmt != "tex":
        # the reference list stays in the works' language (English), as APA lists them
        lines = [line for line in text.splitlines() if line.strip() and not re.search(r"\((?:19|20)\d{2}\)\. ", line)]
        bad = [f"{p}: {line[:160]!r}" for line in lines for p in problems(_without_data(line), lang)]
        assert not bad, "\n".join(dict.fromkeys(bad))


def test_tables_are_numbered_after_the_others_and_titled_by_hypothesis(results):
    html = report(results, language="en", format="html", figures=False)
    captions = re.findall(r'<p class="caption">Table (\d+)</p>\s*<p class="title">([^<]*)</p>', html)
    assert [int(n) for n, _ in captions] == list(range(1, len(captions) + 1))
    titles = [t for _, t in captions]
    for title in ("H4: Regression Coefficients Predicting Loyalty",
                  "H4: Conditional Effects of Reliability on Loyalty at Values of Empathy",
                  "H4: Johnson–Neyman Regions of Significance of the Effect of Reliability on Loyalty Across Empathy",
                  "H5: Total, Direct and Indirect Effects of Reliability on Loyalty",
                  "H6: Conditional Indirect Effects of Reliability on Loyalty at Values of Platform",
                  "H6: Indices of Moderated Mediation"):
        assert title in titles, title


def test_without_the_block_no_section_table_or_reference(results):
    plain = {k: v for k, v in results.items() if k != "process"}
    for lang in LANGS:
        keys = [s["key"] for s in results_text(plain, lang)]
        assert "process" not in keys and "process_references" not in keys
        out = report(plain, language=lang, format="md", figures=False)
        assert HEADING[lang] not in out and REFS[lang] not in out and "Hayes" not in out
    # a moderation without a bootstrap cites neither Preacher & Hayes nor Zhao et al.
    only = {**plain, "process": [_block_of(results, "H4")]}
    refs = [s for s in results_text(only, "en") if s["key"] == "process_references"][0]["paragraphs"]
    assert [r.split(" (")[0] for r in refs] == ["Aiken, L. S., & West, S. G.", "Hayes, A. F.",
                                                "Hayes, A. F., & Cai, L.", "Johnson, P. O., & Neyman, J."]


def test_ols_standard_errors_and_no_bootstrap():
    r = research.process(SIM, 4, x="x", y="y", m=["m"], se="ols", boot=0)
    d = {"n": 300, "process": [_block("H9", "mediation", r)]}
    en = _section(d, "en")
    assert "with conventional OLS standard errors." in en and "Hayes & Cai" not in en
    assert "No bootstrap was run, so the indirect effects were not tested." in en
    ind = r.indirect.iloc[0]
    assert f"through m was not tested, b = {apa.num(ind['effect'], 3)}, completely standardized effect = " in en
    assert np.isfinite(ind["effect"])


def test_hypothesis_lines_name_what_each_kind_tests():
    """The hypotheses paragraph (research analyze with PROCESS hypotheses): a mediation is the chain's indirect
    effect with the latent β and no p (a percentile bootstrap gives none), a moderation the interaction with its
    p and no β, a moderated mediation the index; never a "β = —" or "p = —" placeholder."""
    d = research.analyze(ROOT / "datasets" / "lsq5_sample.csv", questionnaire="lsq5", bootstrap=60, seed=7,
                         hypotheses=["H1: REL -> SAT, +", "H4: REL -> SAT moderated by EMP, +",
                                     "H5: REL -> SAT -> LOY", "H6: REL -> SAT -> LOY moderated by EMP"]).to_dict()
    by_id = {h["id"]: h for h in d["hypotheses"]}
    h4, h5, h6 = by_id["H4"], by_id["H5"], by_id["H6"]
    want = {
        "en": [f"H4 (EMP moderates REL → SAT, positive interaction) was ",
               f"B = {apa.num(h4['est'], 3)}, SE = {apa.num(h4['se'], 3)}, 95% CI (t-based) "
               f"[{apa.num(h4['ci.lower'], 3)}, {apa.num(h4['ci.upper'], 3)}], {apa.p_text(h4['pvalue'])}",
               f"H5 (REL → SAT → LOY, indirect effect) was supported: B = {apa.num(h5['est'], 3)}, "
               f"SE = {apa.num(h5['se'], 3)}, 95% CI [{apa.num(h5['ci.lower'], 3)}, {apa.num(h5['ci.upper'], 3)}], "
               f"β = {apa.unit(h5['estimates']['sem']['std'], 3)}.",
               "H6 (EMP moderates the indirect effect REL → SAT → LOY, index of moderated mediation) was "],
        "zh-Hans": ["H4（EMP 调节 REL → SAT，交互作用为正）", "95% CI (t 分布)",
                    "H5（REL → SAT → LOY，间接效应）得到支持", "H6（EMP 调节间接效应 REL → SAT → LOY，有调节的中介指数）"],
        "zh-Hant": ["H4（EMP 調節 REL → SAT，交互作用為正）", "95% CI (t 分配)",
                    "H5（REL → SAT → LOY，間接效果）獲得支持", "H6（EMP 調節間接效果 REL → SAT → LOY，被調節的中介指標）"],
    }
    assert h5["supported"] and h5["pvalue"] is None and h4["pvalue"] is not None
    for lang in LANGS:
        text = "\n".join(s for sec in results_text(d, lang) if sec["key"] == "hypotheses" for s in sec["paragraphs"])
        for w in want[lang]:
            assert w in text, (lang, w, text)
        assert "β = —" not in text and "p = —" not in text, text
