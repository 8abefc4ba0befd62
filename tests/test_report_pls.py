"""The report of a PLS-SEM run (``method="pls"``): the sections Hair, Risher, Sarstedt & Ringle (2019) ask for, in
three languages and four formats, with the numbers of ``results["pls"]`` as APA prints them; no CB-SEM section
that would contradict them; each verdict branch triggered by a results dictionary changed by hand.

Expected values are taken from the results block itself and formatted here with research.report.apa; the
verdicts are recomputed here from the published thresholds (Hair et al. 2019; Henseler et al. 2015; Shmueli et
al. 2019; Henseler et al. 2016)."""
from __future__ import annotations

import copy
import html
import io
import re

import pytest

from conftest import ROOT
from research import analyze, report
from research.report import apa, report_tables
from research.report.pls_text import is_pls
from research.report.text import results_text
from research.report.writers import tex_escape
from test_translations import _unescape, _without_data, problems

SAMPLE = ROOT / "datasets" / "lsq5_wjx_gbk.csv"
LANGS = ("en", "zh-Hans", "zh-Hant")
FORMATS = ("md", "html", "docx", "tex")
PLS_KEYS = ["sample", "method", "pls_method", "pls_measurement", "pls_discriminant", "pls_structural",
            "pls_mediation", "pls_ipma", "drivers", "index", "process_references"]
SEP = {"en": ", ", "zh-Hans": "，", "zh-Hant": "，"}


@pytest.fixture(scope="module")
def results():
    return analyze(SAMPLE, questionnaire="lsq5", method="pls", bootstrap=200, seed=1, predict=True).to_dict()


def _text(d, lang, key=None) -> str:
    return "\n".join(p for s in results_text(d, lang) if key is None or s["key"] == key for p in s["paragraphs"])


def _section(d, lang, key) -> str:
    found = [s for s in results_text(d, lang) if s["key"] == key]
    assert found, f"no section {key}"
    return "\n".join(found[0]["paragraphs"])


def _matrix(block) -> dict:
    return {(a, b): v for i, a in enumerate(block["rownames"]) for j, b in enumerate(block["colnames"])
            if (v := block["values"][i][j]) is not None}


def _predictive_power(rows) -> str:
    """Shmueli et al. (2019): indicators with Q²predict > 0 and a lower PLS than LM RMSE — all, a majority, a
    minority, none."""
    wins = sum(r["q2_predict"] > 0 and r["rmse"] < r["lm_rmse"] for r in rows)
    return "high" if wins == len(rows) else "medium" if 2 * wins > len(rows) else "low" if wins else "none"


POWER = {"high": {"en": "high predictive power", "zh-Hans": "高预测能力", "zh-Hant": "高預測能力"},
         "medium": {"en": "medium predictive power", "zh-Hans": "中等预测能力", "zh-Hant": "中等預測能力"},
         "low": {"en": "low predictive power", "zh-Hans": "低预测能力", "zh-Hant": "低預測能力"},
         "none": {"en": "no predictive power", "zh-Hans": "不具预测能力", "zh-Hant": "不具預測能力"}}


def _needles(d: dict, lang: str) -> list[str]:
    """Text the PLS sections must hold: every path's β, t and p; the largest HTMT; each R²; the PLSpredict verdict
    of the target construct."""
    pls = d["pls"]
    sep = SEP[lang]
    out = [sep.join([f"β = {apa.unit(r['est'], 3)}", f"t = {apa.num(r['t'], 2)}", apa.p_text(r["p"])])
           for r in pls["paths"]]
    out += [f"R² = {apa.unit(r['r2'], 3)}" for r in pls["assessment"]["r2"]]
    ht = _matrix(pls["assessment"]["htmt"])
    (a, b), top = max(ht.items(), key=lambda kv: kv[1])
    out.append(f"{apa.unit(top, 3)} ({a}–{b})" if lang == "en" else f"{apa.unit(top, 3)}（{a}–{b}）")
    target = pls["settings"]["target"]
    power = _predictive_power([r for r in pls["predict"]["indicators"] if r["construct"] == target])
    out.append(f"{POWER[power][lang]} for {target}" if lang == "en" else
               f"{'对' if lang == 'zh-Hans' else '對'} {target} 具有{POWER[power][lang]}")
    return out


def _rows_of(d: dict, lang: str) -> dict:
    """Rows the tables must hold, by construct name: the construct's ρA (reliability table)."""
    from research.tables import name
    return {name(d, r["construct"], lang): apa.unit(r["rho_a"], 3) for r in d["pls"]["assessment"]["reliability"]}


