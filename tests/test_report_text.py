"""research.report.text: the results section written from the numbers of results.json.

The central check: every number printed in the text is a number of the results (formatted the
APA way by research.report.apa), a count derived from them (computed here independently), a
published threshold after a comparison sign (DOMAIN.md §2), a citation year, or the level of a
confidence interval.  The verdicts (supported, mediation, fit, reliability, discriminant validity,
invariance) are recomputed here from the numbers and compared with the words of the text.
"""
from __future__ import annotations

import copy
import math
import re
from collections import Counter

import pytest

from research.analyze import analyze
from research.errors import DataError, OptionError
from research.report import apa
from research.report import text as T
from research.report.text import results_markdown, results_text, to_hant
from research.report.writers import md_escape

from conftest import REFERENCE, ROOT

LANGS = ("en", "zh-Hans", "zh-Hant")
PD_MEASUREMENT = "ind60 =~ x1 + x2 + x3\ndem60 =~ y1 + y2 + y3 + y4\ndem65 =~ y5 + y6 + y7 + y8"
PD_MODEL = PD_MEASUREMENT + "\ndem60 ~ ind60\ndem65 ~ ind60 + dem60"
LSQ_SMALL = ("ECO =~ ECO1 + ECO2 + ECO3 + ECO4\nREL =~ REL1 + REL2 + REL3 + REL4\nSAT =~ SAT1 + SAT2 + SAT3\n"
             "LOY =~ LOY1 + LOY2 + LOY3 + LOY4\nSAT ~ ECO + REL\nLOY ~ SAT + ECO")
HS_MODEL = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9"
HS_HIGHER = ("visual =~ x1 + x2 + x3 + x9\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\n"
             "g =~ visual + textual + speed")
HYPOTHESES = ["H1: ECO -> SAT, +", "H2: RES -> SAT, +", "H3: FLE -> SAT, +", "H4: REL -> SAT, +",
              "H5: EMP -> SAT, +", "H6: SAT -> LOY, +",
              "H7: ECO -> LOY, +",          # no direct path: tested as the total effect via SAT
              "H8: EMP -> SAT, -"]          # the opposite sign of the data

# DOMAIN.md §2: thresholds the text may state after a comparison sign although results.json does not hold them
PUBLISHED = {".85", ".90",                       # HTMT, Henseler, Ringle & Sarstedt 2015
             ".95", ".06", ".08",                # Hu & Bentler 1999
             "3", "5",                           # χ²/df < 3 (< 5)
             ".50", ".70",                       # loadings (Hair et al.)
             ".001", ".05",                      # APA p notation, α = .05
             "3.84", "2.58"}                     # MI > 3.84 (χ²(1), p < .05), |z| > 2.58 (p < .01)
# the years of the sources the text cites (DOMAIN.md §2 and §6)
CITED_YEARS = {"1950", "1974", "1977", "1978", "1979", "1980", "1981", "1988", "1999", "2002", "2003", "2007",
               "2008", "2015", "2019",
               # diagnostics: Mardia 1970, Bentler 2005, Lindell & Whitney 2001, Kock & Lynn 2012,
               # Brosseau-Liard & Savalei 2014, Byrne, Shavelson & Muthén 1989
               "1970", "2005", "2001", "2012", "2014", "1989",
               # the ordinal check of the items: Joanes & Gill 1998 (G1), Flora & Curran 2004
               "1998", "2004"}
# simplified-only characters: none of them is a traditional character (系 is one, so it is checked as 系数)
SIMPLIFIED_ONLY = ("样数据验设显变项拟结构释关为与个这们说时间过进还没对应检测题组类总级优权满经济响灵"
                   "诚顾驱动确认论实现发长开从会访误错键额议删录报图统归让识标计评区异单达随"
                   "绝离读虑点导义记残参敛")


# ----------------------------------------------------------------------------------------------
# fixtures: five analyses (about 5 s in all)
# ----------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def cases():
    # listwise deletion named (the default is FIML): the sample text's "without missing answers" and the
    # method factor's numbers are checked on it
    lsq5 = analyze(ROOT / "datasets" / "lsq5_wjx_gbk.csv", questionnaire="lsq5", seed=1, bootstrap=30,
                   hypotheses=HYPOTHESES, missing="listwise").to_dict()
    grouped = analyze(ROOT / "datasets" / "lsq5_wjx_gbk.csv", questionnaire="lsq5", model=LSQ_SMALL, seed=1,
                      bootstrap=30, group="GENDER", hypotheses=["H1: ECO -> SAT, +", "H2: SAT -> LOY, +"]).to_dict()
    pd_full = analyze(REFERENCE / "political_democracy.csv", model=PD_MODEL, bootstrap=0).to_dict()
    pd_mlr = analyze(REFERENCE / "political_democracy.csv", model=PD_MODEL, bootstrap=0, estimator="MLR").to_dict()
    pd_meas = analyze(REFERENCE / "political_democracy.csv", model=PD_MEASUREMENT, bootstrap=0).to_dict()
    # cross-loaded x9 and a higher-order factor: CR/AVE not defined, method-bias CFAs not applicable
    hs_higher = analyze(REFERENCE / "holzinger1939.csv", model=HS_HIGHER, bootstrap=0).to_dict()
    # two schools, MLR: scalar invariance fails and the score-test search releases an intercept; a marker item
    hs_groups = analyze(REFERENCE / "holzinger1939.csv", model=HS_MODEL, bootstrap=0, group="school",
                        estimator="MLR", search_partial=True, marker="ageyr").to_dict()
    return {"lsq5": lsq5, "grouped": grouped, "pd_full": pd_full, "pd_mlr": pd_mlr, "pd_meas": pd_meas,
            "hs_higher": hs_higher, "hs_groups": hs_groups}


def section(d, lang, key):
    found = [s for s in results_text(d, lang) if s["key"] == key]
    assert found, f"no section {key}"
    return found[0]


def joined(d, lang, key=None):
    return "\n".join(p for s in results_text(d, lang) if key is None or s["key"] == key for p in s["paragraphs"])


