"""research.tables for the diagnostics of results.json: modification indices, residuals, Mardia, the
common-method-bias checks, invariance under MLR with partial invariance, and the parts that are not
applicable (a reason instead of a number, never "None" or "nan")."""
from __future__ import annotations

import copy
import math
import re

import pandas as pd
import pytest

from conftest import REFERENCE
from research import tables
from research.analyze import analyze
from research.export import xlsx_bytes

LANGS = ("en", "zh-Hans", "zh-Hant")
NA = {"en": "not computed: the model did not converge", "zh-Hans": "未计算：模型未收敛",
      "zh-Hant": "未計算：模型未收斂"}
CROSS = {"en": "an item also loads on another construct (cross-loading), so CR and AVE are not defined",
         "zh-Hans": "有题目同时负荷于其他构念（交叉负荷），CR 与 AVE 无定义",
         "zh-Hant": "有題目同時負荷於其他構念（交叉負荷），CR 與 AVE 無定義"}
HIGHER = {"en": "a higher-order construct: α is not computed on the items of its dimensions",
          "zh-Hans": "高阶构念：不对其维度的题目计算 α", "zh-Hant": "高階構念：不對其維度的題目計算 α"}


def _fit(chisq, df, cfi, rmsea, srmr, robust=None):
    f = {"chisq": chisq, "df": df, "cfi": cfi, "rmsea": rmsea, "srmr": srmr, "tli": cfi, "pvalue": 0.01}
    if robust:
        f.update({"chisq.scaled": robust[0], "cfi.robust": robust[1], "rmsea.robust": robust[2]})
    return {"fit": f}


def _reliability(alpha=0.81, cr=0.82, ave=0.55, **extra):
    r = {"items": ["A1", "A2", "A3"], "alpha": alpha, "alpha.ci.lower": 0.77, "alpha.ci.upper": 0.84,
         "alpha.flag": "pass" if alpha else None, "omega": 0.83, "cr": cr, "cr.flag": "pass" if cr else "n/a",
         "ave": ave, "ave.flag": "pass" if ave else "n/a"}
    r.update(extra)
    return r