# ----------------------------------------------------------------------------------------------
# the rendered report as plain text and table rows, per format
# ----------------------------------------------------------------------------------------------
def _plain(out, fmt: str) -> tuple[str, list[list[str]]]:
    """(text, table rows) of a report as a reader sees it (TeX: the source, with cells as written; the reference
    list's italics and hanging indent taken off)."""
    if fmt == "md":
        rows = [[html.unescape(_unescape(c)).strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
                for line in out.splitlines() if line.startswith("|")]
        return html.unescape(_unescape(re.sub(r"(?<!\\)\*", "", out))), rows
    if fmt == "html":
        body = re.sub(r"<style.*?</style>|<img[^>]*>", " ", out, flags=re.S)
        body = re.sub(r"</?em>", "", body)                      # inline: no line break
        rows = [[html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
                 for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", tr, re.S)]
                for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S)]
        return html.unescape(re.sub(r"<[^>]+>", "\n", body)), rows
    if fmt == "docx":
        from docx import Document
        doc = Document(io.BytesIO(out))
        rows = [[c.text.strip() for c in r.cells] for t in doc.tables for r in t.rows]
        return "\n".join(p.text for p in doc.paragraphs) + "\n" + "\n".join(" | ".join(r) for r in rows), rows
    rows = [[c.strip() for c in line.rstrip("\\").split(" & ")] for line in out.splitlines()
            if " & " in line and line.rstrip().endswith("\\\\")]
    return re.sub(r"\\emph\{([^{}]*)\}", r"\1", out.replace("\\noindent\\hangindent=0.5in\\hangafter=1 ", "")), rows


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", LANGS)
def test_report_holds_the_pls_sections_in_every_language_and_format(results, lang, fmt):
    out = report(results, language=lang, format=fmt, figures=False)
    text, rows = _plain(out, fmt)
    esc = tex_escape if fmt == "tex" else (lambda s: s)
    flat = re.sub(r"\s+", " ", text)
    for needle in _needles(results, lang):
        assert re.sub(r"\s+", " ", esc(needle)) in flat, (lang, fmt, needle)
    for construct, rho_a in _rows_of(results, lang).items():        # the reliability table: name, k, α, ρA
        assert any(r[:1] == [esc(construct)] and len(r) > 3 and r[3] == rho_a for r in rows), (construct, rho_a)
    for heading in ("PLS-SEM", {"en": "Structural Model", "zh-Hans": "结构模型评估", "zh-Hant": "結構模型評估"}[lang]):
        assert heading in text
    # no CB-SEM fit, no CFA tables, no missing values shown as words
    for word in ("CFI", "RMSEA", "TLI", "χ²/df", "Modification", "修正指", "AGFI"):
        assert word not in text, (lang, fmt, word)
    assert not re.search(r"\b(None|nan|NaN|null)\b", text), (lang, fmt)
    if lang != "en" and fmt != "tex":
        # the reference list stays in the works' language (English), as APA lists them
        lines = [line for line in text.splitlines() if line.strip() and not re.search(r"\((?:19|20)\d{2}\)\. ", line)]
        bad = [f"{p}: {line[:200]!r}" for line in lines for p in problems(_without_data(line), lang)]
        assert not bad, "\n".join(dict.fromkeys(bad))


def test_sections_replace_the_cbsem_ones(results):
    assert is_pls(results)
    for lang in LANGS:
        assert [s["key"] for s in results_text(results, lang)] == PLS_KEYS
    headings = {s["key"]: s["heading"] for s in results_text(results, "zh-Hant")}
    assert headings["pls_measurement"] == "測量模型評估" and headings["pls_discriminant"] == "區別效度"
    # the CB-SEM estimation sentence, the CFA-based method-bias checks and their verdicts are not said of a PLS run
    en = _text(results, "en")
    assert "maximum likelihood" not in en and "single-factor CFA" not in en and "method factor" not in en
    assert "nonparametric method" in _section(results, "en", "method")
    # the same results read as a CB-SEM run give the CB-SEM sections, unchanged
    cb = copy.deepcopy(results)
    cb["meta"]["spec"]["method"] = "cbsem"
    keys = [s["key"] for s in results_text(cb, "en")]
    assert {"reliability", "discriminant", "fit", "hypotheses", "mediation"} <= set(keys)
    assert not [k for k in keys if k.startswith("pls_")]
    assert {"fit", "loadings", "paths"} <= {t.key for t in report_tables(cb, "en")}


def test_method_paragraph_names_the_settings(results):
    pls = results["pls"]
    en = _section(results, "en", "pls_method")
    st, boot = pls["settings"], pls["bootstrap"]
    replaced = sum(pls["missing"]["replaced"].values())
    for part in ("path weighting scheme", "stop criterion of 10⁻⁷", f"at most {st['max_iterations']} iterations",
                 f"converged after {pls['iterations']} iterations", f"The {replaced} missing answers",
                 f"all {pls['n']} responses", f"bootstrapping with {boot['n_boot']} resamples", "percentile",
                 f"seed {boot['seed']}", "Hair et al., 2019", "HTMT; Henseler et al., 2015",
                 f"PLSpredict ({st['folds']} folds, {st['repetitions']} repetitions; Shmueli et al., 2019)",
                 "Ringle and Sarstedt (2016)"):
        assert part in en, part
    zh = _section(results, "zh-Hant", "pls_method")
    assert "拔靴法" in zh and "重抽樣 200 次" in zh and "偏最小平方" in zh and "平均數取代法" in zh


# ----------------------------------------------------------------------------------------------
# every number of the PLS sections comes from the results
# ----------------------------------------------------------------------------------------------
_NUMBER = re.compile(r"(?<![\w.])[−-]?(?:\d+(?:\.\d+)?|\.\d+)")
_YEAR = re.compile(r"(?:19|20)\d{2}(?=\)|;|,|）|；)")
# the published thresholds the text states (Hair et al. 2019; Henseler et al. 2015, 2014; Cohen 1988)
PUBLISHED = {".708", ".70", ".95", ".60", ".50", ".85", ".90", ".75", ".25", "0.02", "0.15", "0.35", ".08", "3", "5",
             ".05", "0", "100", "10", "1", "2"}


def _formats(v: float) -> set:
    out = {apa.unit(v, 3), apa.num(v, 3), apa.num(v, 2), apa.num(v, 1), apa.p(v)}
    if float(v).is_integer():
        out.add(str(int(v)))
    return out


def _numbers(obj):
    if isinstance(obj, bool) or obj is None:
        return
    if isinstance(obj, (int, float)):
        yield float(obj)
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _numbers(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _numbers(v)


def _counts(pls: dict) -> set:
    """Counts the text states, computed here: missing answers replaced, indicators per construct and the
    indicators where PLS beats LM."""
    out = {sum(pls["missing"]["replaced"].values())}
    for con in {r["construct"] for r in pls["predict"]["indicators"]}:
        mine = [r for r in pls["predict"]["indicators"] if r["construct"] == con]
        out |= {len(mine), sum(r["q2_predict"] > 0 and r["rmse"] < r["lm_rmse"] for r in mine)}
    return {str(k) for k in out}


@pytest.mark.parametrize("lang", LANGS)
def test_every_number_of_the_pls_sections_comes_from_the_results(results, lang):
    pls = results["pls"]
    allowed = set().union(*(_formats(v) for v in _numbers(pls))) | _counts(pls) | PUBLISHED
    text = "\n".join(_section(results, lang, k) for k in PLS_KEYS if k.startswith("pls_"))
    text = _YEAR.sub(" ", text.replace("95%", " ").replace("5%", " ").replace("10⁻⁷", " "))
    bad = [(m.group(0), text[max(0, m.start() - 30):m.end() + 10]) for m in _NUMBER.finditer(text)
           if m.group(0) not in allowed]
    assert len(_NUMBER.findall(text)) > 100
    assert bad == []


def test_the_number_check_catches_an_invented_number(results):
    pls = results["pls"]
    allowed = set().union(*(_formats(v) for v in _numbers(pls))) | _counts(pls) | PUBLISHED
    assert ".123456" not in allowed and "4711" not in allowed and apa.unit(pls["paths"][0]["est"], 3) in allowed


# ----------------------------------------------------------------------------------------------
# the measurement and structural model: numbers and verdicts of the fixture
# ----------------------------------------------------------------------------------------------
def test_measurement_model_numbers(results):
    a = results["pls"]["assessment"]
    en = _section(results, "en", "pls_measurement")
    loads = {r["item"]: r["loading"] for r in a["loadings"]}
    lo, hi = min(loads, key=loads.get), max(loads, key=loads.get)
    assert f"ranged from {apa.unit(loads[lo], 3)} ({lo}) to {apa.unit(loads[hi], 3)} ({hi})" in en
    assert ("All were at least .708" in en) == all(v >= .708 for v in loads.values())
    rel = {r["construct"]: r for r in a["reliability"]}
    for key in ("alpha", "rho_a", "rho_c", "ave"):
        vals = {c: r[key] for c, r in rel.items()}
        c_lo, c_hi = min(vals, key=vals.get), max(vals, key=vals.get)
        assert f"{apa.unit(vals[c_lo], 3)} ({c_lo}) to {apa.unit(vals[c_hi], 3)} ({c_hi})" in en, key
    assert "convergent validity was established" in en and all(r["ave"] >= .5 for r in rel.values())


def test_discriminant_validity_with_bootstrap_bounds(results):
    pls = results["pls"]
    en = _section(results, "en", "pls_discriminant")
    ub = {(r["lhs"], r["rhs"]): r["one.sided.upper"] for r in pls["bootstrap"]["tables"]["htmt"]}
    (a, b), top = max(ub.items(), key=lambda kv: kv[1])
    assert top < .85
    assert f"all below .85 (largest {apa.unit(top, 3)}, {a}–{b})" in en
    assert "Fornell–Larcker criterion" in en and "Discriminant validity was therefore established." in en


def test_structural_model_numbers_and_verdicts(results):
    pls = results["pls"]
    en = _section(results, "en", "pls_structural")
    for r in pls["paths"]:
        ci = f"95% CI [{apa.unit(r['ci.lower'], 3)}, {apa.unit(r['ci.upper'], 3)}]"
        assert f"{r['rhs']} → {r['lhs']} (β = {apa.unit(r['est'], 3)}, t = {apa.num(r['t'], 2)}, " \
               f"{apa.p_text(r['p'])}, {ci})" in en
        size = "large" if r["f2"] >= .35 else "medium" if r["f2"] >= .15 else "small" if r["f2"] >= .02 else None
        assert f"{r['rhs']} → {r['lhs']} had a {size} effect (f² = {apa.num(r['f2'], 3)})" in en
    for r in pls["assessment"]["r2"]:
        level = "substantial" if r["r2"] >= .75 else "moderate" if r["r2"] >= .5 else "weak" if r["r2"] >= .25 \
            else "very weak"
        assert f"R² = {apa.unit(r['r2'], 3)} for {r['construct']} (adjusted R² = {apa.unit(r['r2_adj'], 3)}; " \
               f"{level})" in en
    for r in pls["assessment"]["q2"]:
        assert f"Q² = {apa.unit(r['q2'], 3)} for {r['construct']}" in en
    srmr = next(r for r in pls["assessment"]["model_fit"] if r["measure"] == "SRMR")
    assert f"SRMR was {apa.unit(srmr['saturated'], 3)} for the saturated and {apa.unit(srmr['estimated'], 3)}" in en
    cv = {(r["benchmark"], r["construct"]): r for r in pls["cvpat"]["tests"]}
    lm = cv[("LM", "Overall")]
    assert f"LM; D = {apa.num(lm['difference'], 3)}, t({lm['df']}) = {apa.num(lm['t'], 2)}, " \
           f"{apa.p_text(lm['pvalue'])}" in en
    vif = [r for r in pls["assessment"]["inner_vif"] if r["to"] == "SAT"]
    assert f"ranged from {apa.num(min(r['vif'] for r in vif), 2)}" in en and "collinearity was not an issue" in en


def test_mediation_and_ipma(results):
    pls = results["pls"]
    en = _section(results, "en", "pls_mediation")
    for r in pls["bootstrap"]["tables"]["indirect"]:
        assert f"The indirect effect {r['path']} was β = {apa.unit(r['estimate'], 3)}, t = {apa.num(r['t'], 2)}, " \
               f"{apa.p_text(r['p'])}, 95% CI [{apa.unit(r['ci.lower'], 3)}, {apa.unit(r['ci.upper'], 3)}]" in en
        # lsq5 has no direct path from the drivers to LOY: every significant one is an indirect-only mediation
        assert f"no direct path from {r['from']} to LOY (indirect-only mediation)" in en
    ip = _section(results, "en", "pls_ipma")
    first = min(pls["ipma"]["drivers"], key=lambda r: r["priority"])
    assert first["quadrant"] == "concentrate" and f"improving {first['driver']} first" in ip
    assert f"{first['driver']} (importance = {apa.num(first['importance'], 3)}, performance = " \
           f"{apa.num(first['performance_100'], 1)})" in ip


def test_hypotheses_tested_on_the_pls_paths(results):
    d = copy.deepcopy(results)
    d["hypotheses"] = [{"id": "H1", "from": "ECO", "to": "SAT", "sign": "+"},
                       {"id": "H2", "from": "SAT", "to": "LOY", "sign": "-"},
                       {"id": "H3", "from": "EMP", "to": "LOY", "sign": "+"},
                       {"id": "H4", "from": "LOY", "to": "ECO", "sign": "+"}]
    en = _section(d, "en", "pls_structural")
    path = {(r["rhs"], r["lhs"]): r for r in d["pls"]["paths"]}
    eco = path[("ECO", "SAT")]
    assert f"H1 (ECO → SAT, positive) was supported: β = {apa.unit(eco['est'], 3)}" in en
    assert "H2 (SAT → LOY, negative) was not supported" in en and "opposite sign" in en
    total = next(r for r in d["pls"]["bootstrap"]["tables"]["total"] if r["from"] == "EMP" and r["to"] == "LOY")
    assert f"H3 (EMP → LOY, positive, total effect; the model has no direct path) was supported: " \
           f"β = {apa.unit(total['estimate'], 3)}" in en
    assert "H4 (LOY → ECO, positive) could not be tested" in en
    assert "In total, 2 of 4 hypotheses were supported." in en
    zh = _section(d, "zh-Hant", "pls_structural")
    assert "H1（ECO → SAT，正向）獲得支持" in zh and "4 項假設中有 2 項獲得支持" in zh
    paths = next(t for t in report_tables(d, "en") if t.key == "pls_paths")
    row = next(r for r in paths.rows if r[0].startswith("H1: "))
    assert row[0] == "H1: Economy → Customer satisfaction" and row[-1] == "Yes" and paths.columns[-1] == "Supported"
    assert next(r for r in paths.rows if r[0].startswith("H2: "))[-1] == "No"


# ----------------------------------------------------------------------------------------------
# tables and figures
# ----------------------------------------------------------------------------------------------
def test_tables_are_the_pls_ones(results):
    tables = report_tables(results, "en")
    keys = [t.key for t in tables]
    assert [t.number for t in tables] == list(range(1, len(tables) + 1))
    for key in ("pls_reliability", "pls_loadings", "pls_htmt", "pls_htmt_tests", "pls_fornell_larcker", "pls_paths",
                "pls_effects", "pls_r2", "pls_predict", "pls_predict_summary", "pls_cvpat", "pls_model_fit",
                "pls_ipma", "drivers", "index", "mardia", "method_bias"):
        assert key in keys, key
    for key in ("reliability", "correlations", "loadings", "fit", "modindices", "paths", "effects", "invariance"):
        assert key not in keys, key
    by = {t.key: t for t in tables}
    mb = by["method_bias"]
    assert not any("CFA" in " ".join(r) or "method factor" in " ".join(r).lower() for r in mb.rows)
    pls = results["pls"]
    paths = by["pls_paths"]
    assert paths.columns[:5] == ["Path", "β", "t", "p", "95% CI"]
    for r, row in zip(pls["paths"], paths.rows):
        assert row[1:5] == [apa.unit(r["est"], 3), apa.num(r["t"], 2), apa.p(r["p"]),
                            f"[{apa.unit(r['ci.lower'], 3)}, {apa.unit(r['ci.upper'], 3)}]"]
    assert paths.rows[0][0] == "Economy → Customer satisfaction"            # names, not codes
    tests = by["pls_htmt_tests"]
    for r, row in zip(pls["bootstrap"]["tables"]["htmt"], tests.rows):
        assert row[1] == apa.unit(r["estimate"], 3) and row[3] == apa.unit(r["one.sided.upper"], 3)
    for t in tables:                                   # APA: bounded statistics without the leading zero
        for col in ("β", "α", "ρA", "ρC", "AVE", "HTMT", "R²", "Q²"):
            if col in t.columns:
                j = t.columns.index(col)
                assert all(not row[j].startswith(("0.", "−0.")) for row in t.rows), (t.key, col)
        for row in t.rows:
            assert not any(re.search(r"\b(None|nan)\b", c) for c in row), (t.key, row)
    zh = {t.key: t for t in report_tables(results, "zh-Hant")}
    assert zh["pls_reliability"].rows[0][0] == "經濟性" and zh["pls_paths"].title == "結構模型：路徑係數與效果量"


def test_figures_are_the_pls_path_model_and_its_ipma(results, tmp_path):
    from research.report import _figure_plan, report_figures
    assert [k for k, _ in _figure_plan(results)] == ["pls_path_diagram", "pls_ipma", "importance", "ipa"]
    figs = report_figures(results, "zh-Hans")
    assert [f.key for f in figs] == ["pls_path_diagram", "pls_ipma", "importance", "ipa"]
    assert all(f.png.startswith(b"\x89PNG") for f in figs) and figs[0].title == "PLS 路径模型：路径系数、外部载荷与 R²"
    out = tmp_path / "report.tex"
    report(results, language="en", format="tex", path=out)
    assert (tmp_path / "figure-2.png").is_file() and "figure-4.png" in out.read_text(encoding="utf-8")


# ----------------------------------------------------------------------------------------------
# each verdict branch, from results changed by hand
# ----------------------------------------------------------------------------------------------
def _set_reliability(d, construct, **values):
    row = next(r for r in d["pls"]["assessment"]["reliability"] if r["construct"] == construct)
    row.update(values)


def _set_matrix(block, a, b, value):
    i, j = block["rownames"].index(a), block["colnames"].index(b)
    block["values"][i][j] = value


def test_measurement_verdicts(results):
    d = copy.deepcopy(results)
    _set_reliability(d, "ECO", ave=0.452, alpha=0.655)
    _set_reliability(d, "RES", rho_c=0.962)
    _set_reliability(d, "FLE", rho_a=0.581)
    d["pls"]["assessment"]["loadings"][0]["loading"] = 0.612           # ECO1
    d["pls"]["bootstrap"]["tables"]["loadings"][0]["p"] = 0.21
    en = _section(d, "en", "pls_measurement")
    assert "ECO (.452) had an AVE below .50" in en and "convergent validity was not established" in en
    assert "Below .70, acceptable in exploratory research only, were ECO (α = .655)." in en
    assert "At .95 or more, which suggests redundant indicators, were RES (ρC = .962)." in en
    assert "Below .60, which is not acceptable, were FLE (ρA = .581)." in en
    assert "ECO1 (.612) loaded below the recommended .708" in en
    assert "The loadings of ECO1 were not significant (p ≥ .05)." in en
    assert "satisfactory for every construct" not in en
    zh = _section(d, "zh-Hant", "pls_measurement")
    assert "ECO（.452）的 AVE 低於 .50" in zh and "收斂效度不成立" in zh
    assert "低於 .70、僅在探索性研究中可以接受的有：ECO（α = .655）。" in zh
    _set_reliability(d, "ECO", rho_a=0.612)                          # two statistics of one construct together
    assert "were ECO (α = .655, ρA = .612)." in _section(d, "en", "pls_measurement")


def test_formative_construct_verdicts(results):
    d = copy.deepcopy(results)
    pls = d["pls"]
    eco = next(b for b in pls["constructs"] if b["name"] == "ECO")
    eco.update(mode="B", reflective=False)
    vifs = {"ECO1": 1.8, "ECO2": 3.6, "ECO3": 5.4, "ECO4": 2.1}
    for r in pls["assessment"]["outer_vif"]:
        if r["item"] in vifs:
            r["vif"] = vifs[r["item"]]
    loads = {"ECO1": 0.81, "ECO2": 0.62, "ECO3": 0.41, "ECO4": 0.77}
    for r in pls["assessment"]["loadings"]:
        if r["item"] in loads:
            r["loading"] = loads[r["item"]]
    weights = {"ECO1": (0.52, 6.1, 0.0001, 0.35, 0.69), "ECO2": (0.08, 1.1, 0.27, -0.06, 0.22),
               "ECO3": (0.05, 0.6, 0.55, -0.11, 0.2), "ECO4": (0.41, 4.2, 0.0002, 0.22, 0.6)}
    for r in pls["bootstrap"]["tables"]["weights"]:
        if r["item"] in weights:
            r["estimate"], r["t"], r["p"], r["ci.lower"], r["ci.upper"] = weights[r["item"]]
    en = _section(d, "en", "pls_measurement")
    assert "The formative constructs (ECO) were assessed" in en
    assert "ECO2 (3.60) lay between 3 and 5, a possible collinearity problem; ECO3 (5.40) reached 5 or more" in en
    assert "The weights of ECO1 (w = .520, t = 6.10, p < .001) and ECO4 (w = .410, t = 4.20, p < .001) were " \
           "significant." in en
    assert "ECO2 (w = .080, t = 1.10, p = .270, λ = .620)" in en and "retained as absolutely important" in en
    assert "ECO3 (w = .050, t = 0.60, p = .550, λ = .410)" in en and "candidates for removal" in en
    assert "ECO1 (" not in en.split("The formative")[0]           # no reflective loading verdict for ECO's items
    zh = _section(d, "zh-Hans", "pls_measurement")
    assert "形成性构念（ECO）" in zh and "具有绝对重要性" in zh
    # the HTMT and Fornell–Larcker criterion leave the formative construct out
    assert "ECO–" not in _section(d, "en", "pls_discriminant")


def test_discriminant_validity_verdicts(results):
    d = copy.deepcopy(results)
    a = d["pls"]["assessment"]
    _set_matrix(a["htmt"], "SAT", "LOY", 0.93)
    _set_matrix(a["htmt"], "LOY", "SAT", 0.93)
    _set_matrix(a["htmt"], "RES", "REL", 0.87)
    _set_matrix(a["htmt"], "REL", "RES", 0.87)
    for r in d["pls"]["bootstrap"]["tables"]["htmt"]:
        if {r["lhs"], r["rhs"]} == {"SAT", "LOY"}:
            r["one.sided.upper"] = 0.95
        if {r["lhs"], r["rhs"]} == {"RES", "REL"}:
            r["one.sided.upper"] = 0.88
    en = _section(d, "en", "pls_discriminant")
    assert "The largest HTMT was .930; SAT–LOY (.930) reached .90 or more, so discriminant validity was not " \
           "established for these pairs" in en
    assert "one-sided 95% bootstrap confidence intervals of SAT–LOY (.950) and RES–REL (.880) were not below .85" in en
    assert "SAT–LOY (.950) was not significantly lower than .90 either." in en
    assert "Discriminant validity was therefore established." not in en
    # between .85 and .90 only: the liberal threshold
    d = copy.deepcopy(results)
    _set_matrix(d["pls"]["assessment"]["htmt"], "RES", "REL", 0.87)
    for r in d["pls"]["bootstrap"]["tables"]["htmt"]:
        if {r["lhs"], r["rhs"]} == {"RES", "REL"}:
            r["one.sided.upper"] = 0.88
    en = _section(d, "en", "pls_discriminant")
    assert "RES–REL (.870) exceeded .85 but stayed below .90, the threshold for conceptually similar constructs" in en
    assert "All were significantly lower than .90." in en
    # Fornell–Larcker not met
    d = copy.deepcopy(results)
    fl = d["pls"]["assessment"]["fornell_larcker"]
    _set_matrix(fl, "LOY", "SAT", 0.9)
    en = _section(d, "en", "pls_discriminant")
    sq = _matrix(fl)[("SAT", "SAT")]
    assert f"was not met for SAT (√AVE = {apa.unit(sq, 3)}, r = .900 with LOY)" in en


def test_structural_verdicts(results):
    d = copy.deepcopy(results)
    pls = d["pls"]
    for r in pls["assessment"]["inner_vif"]:
        r["vif"] = {"ECO": 3.4, "RES": 5.2}.get(r["from"], r["vif"])
    eco = next(r for r in pls["paths"] if r["rhs"] == "ECO")
    eco.update({"ci.lower": -0.02, "ci.upper": 0.3, "p": 0.08, "f2": 0.01})
    pls["assessment"]["r2"][0].update(r2=0.78)
    pls["assessment"]["r2"][1].update(r2=0.12)
    pls["assessment"]["q2"][1].update(q2=-0.03)
    next(r for r in pls["assessment"]["model_fit"] if r["measure"] == "SRMR")["estimated"] = 0.093
    for r in pls["cvpat"]["tests"]:
        if r["benchmark"] == "LM":
            r["pvalue"] = 0.4
    en = _section(d, "en", "pls_structural")
    assert "ECO → SAT (3.40) lay between 3 and 5, a possible collinearity problem; RES → SAT (5.20) reached 5 or " \
           "more" in en
    assert "ECO → SAT was not significant (the 95% percentile bootstrap confidence interval includes zero)." in en
    assert "ECO → SAT had no effect to speak of (f² = 0.010)" in en
    assert "R² = .780 for SAT" in en and "; substantial)" in en and "R² = .120 for LOY" in en and "very weak" in en
    assert "Q² = −.030 for LOY (no predictive relevance)" in en
    assert "not both below .08" in en
    assert "not significantly lower than that of the linear models" in en


@pytest.mark.parametrize("wins,verdict", [(4, "high"), (3, "medium"), (1, "low"), (0, "none")])
def test_plspredict_verdicts(results, wins, verdict):
    """LM beating PLS on all, most or some indicators of the target construct (Shmueli et al. 2019)."""
    d = copy.deepcopy(results)
    loy = [r for r in d["pls"]["predict"]["indicators"] if r["construct"] == "LOY"]
    for k, r in enumerate(loy):
        r["lm_rmse"] = r["rmse"] + (0.01 if k < wins else -0.01)
    for lang in LANGS:
        text = _section(d, lang, "pls_structural")
        word = POWER[verdict][lang]
        assert (f"{word} for LOY" if lang == "en" else word) in text, (lang, verdict)
    en = _section(d, "en", "pls_structural")
    assert f"{wins} of the 4 indicators had Q²predict > 0 and a lower RMSE with PLS-SEM" in en
    table = next(t for t in report_tables(d, "en") if t.key == "pls_predict_summary")
    row = next(r for r in table.rows if r[0] == "Customer loyalty")
    assert row[-1] == {"high": "high", "medium": "medium", "low": "low", "none": "lacks predictive power"}[verdict]


def test_plspredict_without_predictive_relevance(results):
    d = copy.deepcopy(results)
    for r in d["pls"]["predict"]["indicators"]:
        if r["construct"] == "SAT":
            r["q2_predict"] = -abs(r["q2_predict"])
    en = _section(d, "en", "pls_structural")
    assert "For SAT, Q²predict of every indicator was at most zero" in en and "lacks predictive relevance for SAT" in en


def test_mediation_types(results):
    d = copy.deepcopy(results)
    pls = d["pls"]
    ind = pls["bootstrap"]["tables"]["indirect"]
    # direct paths ECO → LOY (significant, same sign), RES → LOY (significant, opposite sign), FLE → LOY (n.s.)
    pls["paths"] += [{"lhs": "LOY", "op": "~", "rhs": "ECO", "est": 0.2, "t": 3.0, "p": 0.003, "ci.lower": 0.07,
                      "ci.upper": 0.33},
                     {"lhs": "LOY", "op": "~", "rhs": "RES", "est": -0.15, "t": -2.5, "p": 0.013, "ci.lower": -0.27,
                      "ci.upper": -0.03},
                     {"lhs": "LOY", "op": "~", "rhs": "FLE", "est": 0.03, "t": 0.5, "p": 0.62, "ci.lower": -0.09,
                      "ci.upper": 0.15},
                     {"lhs": "LOY", "op": "~", "rhs": "REL", "est": 0.2, "t": 3.1, "p": 0.002, "ci.lower": 0.08,
                      "ci.upper": 0.32}]
    rel = next(r for r in ind if r["from"] == "REL")
    rel.update({"ci.lower": -0.01, "ci.upper": 0.2, "p": 0.09})              # n.s. indirect, significant direct
    emp = next(r for r in ind if r["from"] == "EMP")
    emp.update({"ci.lower": -0.01, "ci.upper": 0.2, "p": 0.09})              # n.s., no direct path
    ind.append({"path": "ECO → RES → LOY", "from": "ECO", "to": "LOY", "estimate": 0.01, "t": 0.4, "p": 0.69,
                "ci.lower": -0.04, "ci.upper": 0.06})
    tot = next(r for r in pls["bootstrap"]["tables"]["total_indirect"] if r["from"] == "ECO")
    en = _section(d, "en", "pls_mediation")
    assert "ECO → SAT → LOY" in en and "a complementary partial mediation" in en
    assert "same sign (β = .200, p = .003)" in en
    assert "a competitive partial mediation" in en and "opposite sign (β = −.150, p = .013)" in en
    assert "not significant (β = .030, p = .620), an indirect-only (full) mediation" in en
    assert "a direct-only effect, no mediation" in en
    assert "not significant, no mediation" in en
    assert f"The total indirect effect of ECO on LOY was β = {apa.unit(tot['estimate'], 3)}" in en
    zh = _section(d, "zh-Hant", "pls_mediation")
    assert "互補型部分中介" in zh and "競爭型部分中介" in zh and "僅間接（完全）中介" in zh and "僅直接效果" in zh


def test_without_bootstrap(results):
    d = copy.deepcopy(results)
    pls = d["pls"]
    pls["bootstrap"] = None
    for r in pls["paths"]:
        for k in ("mean", "sd", "t", "p", "ci.lower", "ci.upper"):
            r.pop(k, None)
    en = _text(d, "en")
    assert "No bootstrap was run, so the significance of the estimates was not assessed." in en
    assert "Without a bootstrap their significance was not assessed." in en
    assert "Without a bootstrap the indirect effects were not tested" in en
    assert "one-sided" not in en and "None" not in en
    for lang in LANGS:
        report(d, language=lang, format="md", figures=False)       # tables without bootstrap columns


def test_estimation_variants(results):
    d = copy.deepcopy(results)
    pls = d["pls"]
    pls["converged"] = False
    pls["missing"] = {"method": "casewise", "replaced": {}, "excluded": [{"row": "3", "reason": "missing"}] * 12}
    pls["settings"]["scheme"] = "factorial"
    pls["constructs"][0]["consistent"] = True
    pls["bootstrap"]["n_used"] = 195
    pls["bootstrap"]["n_nonconverged"] = 3
    en = _section(d, "en", "pls_method")
    assert "the factorial weighting scheme" in en and "did not converge within 300 iterations" in en
    assert "(casewise deletion: 12 responses)" in en and "195 of the 200 resamples could be estimated" in en
    assert "3 resamples did not converge" in en
    assert "The reflective constructs (ECO) were estimated with consistent PLS (PLSc; Dijkstra & Henseler, 2015)" in en
    zh = _section(d, "zh-Hant", "pls_method")
    assert "因素加權方案" in zh and "一致性 PLS" in zh and "完全刪除法" in zh


def test_ipma_without_a_driver_to_concentrate_on(results):
    d = copy.deepcopy(results)
    for r in d["pls"]["ipma"]["drivers"]:
        if r["quadrant"] == "concentrate":
            r["quadrant"] = "keep_up"
    en = _section(d, "en", "pls_ipma")
    first = min(d["pls"]["ipma"]["drivers"], key=lambda r: r["priority"])
    assert "No driver fell in the “Concentrate here” quadrant" in en
    assert f"the first priority was {first['driver']} (Keep up the good work)" in en


def _groups(d: dict) -> dict:
    """Two groups of XBORDER with a MICOM and an MGA block as research.pls writes them."""
    d = copy.deepcopy(d)
    cons = [b["name"] for b in d["pls"]["constructs"]]
    d["groups"] = {"group": "XBORDER", "labels": {"1": {"en": "Domestic", "zh-Hans": "国内", "zh-Hant": "國內"},
                                                  "2": {"en": "Cross-border", "zh-Hans": "跨境", "zh-Hant": "跨境"}},
                   "tests": []}
    table = [{"group1": "1", "group2": "2", "construct": c, "c": 0.998, "c_q05": 0.99, "c_p": 0.6,
              "compositional": True, "mean_diff": 0.05, "mean_ci.lower": -0.2, "mean_ci.upper": 0.2, "mean_p": 0.6,
              "equal_mean": True, "var_diff": 0.1, "var_ci.lower": -0.3, "var_ci.upper": 0.3, "var_p": 0.5,
              "equal_var": True, "invariance": "full"} for c in cons]
    table[0].update(c=0.95, c_p=0.01, compositional=False, invariance="none")
    table[1].update(mean_diff=0.4, mean_ci_upper=0.2, equal_mean=False, invariance="partial")
    d["pls"]["micom"] = {"groups": ["1", "2"], "column": "XBORDER", "n": {"1": 300, "2": 160},
                         "configural": {"established": True}, "n_perm": 1000, "seed": 1, "settings": {},
                         "table": table, "notes": []}
    mga = [{"group1": "1", "group2": "2", "lhs": r["lhs"], "op": "~", "rhs": r["rhs"], "est": r["est"],
            "est.group1": r["est"], "est.group2": r["est"], "diff": 0.0, "pls_mga_p": 0.5, "pls_mga_p_less": 0.5,
            "pls_mga_p_two": 0.9, "perm_p": 0.8, "param_p": 0.8, "welch_p": 0.8} for r in d["pls"]["paths"]]
    d["pls"]["mga"] = {"groups": ["1", "2"], "column": "XBORDER", "n": {"1": 300, "2": 160}, "n_boot": 200,
                       "n_perm": 1000, "seed": 1, "settings": {}, "table": mga, "notes": []}
    d["pls"]["settings"]["group"] = "XBORDER"
    return d


def test_micom_and_mga(results):
    d = _groups(results)
    en = _section(d, "en", "pls_groups")
    assert "MICOM (Henseler et al., 2016) compared the groups of XBORDER (Domestic (n = 300) and Cross-border " \
           "(n = 160)) in 1 pair, with 1000 permutations." in en
    assert "Configural invariance (step 1) was established" in en
    assert "held in 6 of the 7 comparisons" in en
    assert "ECO in Domestic vs. Cross-border (c = .950, 5% quantile .990)" in en
    assert "held in 5 of these 6 (full measurement invariance)" in en
    assert "Paths of constructs without compositional invariance should not be compared" in en
    assert "no path coefficient differed significantly between groups (all permutation p ≥ .05; 6 comparisons" in en
    d["pls"]["mga"]["table"][0].update({"est.group1": 0.31, "est.group2": 0.02, "diff": 0.29, "perm_p": 0.012,
                                        "pls_mga_p_two": 0.02})
    en = _section(d, "en", "pls_groups")
    assert "ECO → SAT (Domestic: β = .310; Cross-border: β = .020; Δβ = .290; permutation p = .012; " \
           "PLS-MGA p = .020) differed significantly between the groups" in en
    zh = _section(d, "zh-Hant", "pls_groups")
    assert "國內對跨境的 ECO" in zh and "排列檢定 p = .012" in zh
    assert [s["key"] for s in results_text(d, "en")][-5:] == ["pls_ipma", "pls_groups", "drivers", "index",
                                                              "process_references"]
    keys = [t.key for t in report_tables(d, "zh-Hant")]
    assert "pls_micom" in keys and "pls_mga" in keys
    text, _ = _plain(report(d, language="zh-Hant", format="md", figures=False), "md")
    bad = [p for line in text.splitlines() if line.strip() and not re.search(r"\((?:19|20)\d{2}\)\. ", line)
           for p in problems(_without_data(line), "zh-Hant")]          # the reference list: English, as APA lists it
    assert not bad, bad


def test_damaged_pls_block_is_a_clear_error(results):
    from research.errors import DataError
    d = copy.deepcopy(results)
    d["pls"]["paths"] = [{"lhs": "SAT"}]
    with pytest.raises(DataError) as err:
        results_text(d, "en")
    assert "'pls'" in err.value.message("en")


# ----------------------------------------------------------------------------------------------
# a composite, an interaction term and PLSc
# ----------------------------------------------------------------------------------------------
MIXED = """
ECO <~ ECO1 + ECO2 + ECO3 + ECO4
RES =~ RES1 + RES2 + RES3 + RES4
REL =~ REL1 + REL2 + REL3 + REL4
SAT =~ SAT1 + SAT2 + SAT3
LOY =~ LOY1 + LOY2 + LOY3 + LOY4
SAT ~ ECO + RES + REL + ECO:RES
LOY ~ SAT + REL
"""


@pytest.fixture(scope="module")
def mixed():
    return analyze(SAMPLE, questionnaire="lsq5", model=MIXED, method="pls", bootstrap=50, seed=2, consistent=True,
                   hypotheses=["H1: ECO -> SAT, +", "H2: REL -> LOY, +"]).to_dict()


def test_composite_interaction_and_plsc(mixed):
    pls = mixed["pls"]
    en = _text(mixed, "en")
    assert "ECO × RES → SAT" in en and "ECO*RES" not in en and "Single-item constructs" not in en
    assert "The reflective constructs were estimated with consistent PLS (PLSc; Dijkstra & Henseler, 2015)" in en
    assert "The formative constructs (ECO) were assessed" in en
    disc = _section(mixed, "en", "pls_discriminant")
    assert "ECO" not in disc                         # HTMT and Fornell–Larcker: reflective constructs only
    weights = {r["item"]: r for r in pls["bootstrap"]["tables"]["weights"] if r["construct"] == "ECO"}
    sig = [i for i, r in weights.items() if r["ci.lower"] > 0 or r["ci.upper"] < 0]
    for i in sig:
        r = weights[i]
        assert f"{i} (w = {apa.unit(r['estimate'], 3)}, t = {apa.num(r['t'], 2)}, {apa.p_text(r['p'])})" in en
    h2 = next(r for r in pls["paths"] if r["rhs"] == "REL" and r["lhs"] == "LOY")
    assert ("H2 (REL → LOY, positive) was supported" in en) == (h2["ci.lower"] > 0)
    tables = {t.key: t for t in report_tables(mixed, "en")}
    assert "Loading 95% CI" in tables["pls_loadings"].columns and "Weight 95% CI" in tables["pls_loadings"].columns
    assert any(r[0] == "Economy × Responsiveness → Customer satisfaction" for r in tables["pls_paths"].rows)
    assert tables["pls_paths"].columns[-2:] == ["Significant", "Supported"]
    for lang in ("zh-Hans", "zh-Hant"):
        text, _ = _plain(report(mixed, language=lang, format="html", figures=False), "html")
        bad = [p for line in text.splitlines() if line.strip() and not re.search(r"\((?:19|20)\d{2}\)\. ", line)
               for p in problems(_without_data(line), lang)]        # the reference list: English, as APA lists it
        assert not bad, bad