# ----------------------------------------------------------------------------------------------
# every number comes from the results
# ----------------------------------------------------------------------------------------------
_NUMBER = re.compile(r"(?<![\w.])[−-]?(?:\d+(?:\.\d+)?|\.\d+)")
_CITATION_YEAR = re.compile(r"(?:(?<=[A-Za-z.], )|(?<=[A-Za-z] \()|(?<=[A-Za-z]（))((?:19|20)\d{2})(?!\d)")


# blocks of results.json the text does not describe: left out, so that their thousands of numbers cannot
# make an invented number look "allowed"
IGNORED = {"item_analysis", "cross_loadings", "per_item", "latent_correlations", "regression", "by_group", "htmt2",
           "ipma", "ipma_items", "warnings", "corr", "pairwise", "fits", "meta", "base", "wald", "fit_free",
           "fit_equal", "per_group", "effect_ci_lower", "effect_ci_upper",
           # diagnostics the text does not describe number by number
           "residuals", "dropped_rows", "pairs", "marker_correlations", "local_optima_chisq", "items", "deltas_all"}
# how the text prints each kind of number (APA 7 via research.report.apa)
UNIT3 = {"beta", "std", "std.all", "alpha", "cr", "ave", "cfi", "tli", "rmsea", "srmr", "rmsea.ci.lower",
         "rmsea.ci.upper", "cfi.robust", "tli.robust", "rmsea.robust", "rmsea.ci.lower.robust",
         "rmsea.ci.upper.robust", "pvalue", "pvalue.scaled", "p", "p_adj", "overall", "r2", "importance",
         "delta.cfi", "delta.rmsea", "effect_value",
         "p_skew", "p_small", "p_kurtosis", "p.value", "substantive_variance_mean", "method_variance_mean", "r_m"}
UNIT3_BLOCKS = {"htmt", "sqrt_ave", "r2", "weights", "values"}       # every number inside these
NUM3 = {"est", "ci.lower", "ci.upper", "se"}
TWO_DECIMALS = {"mean", "sd", "chisq", "chisq.scaled", "chisq.diff", "statistic", "performance", "effect_value",
                "b1p", "b2p", "skew", "kurtosis", "mi", "sepc.all", "standardized", "X2"}
PERCENT = {"lmg_share", "lmg_share_ci_lower", "lmg_share_ci_upper", "share", "share_below",
           "share_method_significant"}


def leaves(obj, path=()):
    """(path, number) for every number of the described parts of the results."""
    if isinstance(obj, bool) or obj is None:
        return
    if isinstance(obj, (int, float)):
        if math.isfinite(obj):
            yield path, float(obj)
    elif isinstance(obj, dict):
        for k, v in obj.items():
            if k in IGNORED or (k == "parameters" and path[-1:] != ("sem",)):
                continue
            if k == "parameters":                       # the structural paths only
                v = [p for p in v if p.get("op") == "~"]
            yield from leaves(v, path + (str(k),))
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            yield from leaves(v, path)


def formats(path: tuple, v: float) -> set:
    """The ways research.report.apa prints this number where the text uses it."""
    key = path[-1] if path else ""
    out = set()
    if float(v).is_integer():
        out.add(str(int(v)))
    if key in UNIT3 or UNIT3_BLOCKS & set(path[-3:]) or "delta.srmr" in path:   # Chen's ΔSRMR cut-offs per level
        out.add(apa.unit(v, 3))
    if key in NUM3:
        out.add(apa.num(v, 3))
    if key in TWO_DECIMALS or (key == "importance" and "stated" in path):
        out.add(apa.num(v, 2))
    if "std_loadings" in path or "thresholds" in path or key == "alpha":
        out.add(apa.unit(v, 2))
    if "index" in path or key in ("df", "df2"):
        out |= {apa.num(v, 1), apa.num(v, 0)}
    if "vif" in path:                                   # full-collinearity VIFs
        out.add(apa.num(v, 2))
    if "thresholds" in path:                            # e.g. VIF ≤ 3.3 (Kock 2015)
        out.add(apa.num(v, 1))
    if key in PERCENT:
        out |= {apa.num(100 * v, 1), apa.num(100 * v, 0)}
    return out


def derived_numbers(d: dict) -> set:
    """Counts and ratios the text may state, computed here from the results."""
    out = set()
    excl = d.get("excluded") or []
    total = d["n"] + len(excl)
    counts = [len(excl), total, *Counter(r for row in excl for r in row["reasons"]).values()]
    if excl:
        out |= {apa.num(100 * len(excl) / total, 1), apa.num(100 * d["n"] / total, 1)}
    for block in ("cfa", "sem"):
        m = d.get(block)
        if m:
            counts.append(d["n"] - m["n"])
            f = m["fit"]
            out.add(apa.num(f["chisq"] / f["df"], 2))
            if f.get("chisq.scaled") is not None:
                out.add(apa.num(f["chisq.scaled"] / f["df.scaled"], 2))
    hyps = d.get("hypotheses") or []
    counts += [len(hyps), sum(bool(h["supported"]) for h in hyps)]
    for block in ("cfa", "sem"):                        # how many modification indices, how many above 3.84
        mi = ((d.get("diagnostics") or {}).get(block) or {}).get("modindices")
        if isinstance(mi, list):
            counts += [len(mi), sum(r["mi"] > 3.84 for r in mi)]
    marker = (d.get("method_bias") or {}).get("marker") or {}
    pairs = marker.get("pairs") or []
    counts += [sum(bool(p.get("significant")) for p in pairs), sum(bool(p.get("lost")) for p in pairs)]
    seed = (d.get("meta") or {}).get("seed")
    if seed is not None:
        counts.append(seed)
    oc = (d.get("diagnostics") or {}).get("ordinal_check") or {}       # items unsafe for ML: counts, 80 %, G1 range
    if isinstance(oc.get("items"), list):
        counts += [len(oc["items"]), len(oc.get("by_skew") or []), len(oc.get("by_share") or [])]
        out.add(apa.num(100 * oc["thresholds"]["share_above"], 0))
        out |= {apa.num(r["skewness"], 2) for r in oc["items"] if r.get("by_skew")}
    return out | {str(int(k)) for k in counts}