@pytest.fixture
def results() -> dict:
    """A hand-made results dictionary in the form research.analyze writes, with a bit of everything."""
    return {
        "n": 300, "excluded": [],
        "reliability": {
            "A": _reliability(),
            "B": _reliability(cr=None, ave=None, not_applicable={"cr": CROSS, "ave": CROSS}),
            "G": {"items": ["A1", "A2", "A3", "B1"], "order": "higher", "indicators": ["A", "B"], "note": HIGHER,
                  "omega": 0.6, "omega.flag": "warn", "cr": 0.62, "cr.flag": "warn", "ave": 0.37, "ave.flag": "fail"},
        },
        "diagnostics": {
            "cfa": {"modindices": [
                {"lhs": "A1", "op": "~~", "rhs": "A2", "mi": 7.67, "epc": -0.10, "sepc.lv": -0.10, "sepc.all": -0.216,
                 "sepc.nox": -0.216},
                {"lhs": "B", "op": "=~", "rhs": "A3", "mi": 12.5, "epc": 0.22, "sepc.lv": 0.16, "sepc.all": 0.155,
                 "sepc.nox": 0.155}],
                "residuals": {"cor": {"type": "cor", "cov": {"rownames": ["A1", "A2"], "colnames": ["A1", "A2"],
                                                             "values": [[0.0, -0.05], [-0.05, 0.0]]}},
                              "standardized": {"type": "standardized",
                                               "cov": {"rownames": ["A1", "A2"], "colnames": ["A1", "A2"],
                                                       "values": [[None, -3.03], [-3.03, 0.0]]}}},
                "largest_residuals": [
                    {"lhs": "A1", "op": "~~", "rhs": "A2", "raw": -0.051, "cor": -0.052, "standardized": -3.03},
                    {"lhs": "A3", "op": "~~", "rhs": "B1", "raw": 0.10, "cor": 0.097, "standardized": 4.5}]},
            "sem": {"not_applicable": NA},
            "mardia": {"statistic": "mardia", "n": 290, "p": 4, "b1p": 6.81, "b2p": 30.1, "b2p_expected": 24,
                       "skew": 341.48, "skew_df": 20.0, "p_skew": 2e-14, "small_skew": 345.57, "p_small": 7e-15,
                       "kurtosis": 6.2, "p_kurtosis": 5.6e-10, "n_dropped": 10,
                       "thresholds": {"kurtosis_z_above": 5.0, "source": "Bentler 2005"}},
        },
        "method_bias": {
            "harman": {"share": 0.293, "passed": True, "thresholds": {"share_below": 0.5,
                                                                       "source": "Podsakoff et al. 2003"}},
            "single_factor": {"not_applicable": NA},
            "method_factor": {"substantive_variance_mean": 0.516, "method_variance_mean": 0.052, "ratio": 9.94,
                              "share_method_significant": 0.25, "passed": None,
                              "verdict": {"en": "no verdict: the method-factor model has no proper, converged solution",
                                          "zh-Hans": "无法判断：方法因子模型没有收敛的合理解",
                                          "zh-Hant": "無法判斷：方法因素模型沒有收斂的合理解"},
                              "source": "Podsakoff, MacKenzie, Lee & Podsakoff 2003 (unmeasured latent method "
                                        "factor); Liang, Saraf, Hu & Xue 2007 (substantive vs method variance)",
                              "items": [{"item": "A1", "construct": "A", "trait_loading": 0.705,
                                         "substantive_variance": 0.497, "method_loading": -0.303,
                                         "method_variance": 0.0918, "method_z": -2.06, "method_p": 0.039},
                                        {"item": "A2", "construct": "A", "trait_loading": 0.70,
                                         "substantive_variance": 0.49, "method_loading": None,
                                         "method_variance": None, "method_z": None, "method_p": None}]},
            "marker": {"r_m": 0.037, "marker": "AGE", "source": "Lindell & Whitney 2001", "pairs": [
                {"var_a": "A1", "var_b": "A2", "n": 300, "r": 0.30, "p": 1e-7, "r_corrected": 0.27,
                 "p_corrected": 2e-6, "significant": True, "significant_corrected": True, "lost": False},
                {"var_a": "A1", "var_b": "B1", "n": 300, "r": 0.12, "p": 0.04, "r_corrected": 0.086,
                 "p_corrected": 0.14, "significant": True, "significant_corrected": False, "lost": True}]},
            "full_collinearity": {"vif": {"A": 1.2, "B": 3.6}, "r2": {"A": 0.17, "B": 0.72}, "flagged": ["B"],
                                  "passed": False,
                                  "thresholds": {"vif_at_most": 3.3, "source": "Kock & Lynn 2012; Kock 2015"}},
        },
        "invariance": {"group": "PLATFORM", "estimator": "MLR", "measurement": {
            "levels": ["configural", "metric", "scalar"], "highest": "metric", "estimator": "MLR",
            "criteria": {"source": "Chen 2007", "indices": {"cfi": "cfi.robust", "rmsea": "rmsea.robust",
                                                            "srmr": "srmr"}},
            "released": {"configural": [], "metric": [], "scalar": ["A3 ~1"]},
            "search": [{"level": "scalar", "released": "A3 ~1", "X2": 19.19, "df": 1, "p.value": 1.2e-5,
                        "delta.cfi": -0.0176, "delta.rmsea": 0.0053, "holds": None}],
            "fits": {"configural": _fit(115.85, 48, 0.923, 0.097, 0.068, (121.74, 0.921, 0.099)),
                     "metric": _fit(124.04, 54, 0.921, 0.093, 0.072, (126.00, 0.920, 0.093)),
                     "scalar": _fit(144.58, 59, 0.882, 0.107, 0.077, (146.76, 0.902, None))},
            "comparisons": [{"model": "metric", "against": "configural", "delta.cfi": -0.0008, "delta.rmsea": -0.0052,
                             "delta.srmr": 0.0038, "pvalue.diff": 0.363, "holds": True},
                            {"model": "scalar", "against": "metric", "delta.cfi": -0.0176, "delta.rmsea": None,
                             "delta.srmr": 0.0056, "pvalue.diff": 0.0009, "holds": None}],
            "suggestions": [{"level": "scalar", "class": "intercepts", "candidates": [
                {"parameter": "A2 ~1", "X2": 15.02, "df": 1, "p.value": 0.000106}]}]}},
        "warnings": [{"code": "x", "where": "cfa", "en": "a note", "zh-Hans": "一个提示"}],
    }


def _no_none_or_nan(frame: pd.DataFrame) -> None:
    for col in frame.columns:
        for v in frame[col]:
            if isinstance(v, str):
                assert not re.search(r"\bNone\b|\bnan\b", v, flags=re.I), (col, v)
            else:
                assert v is None or isinstance(v, (int, float)), (col, v)


# ----------------------------------------------------------------------------------------------
def test_modification_indices_largest_first(results):
    mi = tables.modindices(results, "cfa", "en")
    assert list(mi.columns) == ["Parameter", "Kind", "MI", "EPC", "Std. EPC (latent)", "Std. EPC (all)",
                                "Std. EPC (no exogenous x)"]
    assert list(mi["Parameter"]) == ["B =~ A3", "A1 ~~ A2"]
    assert list(mi["Kind"]) == ["loading", "covariance"]
    assert list(mi["MI"]) == [12.5, 7.67] and mi["Std. EPC (all)"].iloc[1] == -0.216
    zh = tables.modindices(results, "cfa", "zh-Hant")
    assert list(zh.columns[:3]) == ["參數", "類型", "修正指標 MI"] and list(zh["類型"]) == ["負荷量", "共變數"]
    # the SEM's diagnostics were not computed: an empty table and the reason in each language
    assert tables.modindices(results, "sem", "en").empty
    for lang in LANGS:
        assert tables.diagnostics_reason(results, "sem", "modindices", lang) == NA[lang]
    assert tables.diagnostics_reason(results, "cfa", "modindices", "en") is None


def test_largest_residuals_and_the_matrix(results):
    res = tables.largest_residuals(results, "cfa", "zh-Hans")
    assert list(res.columns) == ["题目对", "残差协方差", "残差相关", "标准化残差 z"]
    assert list(res["题目对"]) == ["A3 ~~ B1", "A1 ~~ A2"]                 # |z| largest first
    assert list(res["标准化残差 z"]) == [4.5, -3.03] and res["残差相关"].iloc[1] == -0.052
    m = tables.residual_matrix(results, "cfa", "standardized")
    assert m.loc["A1", "A2"] == -3.03 and math.isnan(m.loc["A1", "A1"])
    assert tables.residual_matrix(results, "sem").empty


def test_mardia_rows_and_verdicts(results):
    t = tables.mardia(results, "en")
    assert list(t.columns) == ["Measure", "Value", "Statistic", "df", "p", "Threshold", "Verdict", "Source"]
    assert list(t["Value"].iloc[[0, 2]]) == [6.81, 30.1] and math.isnan(t["Value"].iloc[1])
    assert list(t["Statistic"]) == [341.48, 345.57, 6.2] and t["df"].iloc[0] == 20.0
    assert list(t["Verdict"]) == ["non-normal", "non-normal", "severely non-normal"]      # z = 6.2 > 5
    assert t["Source"].iloc[2] == "Mardia 1970; Bentler 2005"
    ok = copy.deepcopy(results)
    ok["diagnostics"]["mardia"].update({"p_skew": 0.36, "p_small": 0.22, "kurtosis": -1.2, "p_kurtosis": 0.23})
    assert list(tables.mardia(ok, "zh-Hant")["判定"]) == ["未偏離常態"] * 3
    gone = copy.deepcopy(results)
    gone["diagnostics"]["mardia"] = {"not_applicable": NA}
    assert tables.mardia(gone, "en").empty
    assert tables.diagnostics_reason(gone, "mardia", "", "zh-Hant") == NA["zh-Hant"]