def allowed_numbers(d: dict) -> set:
    return set().union(*(formats(p, v) for p, v in leaves(d))) | derived_numbers(d)


def results_only(d, lang) -> str:
    """The text without the reference list: its volumes, pages and DOIs are not results (the tests of each
    source check its entries)."""
    return "\n".join(p for s in results_text(d, lang) if s["key"] != "process_references" for p in s["paragraphs"])


def unexplained_numbers(d: dict, text: str) -> list:
    text = text.replace("90% CI", " ").replace("95% ", " ")      # conventional interval levels
    years = _CITATION_YEAR.findall(text)
    assert set(years) <= CITED_YEARS, set(years) - CITED_YEARS
    text = _CITATION_YEAR.sub(" ", text)
    allowed = allowed_numbers(d)
    bad = []
    for m in _NUMBER.finditer(text):
        tok = m.group(0)
        after_sign = re.search(r"[<>≤≥]\s*$", text[:m.start()]) is not None
        if tok in allowed or (after_sign and tok in PUBLISHED):
            continue
        bad.append((tok, text[max(0, m.start() - 40):m.end() + 10]))
    return bad


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case", ["lsq5", "grouped", "pd_full", "pd_mlr", "pd_meas", "hs_higher", "hs_groups"])
def test_every_number_in_the_text_comes_from_the_results(cases, case, lang):
    d = cases[case]
    text = results_only(d, lang)
    assert len(_NUMBER.findall(text)) > 30
    assert unexplained_numbers(d, text) == []


def test_the_number_check_catches_an_invented_number(cases):
    d = cases["lsq5"]
    text = results_only(d, "en")
    assert [tok for tok, _ in unexplained_numbers(d, text + " β = .123456 and 4711 responses")] == [".123456", "4711"]
    # a published threshold is accepted only after a comparison sign
    threshold = next(t for t in sorted(PUBLISHED) if t.startswith(".") and t not in allowed_numbers(d))
    assert [tok for tok, _ in unexplained_numbers(d, text + f" HTMT {threshold} here")] == [threshold]
    assert unexplained_numbers(d, text + f" HTMT < {threshold} here") == []
    with pytest.raises(AssertionError):                                  # a year of no cited source
        unexplained_numbers(d, text + " (Smith, 2011)")


# ----------------------------------------------------------------------------------------------
# sections, verdicts and thresholds
# ----------------------------------------------------------------------------------------------
def test_sections_and_markdown(cases):
    d = cases["lsq5"]
    keys = [s["key"] for s in results_text(d, "en")]
    # the references: the ordinal check's sources (Rhemtulla et al. 2012, Joanes & Gill 1998)
    assert keys == ["sample", "method", "reliability", "discriminant", "fit", "hypotheses", "mediation", "drivers",
                    "index", "process_references"]
    grouped = [s["key"] for s in results_text(cases["grouped"], "zh-Hans")]
    assert "segments" in grouped and grouped.index("segments") < grouped.index("index")
    for lang in LANGS:
        md = results_markdown(d, lang)
        heads = re.findall(r"^## (.+)$", md, flags=re.M)
        sections = results_text(d, lang)
        assert heads == [md_escape(s["heading"]) for s in sections]
        for s in sections:
            for p in s["paragraphs"]:
                assert md_escape(p) in md
    assert section(d, "zh-Hans", "hypotheses")["heading"] == "假设检验"
    assert section(d, "zh-Hant", "hypotheses")["heading"] == "假設檢定"
    assert section(d, "zh-Hant", "fit")["heading"] == "模型配適"
    assert results_markdown(d, "en", title="Results").startswith("# Results\n\n## Sample")
    hostile = results_markdown(d, "en", title="<img src=x onerror=alert(1)> [x](javascript:alert(1))")
    assert "<img" not in hostile and "&lt;img" in hostile
    assert "[x](javascript" not in hostile and "\\[x\\](javascript" in hostile      # brackets escaped: no link


def test_sample_counts_exclusions_by_reason(cases):
    d = cases["lsq5"]
    counts = Counter(r for row in d["excluded"] for r in row["reasons"])
    total = d["n"] + len(d["excluded"])
    en = joined(d, "en", "sample")
    assert f"Of the {total} responses collected, {len(d['excluded'])} " in en
    assert f"N = {d['n']} valid responses" in en
    phrases = {"attention": "{k} failed the attention check", "speeder": "{k} were completed implausibly fast",
               "straightlining": "{k} gave the same answer throughout", "duplicate": "{k} were duplicates"}
    zh = joined(d, "zh-Hans", "sample")
    zh_phrases = {"attention": "未通过注意力检测题 {k} 份", "speeder": "作答时间过短 {k} 份",
                  "straightlining": "直线作答 {k} 份", "duplicate": "重复作答 {k} 份"}
    assert set(counts) <= set(phrases)
    for reason, k in counts.items():
        assert phrases[reason].format(k=k) in en
        assert zh_phrases[reason].format(k=k) in zh
    model_n = d["sem"]["n"]
    assert f"on the {model_n} responses without missing answers" in en
    assert f"{d['n'] - model_n} responses with missing answers were left out" in en
    assert "Economy (ECO)" in en and "经济性（ECO）" in zh
    assert "經濟性（ECO）" in joined(d, "zh-Hant", "sample")
    assert joined(cases["pd_full"], "en", "sample").startswith(f"The analysis used N = {cases['pd_full']['n']}")


def test_thresholds_are_named_with_their_sources(cases):
    d = cases["lsq5"]
    for lang in LANGS:
        text = joined(d, lang)
        for source in ("Nunnally, 1978", "Bagozzi & Yi, 1988", "Fornell & Larcker, 1981", "Henseler et al., 2015",
                       "Hu & Bentler, 1999", "Kaiser, 1974", "Bartlett, 1950", "Podsakoff et al., 2003",
                       "Lindeman et al., 1980", "Martilla & James, 1977", "Preacher & Hayes, 2008"):
            assert source in text, (lang, source)
        for rule in ("α ≥ .70", "CR ≥ .70", "AVE ≥ .50", "RMSEA ≤ .06", "SRMR ≤ .08"):
            assert rule in text, (lang, rule)
    assert "below the strict threshold of .85 (Henseler et al., 2015)" in joined(d, "en", "discriminant")
    assert "低于严格标准 .85（Henseler et al., 2015）" in joined(d, "zh-Hans", "discriminant")


def test_reliability_ranges_and_verdict(cases):
    d = cases["lsq5"]
    rel = d["reliability"]
    en = joined(d, "en", "reliability")
    for stat, label in (("alpha", "Cronbach's α"), ("cr", "composite reliability (CR)"),
                        ("ave", "average variance extracted (AVE)")):
        lo = min(rel, key=lambda c: rel[c][stat])
        hi = max(rel, key=lambda c: rel[c][stat])
        assert f"{label} ranged from {apa.unit(rel[lo][stat], 3)} ({lo}) to {apa.unit(rel[hi][stat], 3)} ({hi})" in en
    all_pass = all(r[s] >= r["thresholds"][s]["pass"] for r in rel.values() for s in ("alpha", "cr", "ave"))
    assert all_pass and "All constructs therefore showed good internal consistency reliability" in en


def test_reliability_below_thresholds_is_named(cases):
    d = copy.deepcopy(cases["lsq5"])
    d["reliability"]["SAT"].update({"alpha": 0.65, "alpha.flag": "warn", "ave": 0.42, "ave.flag": "fail"})
    en = joined(d, "en", "reliability")
    assert "SAT (.650) had α between the tolerable .60 and .70." in en
    assert "SAT (.420) had AVE below .50." in en
    assert "not established for SAT" in en
    zh = joined(d, "zh-Hans", "reliability")
    assert "SAT（.420）的 AVE 低于 .50" in zh and "SAT 的信度或收敛效度未达标准" in zh
    assert unexplained_numbers(d, en) == []


def test_discriminant_validity_verdicts(cases):
    d = cases["lsq5"]
    h = d["htmt"]
    names = list(h)
    best = max((h[a][b], a, b) for i, a in enumerate(names) for b in names[i + 1:])
    en = joined(d, "en", "discriminant")
    assert f"HTMT = {apa.unit(best[0], 3)} ({best[1]}–{best[2]})" in en
    assert best[0] < .85 and "Fornell–Larcker criterion was met" in en
    # Political Democracy: dem60 and dem65 correlate .98, above every threshold
    pd = cases["pd_full"]
    hp = pd["htmt"]["dem60"]["dem65"]
    assert hp >= .90
    en = joined(pd, "en", "discriminant")
    assert f"dem60–dem65 ({apa.unit(hp, 3)}) reached the liberal threshold of .90" in en
    assert "Fornell–Larcker criterion was not met" in en
    assert "区分效度不成立" in joined(pd, "zh-Hans", "discriminant")


def test_fit_values_and_verdict(cases):
    d = cases["lsq5"]
    for block, name in (("cfa", "The measurement model (CFA)"), ("sem", "The structural model")):
        f = d[block]["fit"]
        expected = (f"{name} yielded χ²({int(f['df'])}) = {apa.num(f['chisq'], 2)}, {apa.p_text(f['pvalue'])}, "
                    f"χ²/df = {apa.num(f['chisq'] / f['df'], 2)}, CFI = {apa.unit(f['cfi'], 3)}, "
                    f"TLI = {apa.unit(f['tli'], 3)}, RMSEA = {apa.unit(f['rmsea'], 3)}, "
                    f"90% CI [{apa.unit(f['rmsea.ci.lower'], 3)}, {apa.unit(f['rmsea.ci.upper'], 3)}], "
                    f"SRMR = {apa.unit(f['srmr'], 3)}.")
        assert expected in joined(d, "en", "fit")
        strict = f["cfi"] >= .95 and f["tli"] >= .95 and f["rmsea"] <= .06 and f["srmr"] <= .08 \
            and f["chisq"] / f["df"] < 3
        assert strict
    assert joined(d, "en", "fit").count("indicating a good fit") == 2
    assert joined(d, "zh-Hans", "fit").count("模型拟合良好") == 2
    # Political Democracy: RMSEA above .08 → poor fit, named with its value
    pd = cases["pd_full"]
    r = pd["cfa"]["fit"]["rmsea"]
    assert r > .08
    assert f"RMSEA ({apa.unit(r, 3)}) did not meet the common criteria" in joined(pd, "en", "fit")
    # MLR: the scaled χ² and the robust indices are reported
    f = cases["pd_mlr"]["sem"]["fit"]
    en = joined(cases["pd_mlr"], "en", "fit")
    assert f"χ²({int(f['df.scaled'])}) = {apa.num(f['chisq.scaled'], 2)}" in en
    assert f"CFI = {apa.unit(f['cfi.robust'], 3)}" in en and f"RMSEA = {apa.unit(f['rmsea.robust'], 3)}" in en
    assert "MLR" in en


def _expected_support(h: dict) -> bool:
    excludes = h["ci.lower"] > 0 or h["ci.upper"] < 0
    return excludes and (h["sign"] is None or (h["est"] > 0) == (h["sign"] == "+"))