def test_method_bias_summary_one_row_per_check(results):
    t = tables.method_bias(results, "en")
    assert list(t.columns) == ["Check", "Value", "Result", "Threshold", "Verdict", "Source"]
    assert list(t["Check"]) == ["Harman's single-factor test", "Single-factor CFA",
                                "Unmeasured latent method factor (ULMC)", "Marker-variable correction",
                                "Full-collinearity VIF"]
    harman, single, ulmc, marker, vif = (t.iloc[k] for k in range(5))
    assert harman["Value"] == 0.293 and harman["Result"] == "the first factor explains 29.3% of the variance"
    assert harman["Threshold"] == "first unrotated factor explains < 50% of the variance"
    assert harman["Verdict"] == "pass" and harman["Source"] == "Podsakoff et al. 2003"
    # not applicable: no value, the reason, "—" as verdict
    assert math.isnan(single["Value"]) and single["Result"] == NA["en"] and single["Verdict"] == "—"
    assert ulmc["Value"] == 9.94 and ulmc["Verdict"].startswith("no verdict")
    assert ulmc["Result"] == ("mean substantive variance .516, mean method variance .052, ratio 9.94; 25% of the "
                              "method loadings significant")
    assert ulmc["Source"] == "Podsakoff, MacKenzie, Lee & Podsakoff 2003; Liang, Saraf, Hu & Xue 2007"
    assert marker["Value"] == 0.037 and "1 of 2 significant correlations no longer significant" in marker["Result"]
    assert marker["Verdict"].startswith("some correlations are no longer significant")
    assert vif["Value"] == 3.6 and vif["Result"] == "VIF from 1.20 to 3.60" and vif["Verdict"] == "fail"
    assert vif["Threshold"] == "VIF ≤ 3.3 for every construct" and vif["Source"] == "Kock & Lynn 2012; Kock 2015"
    zh = tables.method_bias(results, "zh-Hant")
    assert list(zh.columns) == ["檢定方法", "數值", "結果", "標準", "判定", "來源"]
    assert zh["結果"].iloc[1] == NA["zh-Hant"] and zh["判定"].iloc[2] == "無法判斷：方法因素模型沒有收斂的合理解"
    assert zh["判定"].iloc[4] == "未達標" and "每個構念的 VIF ≤ 3.3" == zh["標準"].iloc[4]


def test_method_factor_items_vif_and_marker_tables(results):
    items = tables.method_factor_items(results, "en")
    assert list(items.columns) == ["Item", "Construct", "Trait loading", "Substantive variance", "Method loading",
                                   "Method variance", "z", "p"]
    assert items["Method variance"].iloc[0] == 0.0918 and items["p"].iloc[0] == 0.039
    assert items["Method loading"].isna().iloc[1]
    vif = tables.full_collinearity(results, "zh-Hans")
    assert list(vif["VIF"]) == [1.2, 3.6] and list(vif["判定"]) == ["达标", "未达标"]
    assert list(vif["标准"]) == ["≤ 3.3", "≤ 3.3"]
    pairs = tables.marker_pairs(results, "en")
    assert list(pairs["Corrected r"]) == [0.27, 0.086] and list(pairs["No longer significant"]) == ["no", "yes"]


def test_invariance_with_mlr_undecided_level_and_partial(results):
    t = tables.invariance(results, "en")
    assert list(t.columns) == ["Model", "χ²", "Scaled χ²", "df", "Robust CFI", "Robust RMSEA", "SRMR", "ΔCFI",
                               "ΔRMSEA", "ΔSRMR", "p(Δχ²)", "Holds", "Released equalities"]
    assert list(t["Model"]) == ["configural", "metric", "scalar"]
    assert list(t["Robust CFI"]) == [0.921, 0.920, 0.902]                 # the indices the decision used
    assert t["Scaled χ²"].iloc[2] == 146.76 and math.isnan(t["Robust RMSEA"].iloc[2])
    assert list(t["Holds"]) == ["", "yes", "—"]                            # None: cannot be decided
    assert list(t["Released equalities"]) == ["", "", "A3 ~1"]
    assert math.isnan(t["ΔRMSEA"].iloc[2])
    zh = tables.invariance(results, "zh-Hant")
    assert list(zh["模型"]) == ["形貌", "量尺（負荷量等同）", "純量（截距等同）"]
    assert "穩健 CFI" in zh.columns and list(zh["是否成立"]) == ["", "是", "—"]
    # ML: the normal-theory indices, no scaled χ²
    ml = copy.deepcopy(results)
    ml["invariance"]["measurement"]["criteria"]["indices"] = {"cfi": "cfi", "rmsea": "rmsea", "srmr": "srmr"}
    t = tables.invariance(ml, "en")
    assert "CFI" in t.columns and "Scaled χ²" not in t.columns and list(t["CFI"]) == [0.923, 0.921, 0.882]


def test_partial_invariance_released_and_suggested(results):
    t = tables.invariance_release(results, "en")
    assert list(t.columns) == ["Level", "Parameter", "Status", "Score test χ²", "df", "p", "ΔCFI", "ΔRMSEA", "Holds"]
    assert list(t["Parameter"]) == ["A3 ~1", "A2 ~1"] and list(t["Status"]) == ["released", "suggested"]
    assert list(t["Score test χ²"]) == [19.19, 15.02] and t["ΔCFI"].iloc[0] == -0.0176
    assert t["Holds"].iloc[0] == "—" and math.isnan(t["ΔCFI"].iloc[1])
    assert t["ΔCFI"].dtype == float
    zh = tables.invariance_release(results, "zh-Hans")
    assert list(zh["状态"]) == ["已释放", "建议释放"] and zh["不变性水平"].iloc[0] == "标量（截距等同）"
    none = copy.deepcopy(results)
    none["invariance"]["measurement"].update({"search": [], "suggestions": []})
    assert tables.invariance_release(none, "en").empty