def test_each_hypothesis_with_its_verdict_and_numbers(cases):
    d = cases["lsq5"]
    hyps = d["hypotheses"]
    assert {h["id"] for h in hyps} == {f"H{k}" for k in range(1, 9)}
    verdicts = {True: 0, False: 0}
    for lang in LANGS:
        paras = section(d, lang, "hypotheses")["paragraphs"]
        for h in hyps:
            opener = f"{h['id']} (" if lang == "en" else f"{h['id']}（"
            mine = [p for p in paras if p.startswith(opener)]
            assert len(mine) == 1, (lang, h["id"])
            p = mine[0]
            supported = _expected_support(h)
            verdicts[supported] += lang == "en"
            if lang == "en":
                assert ("was supported" in p and "not supported" not in p) if supported else "was not supported" in p
            elif lang == "zh-Hans":
                assert ("得到支持" in p and "未得到支持" not in p) if supported else "未得到支持" in p
            else:
                assert ("獲得支持" in p and "未獲得支持" not in p) if supported else "未獲得支持" in p
            for piece in (f"β = {apa.unit(h['beta'], 3)}", f"B = {apa.num(h['est'], 3)}", apa.p_text(h["pvalue"]),
                          f"[{apa.num(h['ci.lower'], 3)}, {apa.num(h['ci.upper'], 3)}]"):
                assert piece in p, (lang, h["id"], piece)
    assert verdicts[True] >= 1 and verdicts[False] >= 1
    en = section(d, "en", "hypotheses")["paragraphs"]
    h7 = next(p for p in en if p.startswith("H7 ("))
    assert "total effect via SAT" in h7
    h8 = next(p for p in en if p.startswith("H8 ("))
    assert "opposite sign" in h8
    k = sum(_expected_support(h) for h in hyps)
    assert f"In total, {k} of {len(hyps)} hypotheses were supported" in "\n".join(en)
    assert "95% percentile bootstrap confidence interval" in en[0] and "30 resamples" in en[0]
    assert "95% 百分位自助法置信区间" in section(d, "zh-Hans", "hypotheses")["paragraphs"][0]
    assert "95% 百分位拔靴法信賴區間" in section(d, "zh-Hant", "hypotheses")["paragraphs"][0]


def test_mediation_reports_each_indirect_effect_with_its_ci(cases):
    d = cases["lsq5"]
    indirect = [e for e in d["sem"]["effects"] if e["type"] == "indirect"]
    assert indirect and all(e["ci.method"] == "percentile" for e in indirect)
    en = joined(d, "en", "mediation")
    zh = joined(d, "zh-Hans", "mediation")
    assert "percentile bootstrap confidence intervals (30 resamples, seed 1; Preacher & Hayes, 2008)" in en
    for e in indirect:
        ci = f"95% CI [{apa.num(e['ci.lower'], 3)}, {apa.num(e['ci.upper'], 3)}]"
        sentence = next(p for p in en.split("\n") if p.startswith(f"The indirect effect of {e['from']} on {e['to']}"
                                                                     f" via {' → '.join(e['via'])}"))
        assert ci in sentence
        significant = e["ci.lower"] > 0 or e["ci.upper"] < 0
        assert ("which excludes zero" in sentence) == significant
        assert ("which includes zero" in sentence) == (not significant)
        zs = next(p for p in zh.split("\n") if p.startswith(f"{e['from']} 经由 {' → '.join(e['via'])} 对 {e['to']}"))
        assert ("不包含 0，中介效应显著" in zs) == significant
    # with a direct path: partial or full mediation from the direct effect's CI (Political Democracy, delta CIs)
    pd = cases["pd_full"]
    direct = next(e for e in pd["sem"]["effects"] if e["type"] == "direct" and (e["from"], e["to"]) ==
                  ("ind60", "dem65"))
    kind = "partial" if direct["ci.lower"] > 0 or direct["ci.upper"] < 0 else "full"
    en = joined(pd, "en", "mediation")
    assert f"a {kind} mediation" in en and "delta-method" in en


def test_drivers_by_lmg_share_and_the_concentrate_quadrant(cases):
    d = cases["lsq5"]
    rows = sorted(d["drivers"]["overall"]["drivers"], key=lambda r: -r["lmg_share"])
    en = joined(d, "en", "drivers")
    top = [f"{r['driver']} ({apa.num(100 * r['lmg_share'], 1)}% of R²" for r in rows[:3]]
    positions = [en.index(t) for t in top]
    assert positions == sorted(positions)
    strongest = re.search(r"The strongest were (.*?)\.(?:\s|$)", en).group(1)
    assert [m.group(1) for m in re.finditer(r"(\w+) \(\d", strongest)] == [r["driver"] for r in rows[:3]]
    conc = sorted((r for r in d["ipa"]["map"]["drivers"] if r["quadrant"] == "concentrate"),
                  key=lambda r: r["priority"])
    ipa_sentence = next(p for p in en.split("\n") if p.startswith("In the importance–performance analysis"))
    assert "“Concentrate here” quadrant" in ipa_sentence
    found = [ipa_sentence.index(f"{r['driver']} (importance = {apa.unit(r['importance'], 3)}") for r in conc]
    assert conc and found == sorted(found)
    assert "「重點改進區」" in joined(d, "zh-Hant", "drivers")
    assert "“重点改进区”" in joined(d, "zh-Hans", "drivers")


def test_segments_invariance_and_index(cases):
    d = cases["grouped"]
    g = d["groups"]
    en = joined(d, "en", "segments")
    sig = [t["variable"] for t in g["tests"] if t.get("p_adj") is not None and t["p_adj"] < g["alpha"]]
    if sig:
        assert all(v in en.split("After the correction")[1] for v in sig)
    else:
        assert "no construct differed significantly" in en
    inv = d["invariance"]["measurement"]
    highest = inv["levels"][0]
    for c in inv["comparisons"]:
        ok = c["delta.cfi"] >= -0.01 and c["delta.rmsea"] <= 0.015
        if not ok:
            break
        highest = c["model"]
    assert f"invariance held up to the {highest} level" in en
    assert "Male and Female" in en                                  # segment labels from the questionnaire
    zh_hant = joined(d, "zh-Hant", "segments")
    assert "變項" in zh_hant and "不變性" in zh_hant
    idx = d["index"]["overall"]
    en = joined(d, "en", "index")
    assert f"averaged M = {apa.num(idx['mean'], 1)} (SD = {apa.num(idx['sd'], 1)}), " \
           f"95% CI [{apa.num(idx['ci'][0], 1)}, {apa.num(idx['ci'][1], 1)}]" in en
    band = next(b for b in d["index"]["grades"] if b["lower"] <= idx["mean"] < b["upper"])
    assert f"grade “{band['en']}” ({band['lower']:.0f} ≤ E < {band['upper']:.0f})" in en
    assert f"等级为“{band['zh-Hans']}”" in joined(d, "zh-Hans", "index")


def test_a_significant_segment_difference_is_described(cases):
    d = copy.deepcopy(cases["grouped"])
    t = next(t for t in d["groups"]["tests"] if t["variable"] == "ECO")
    t.update({"p_adj": 0.012, "significant": True})
    rows = [r for r in d["groups"]["descriptives"] if r["variable"] == "ECO" and r["tested"]]
    hi, lo = max(rows, key=lambda r: r["mean"]), min(rows, key=lambda r: r["mean"])
    labels = d["groups"]["labels"]
    en = joined(d, "en", "segments")
    assert (f"After the correction, ECO (t({apa.num(t['df'], 1)}) = {apa.num(t['statistic'], 2)}, "
            f"{apa.p_text(t['p'])}, adjusted p = .012, g = {apa.num(t['effect_value'], 2)}; "
            f"highest in {labels[str(hi['group'])]['en']} with M = {apa.num(hi['mean'], 2)}, "
            f"lowest in {labels[str(lo['group'])]['en']} with M = {apa.num(lo['mean'], 2)}) differed significantly") in en
    zh = joined(d, "zh-Hans", "segments")
    assert f"{labels[str(hi['group'])]['zh-Hans']}最高" in zh and "校正后 p = .012" in zh
    assert unexplained_numbers(d, en) == []


def test_rejected_metric_invariance_is_reported(cases):
    d = copy.deepcopy(cases["grouped"])
    inv = d["invariance"]["measurement"]
    inv["comparisons"][0].update({"delta.cfi": -0.031, "holds": False})
    inv["highest"] = "configural"
    en = joined(d, "en", "segments")
    assert "only configural invariance held: metric invariance was rejected" in en and "ΔCFI = −.031" in en
    assert "仅形态不变性成立" in joined(d, "zh-Hans", "segments")
    assert "僅形貌不變性成立" in joined(d, "zh-Hant", "segments")


# ----------------------------------------------------------------------------------------------
# diagnostics: normality, common method bias, local fit, partial invariance
# ----------------------------------------------------------------------------------------------
def test_mardia_is_reported_with_its_numbers(cases):
    d = cases["lsq5"]
    m = d["diagnostics"]["mardia"]
    en = joined(d, "en", "method")
    assert (f"({m['n']} responses without missing answers on {m['p']} items; Mardia, 1970) gave a multivariate "
            f"skewness of b1p = {apa.num(m['b1p'], 2)}, χ²({int(m['skew_df'])}) = {apa.num(m['skew'], 2)}, "
            f"{apa.p_text(m['p_skew'])}, and a multivariate kurtosis of b2p = {apa.num(m['b2p'], 2)} (expected under "
            f"normality: {m['b2p_expected']}), z = {apa.num(m['kurtosis'], 2)}, {apa.p_text(m['p_kurtosis'])}.") in en
    # kurtosis p < .05 but |z| ≤ 5: a moderate departure, and ML was used → MLR is advised
    assert m["p_kurtosis"] < .05 <= m["p_skew"] and abs(m["kurtosis"]) <= 5
    assert "departed from multivariate normality in kurtosis (the normalized kurtosis stayed within ±5" in en
    assert "(MLR) would be the safer choice" in en
    zh = joined(d, "zh-Hans", "method")
    assert f"多元偏度 b1p = {apa.num(m['b1p'], 2)}" in zh and "数据在峰度上偏离多元正态" in zh
    hant = joined(d, "zh-Hant", "method")
    assert "Mardia 多元常態性檢定" in hant and "多元峰態" in hant and "常態分配下的期望值" in hant
    # with MLR the text says that the estimator corrects for it; Holzinger: both tests reject
    hs = cases["hs_groups"]
    en = joined(hs, "en", "method")
    assert "departed from multivariate normality in skewness and kurtosis" in en
    assert "the MLR estimator used here corrects the standard errors" in en


def test_common_method_bias_checks_with_their_numbers(cases):
    d = cases["lsq5"]
    mb = d["method_bias"]
    sf, fc, mf = mb["single_factor"], mb["full_collinearity"], mb["method_factor"]
    en = joined(d, "en", "method")
    t = sf["test"]
    assert sf["passed"] is True
    assert (f"fitted clearly worse than the measurement model (Δχ²({t['df.diff']}) = {apa.num(t['chisq.diff'], 2)}, "
            f"{apa.p_text(t['pvalue'])}, ΔCFI = {apa.unit(sf['deltas']['delta.cfi'], 3)}; Podsakoff et al., 2003; "
            f"Cheung & Rensvold, 2002)") in en
    vif = fc["vif"]
    lo, hi = min(vif, key=vif.get), max(vif, key=vif.get)
    assert (f"ranged from {apa.num(vif[lo], 2)} ({lo}) to {apa.num(vif[hi], 2)} ({hi}), all ≤ 3.3 "
            f"(Kock & Lynn, 2012; Kock, 2015)") in en
    assert all(v <= 3.3 for v in vif.values())
    # the method factor: its numbers, and its verdict — here none, because the solution is improper
    assert f"mean substantive variance of {apa.unit(mf['substantive_variance_mean'], 3)}" in en
    assert f"mean method variance of {apa.unit(mf['method_variance_mean'], 3)}" in en
    assert mf["passed"] is None and "no verdict was drawn from it" in en
    assert "Taken together, common method bias was unlikely to be a serious problem." in en
    zh = joined(d, "zh-Hans", "method")
    assert f"ΔCFI = {apa.unit(sf['deltas']['delta.cfi'], 3)}" in zh and "均 ≤ 3.3（Kock & Lynn, 2012; Kock, 2015）" in zh
    assert "方法因子模型没有收敛的合理解" in zh
    hant = joined(d, "zh-Hant", "method")
    assert "共同方法變異" in hant and "完全共線性 VIF" in hant and "收斂" in hant
    # the marker variable (Holzinger, ageyr) and the scaled difference test under MLR
    hs = cases["hs_groups"]
    mk = hs["method_bias"]["marker"]
    lost = sum(p["lost"] for p in mk["pairs"])
    sig = sum(p["significant"] for p in mk["pairs"])
    en = joined(hs, "en", "method")
    assert (f"With ageyr as a marker variable (r_M = {apa.unit(mk['r_m'], 3)}; Lindell & Whitney, 2001), {lost} of the "
            f"{sig} significant correlations") in en
    assert lost > 0 and "the marker variable pointed to possible common method bias" in en
    assert f"scaled Δχ²({hs['method_bias']['single_factor']['test']['df.diff']})" in en
    assert "校正 Δχ²" in joined(hs, "zh-Hans", "method")