def test_reliability_shows_not_applicable_values_empty_with_the_reason(results):
    for lang in LANGS:
        t = tables.reliability(results, lang)
        notes = t[tables.HEAD["notes"][lang]]
        cr = t[tables.HEAD["cr"][lang]]
        assert cr.iloc[0] == 0.82 and math.isnan(cr.iloc[1])
        assert notes.iloc[0] == ""
        assert CROSS[lang] in notes.iloc[1] and notes.iloc[1].startswith("CR")
        assert HIGHER[lang] in notes.iloc[2]
        assert math.isnan(t[tables.HEAD["alpha"][lang]].iloc[2])
        assert t[tables.HEAD["ci"][lang]].iloc[2] == ""
        _no_none_or_nan(t)
    t = tables.reliability(results, "en")
    assert list(t["Verdict"]) == ["pass", "pass", "fail"]
    assert t["95% CI of α"].iloc[0] == "[.770, .840]"


def test_every_table_in_every_language_has_no_none_or_nan_text(results):
    for lang in LANGS:
        for name, frame in tables.all_tables(results, lang).items():
            assert len(name) <= 31
            _no_none_or_nan(frame)
    names = tables.all_tables(results, "en")
    for sheet in ("cfa_modindices", "cfa_largest_residuals", "cfa_std_residuals", "mardia", "method_bias",
                  "method_factor_items", "full_collinearity_vif", "marker_correlations", "invariance",
                  "invariance_partial"):
        assert sheet in names, sheet
    assert "sem_modindices" not in names                                # not applicable: no empty sheet
    assert xlsx_bytes(names)[:2] == b"PK"


def test_local_text_and_sources():
    assert tables.local({"en": "a", "zh-Hans": "样本"}, "zh-Hant") == "樣本"        # converted when absent
    assert tables.local({"en": "a", "zh-Hans": "b", "zh-Hant": "c"}, "zh-Hant") == "c"
    assert tables.local(None, "en", "x") == "x"
    assert tables.not_applicable({"cr": CROSS}) is None                         # a reliability entry, not a reason
    assert tables.not_applicable({"not_applicable": NA}, "zh-Hans") == NA["zh-Hans"]
    assert tables.source_text("Podsakoff, MacKenzie, Lee & Podsakoff 2003 (single-factor CFA); Cheung & Rensvold "
                              "2002 (ΔCFI .01)") == "Podsakoff, MacKenzie, Lee & Podsakoff 2003; Cheung & Rensvold 2002"


def test_real_analysis_with_cross_loadings_and_a_higher_order_factor():
    model = ("visual =~ x1 + x2 + x3 + x9\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\n"
             "g =~ visual + textual + speed")
    d = analyze(REFERENCE / "holzinger1939.csv", model=model, bootstrap=0).to_dict()
    rel = tables.reliability(d, "en").set_index("Construct")
    assert math.isnan(rel.loc["visual", "CR"]) and "cross-loading" in rel.loc["visual", "Notes"]
    assert rel.loc["g", "CR"] == pytest.approx(d["reliability"]["g"]["cr"])
    mb = tables.method_bias(d, "zh-Hans").set_index("检验方法")
    assert mb.loc["单因子 CFA", "判定"] == "—"
    assert mb.loc["单因子 CFA", "结果"] == d["method_bias"]["single_factor"]["not_applicable"]["zh-Hans"]
    mi = tables.modindices(d, "cfa", "en")
    top = max(d["diagnostics"]["cfa"]["modindices"], key=lambda r: r["mi"])
    assert mi["Parameter"].iloc[0] == f"{top['lhs']} {top['op']} {top['rhs']}" and mi["MI"].iloc[0] == top["mi"]
    m = tables.mardia(d, "en")
    assert m["p"].iloc[0] == d["diagnostics"]["mardia"]["p_skew"] and m["Verdict"].iloc[0] == "non-normal"
    for lang in LANGS:
        for frame in tables.all_tables(d, lang).values():
            _no_none_or_nan(frame)