def test_local_fit_names_the_largest_indices_and_residuals(cases):
    d = cases["lsq5"]
    mi = sorted(d["diagnostics"]["cfa"]["modindices"], key=lambda r: -r["mi"])
    res = sorted(d["diagnostics"]["cfa"]["largest_residuals"], key=lambda r: -abs(r["standardized"]))
    big = [r for r in mi if r["mi"] > 3.84]
    en = joined(d, "en", "fit")
    top = mi[0]
    assert (f"In the measurement model, {len(big)} of the {len(mi)} largest modification indices had MI > 3.84 "
            f"(p < .05); the largest were {top['lhs']} {top['op']} {top['rhs']} (MI = {apa.num(top['mi'], 2)}, "
            f"standardized EPC = {apa.num(top['sepc.all'], 2)})") in en
    assert res and all(f"{r['lhs']}–{r['rhs']} (z = {apa.num(r['standardized'], 2)})" in en for r in res[:5])
    assert "In the structural model," in en
    zh = joined(d, "zh-Hans", "fit")
    assert f"测量模型中，最大的 {len(mi)} 个修正指数中有 {len(big)} 个 MI > 3.84" in zh
    assert "修正指標" in joined(d, "zh-Hant", "fit")
    # nothing above the cut-offs
    quiet = copy.deepcopy(d)
    for block in ("cfa", "sem"):
        for r in quiet["diagnostics"][block]["modindices"]:
            r["mi"] = 1.5
        quiet["diagnostics"][block]["largest_residuals"] = []
    en = joined(quiet, "en", "fit")
    assert "In the measurement model, no modification index had MI > 3.84 (p < .05). No standardized residual had " \
           "|z| > 2.58." in en
    assert "should be freed" not in en
    assert unexplained_numbers(quiet, en) == []


def test_not_applicable_parts_say_why(cases):
    d = cases["hs_higher"]
    rel = d["reliability"]
    assert rel["visual"]["cr"] is None and rel["g"]["order"] == "higher"
    en = joined(d, "en")
    assert "CR and AVE of visual and speed were not reported: an item also loads on another construct" in en
    assert "For g, a higher-order construct: α is not computed" in en
    assert "All constructs therefore showed good" not in en
    why = d["method_bias"]["single_factor"]["not_applicable"]["en"].rstrip(".")
    # one reason for both CFA-based checks: said once
    assert f"Neither the single-factor CFA nor the model with an unmeasured latent method factor was estimated: " \
           f"{why}." in en
    assert "could not be estimated:" not in en
    zh = joined(d, "zh-Hant")
    assert d["method_bias"]["single_factor"]["not_applicable"]["zh-Hant"].rstrip("。") in zh
    assert "高階構念" in zh
    # every part missing at once: the text says why and never prints None or nan
    gone = copy.deepcopy(cases["lsq5"])
    na = {"en": "not computed: the model did not converge", "zh-Hans": "未计算：模型未收敛", "zh-Hant": "未計算：模型未收斂"}
    gone["diagnostics"] = {"cfa": {"not_applicable": na}, "sem": {"not_applicable": na},
                           "mardia": {"not_applicable": na}}
    gone["method_bias"] = {"harman": gone["method_bias"]["harman"], "single_factor": {"not_applicable": na},
                           "method_factor": {"not_applicable": na}, "full_collinearity": {"not_applicable": na}}
    gone["fornell_larcker"] = {"not_applicable": na}
    gone["reliability"]["ECO"].update({"cr": None, "cr.flag": "n/a", "not_applicable": {"cr": na}})
    for lang in LANGS:
        md = results_markdown(gone, lang)
        assert not re.search(r"\bNone\b|\bnan\b", md, flags=re.I)
        assert na[lang] in md
    en = joined(gone, "en")
    assert "The full-collinearity VIFs could not be computed: not computed: the model did not converge." in en
    assert "The Fornell–Larcker criterion was not applied: not computed" in en
    assert "CR of ECO was not reported: not computed" in en
    assert "Mardia" not in en and "modification indices" not in en
    assert unexplained_numbers(gone, results_only(gone, "en")) == []


def test_invariance_under_mlr_with_partial_invariance(cases):
    d = cases["hs_groups"]
    m = d["invariance"]["measurement"]
    assert m["estimator"] == "MLR" and m["criteria"]["indices"]["cfi"] == "cfi.robust"
    step = m["search"][0]
    assert m["released"]["scalar"] == [step["released"]] and step["holds"] is True
    en = joined(d, "en", "segments")
    assert "the changes in fit were those of the robust CFI and RMSEA (Brosseau-Liard & Savalei, 2014)" in en
    assert (f"Partial scalar invariance was reached by releasing {step['released']} (χ²({step['df']}) = "
            f"{apa.num(step['X2'], 2)}, {apa.p_text(step['p.value'])})") in en
    assert "部分标量不变性" in joined(d, "zh-Hans", "segments")
    assert "部分純量不變性" in joined(d, "zh-Hant", "segments") and "穩健 CFI" in joined(d, "zh-Hant", "segments")
    # without the search: the score tests suggest what to release
    failed = copy.deepcopy(d)
    fm = failed["invariance"]["measurement"]
    fm.update({"released": {k: [] for k in fm["levels"]}, "search": [], "highest": "metric"})
    fm["comparisons"][1].update({"holds": False, "delta.rmsea": 0.02})
    fm["suggestions"] = [{"level": "scalar", "class": "intercepts", "candidates": [
        {"parameter": "x3 ~1", "X2": 19.19251110520825, "df": 1, "p.value": 1.18e-05},
        {"parameter": "x7 ~1", "X2": 15.021447959363524, "df": 1, "p.value": 0.000106}]}]
    en = joined(failed, "en", "segments")
    assert "scalar invariance was rejected" in en
    assert ("For the scalar model, the score tests pointed to x3 ~1 (χ²(1) = 19.19, p < .001) and x7 ~1 "
            "(χ²(1) = 15.02, p < .001) as the equalities") in en
    assert unexplained_numbers(failed, en) == []
    # a level that cannot be decided is said so, not called rejected
    undecided = copy.deepcopy(d)
    um = undecided["invariance"]["measurement"]
    um["comparisons"][1].update({"holds": None, "delta.cfi": None})
    um["highest"] = "metric"
    en = joined(undecided, "en", "segments")
    assert "whether scalar invariance held could not be decided" in en and "scalar invariance was rejected" not in en
    assert "None" not in en and "ΔCFI = —" in en
    um["comparisons"][0].update({"holds": None})
    en = joined(undecided, "en", "segments")
    assert "only configural invariance was established: whether metric invariance held could not be decided" in en


def test_measurement_only_model_leaves_out_the_structural_sections(cases):
    d = cases["pd_meas"]
    assert d["sem"] is None and not d.get("hypotheses")
    for lang in LANGS:
        keys = [s["key"] for s in results_text(d, lang)]
        assert keys == ["sample", "method", "reliability", "discriminant", "fit", "process_references"]
        md = results_markdown(d, lang)
        assert "β =" not in md and "→" not in md
    assert "The measurement model was estimated" in joined(d, "en", "sample")
    assert "structural model" not in joined(d, "en", "fit")


def test_missing_parts_are_left_out_without_error(cases):
    d = copy.deepcopy(cases["lsq5"])
    for key in ("validity", "htmt", "fornell_larcker", "drivers", "ipa", "index", "descriptives"):
        d.pop(key)
    d["excluded"] = []
    keys = [s["key"] for s in results_text(d, "en")]
    # without validity, the method section still reports Mardia's test and the method-bias checks
    assert keys == ["sample", "method", "reliability", "fit", "hypotheses", "mediation", "process_references"]
    assert "Mardia" in joined(d, "en", "method") and "KMO" not in joined(d, "en", "method")
    for key in ("diagnostics", "method_bias"):
        d.pop(key)
    keys = [s["key"] for s in results_text(d, "en")]
    assert keys == ["sample", "reliability", "fit", "hypotheses", "mediation", "process_references"]
    assert results_text({"n": 10}, "zh-Hans") == [{"key": "sample", "heading": "样本概况",
                                                   "paragraphs": ["分析样本为 N = 10 份。"]}]
    assert results_text({}, "en") == []


# ----------------------------------------------------------------------------------------------
# language and style
# ----------------------------------------------------------------------------------------------
def test_zh_hant_has_no_simplified_characters(cases):
    assert all(ch not in "樣數據驗設顯變項擬結構釋關" for ch in SIMPLIFIED_ONLY)
    for case in ("lsq5", "grouped", "pd_full", "pd_meas"):
        text = results_markdown(cases[case], "zh-Hant")
        left = sorted({ch for ch in text if ch in SIMPLIFIED_ONLY})
        assert left == [], (case, left)
        assert "系数" not in text and "关系" not in text
    text = results_markdown(cases["lsq5"], "zh-Hant")
    for word in ("樣本", "信度", "效度", "配適", "假設", "支持", "顯著", "信賴區間", "拔靴法", "組成信度"):
        assert word in text, word
    # every template, not only those the cases used
    for key, entry in T._T.items():
        converted = to_hant(entry["zh-Hans"])
        assert not {ch for ch in converted if ch in SIMPLIFIED_ONLY}, key
        assert not {ch for ch in converted if ch in "“”"}, key


def test_to_hant_terms():
    assert to_hant("样本的拟合指标与变量的显著性检验") == "樣本的配適指標與變項的顯著性檢定"
    assert to_hant("组合信度、平均方差抽取量、区分效度") == "組成信度、平均變異抽取量、區別效度"
    assert to_hant("95% 百分位自助法置信区间") == "95% 百分位拔靴法信賴區間"
    assert to_hant("假设得到支持") == "假設獲得支持"
    assert to_hant("“低”") == "「低」"


def test_chinese_punctuation_and_english_past_tense(cases):
    d = cases["lsq5"]
    for lang in ("zh-Hans", "zh-Hant"):
        for s in results_text(d, lang):
            if s["key"] == "process_references":        # APA reference entries, as written in every language
                continue
            for p in s["paragraphs"]:
                assert p.endswith("。"), p
                assert not re.search(r"[\u4e00-\u9fff][,;:(]|[,;:)][\u4e00-\u9fff]", p), p
                assert not re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", p), p
    for s in results_text(d, "en"):
        if s["key"] == "process_references":
            continue
        for p in s["paragraphs"]:
            assert p.endswith("."), p
            assert not re.search(r"[\u4e00-\u9fff，。；（）]", p.replace("“", "").replace("”", "")), p
    en = joined(d, "en")
    assert " was supported" in en and " were excluded" in en and " ranged from " in en
    # APA: no leading zero for bounded values, no "p = .000"
    assert not re.search(r"(?:β|CFI|TLI|RMSEA|SRMR|HTMT|KMO|α|R²) = −?0\.", en)
    assert "p = .000" not in en and "p = 0" not in en


# ----------------------------------------------------------------------------------------------
# errors
# ----------------------------------------------------------------------------------------------
def test_bad_arguments_raise_clear_errors(cases):
    with pytest.raises(OptionError) as err:
        results_text(cases["lsq5"], "fr")
    assert "lang" in err.value.message("en") and "'fr'" in err.value.message("en")
    with pytest.raises(OptionError) as err:
        results_text(["not", "a", "dict"], "en")
    assert "list" in err.value.message("en")
    bad = copy.deepcopy(cases["lsq5"])
    bad["hypotheses"] = [{"id": "H1"}]
    with pytest.raises(DataError) as err:
        results_text(bad, "en")
    assert "hypotheses" in err.value.message("en") and "hypotheses" in err.value.message("zh-Hans")
    bad = copy.deepcopy(cases["lsq5"])
    bad["sem"]["effects"] = [{"type": "indirect", "est": 0.1}]
    with pytest.raises(DataError) as err:
        results_markdown(bad, "zh-Hant")
    assert "sem" in err.value.message("en") and "sem" in err.value.message("zh-Hant")
