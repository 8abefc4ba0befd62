"""Display tables of an evaluation (research.evaluation.tables): the numbers a reader sees, in zh-Hans, zh-Hant and
English, from the EvaluationResult and from its results.json block alike.

A small index system (two first-level indicators with stated weights, four 0–100 leaves) on eight respondents
in three segments: every expected value — weights, means, SDs, t intervals, grades and shares, fuzzy
memberships, TOPSIS distances and closeness, grey relational grades, AHP λmax/CI/CR and the most inconsistent
judgement — is computed here by hand or with numpy/scipy from the data, not read from the engine.  One check on
the bundled sample (entropy weights, platforms) names the platforms and the segments left out of the ranking."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from conftest import ROOT
from research.evaluation import evaluate, load_system
from research.evaluation import tables as ET

LANGS = ("zh-Hans", "zh-Hant", "en")
MINI = """
schema_version: 1
id: mini
title: {zh-Hans: 小型评价体系, zh-Hant: 小型評價體系, en: Mini index}
weights: stated
tree:
  id: G
  name: {zh-Hans: 服务质量, zh-Hant: 服務品質, en: Service quality}
  children:
    - id: A
      name: {zh-Hans: 速度, zh-Hant: 速度, en: Speed}
      weight: 0.6
      children:
        - {id: A1, name: {zh-Hans: 发货, zh-Hant: 出貨, en: Dispatch}, column: a1, range: [0, 100], weight: 0.5}
        - {id: A2, name: {zh-Hans: 配送, zh-Hant: 配送, en: Delivery}, column: a2, range: [0, 100], weight: 0.5}
    - id: B
      name: {zh-Hans: 关怀, zh-Hant: 關懷, en: Care}
      weight: 0.4
      children:
        - {id: B1, name: {zh-Hans: 礼貌, zh-Hant: 禮貌, en: Courtesy}, column: b1, range: [0, 100], weight: 0.25}
        - {id: B2, name: {zh-Hans: 通知, zh-Hant: 通知, en: Notice}, column: b2, range: [0, 100], weight: 0.75}
"""
DATA = pd.DataFrame({
    "a1": [90, 80, 90, 80, 50, 60, 40, 70], "a2": [80, 80, 90, 90, 60, 50, 40, 70],
    "b1": [70, 90, 80, 80, 30, 50, 40, 70], "b2": [90, 90, 80, 80, 60, 60, 50, 70],
    "seg": ["P", "P", "P", "P", "Q", "Q", "Q", "R"]})
GRADES = {"zh-Hans": ["优", "良", "中", "低", "差"], "zh-Hant": ["優", "良", "中", "低", "差"],
          "en": ["Excellent", "Good", "Fair", "Poor", "Very poor"]}
NAMES = {"G": {"zh-Hans": "服务质量", "zh-Hant": "服務品質", "en": "Service quality"},
         "A": {"zh-Hans": "速度", "zh-Hant": "速度", "en": "Speed"},
         "B": {"zh-Hans": "关怀", "zh-Hant": "關懷", "en": "Care"},
         "A1": {"zh-Hans": "发货", "zh-Hant": "出貨", "en": "Dispatch"}}
SEGMENTS = {"zh-Hans": "分组", "zh-Hant": "分組", "en": "Segment"}


def _grade(x: float) -> int:
    return 0 if x >= 85 else 1 if x >= 75 else 2 if x >= 60 else 3 if x >= 40 else 4


def _scores() -> pd.DataFrame:
    """Every respondent's score at every node, by E = Σ w·I with the stated weights."""
    s = DATA[["a1", "a2", "b1", "b2"]].astype(float)
    out = pd.DataFrame({"A1": s.a1, "A2": s.a2, "B1": s.b1, "B2": s.b2})
    out["A"] = 0.5 * s.a1 + 0.5 * s.a2
    out["B"] = 0.25 * s.b1 + 0.75 * s.b2
    out["G"] = 0.6 * out["A"] + 0.4 * out["B"]
    return out


@pytest.fixture(scope="module")
def result():
    return evaluate(DATA, MINI, group="seg", min_n=3)


@pytest.fixture(scope="module")
def block(result):
    return json.loads(json.dumps(result.to_dict()))          # as results.json holds it


def test_the_result_and_its_block_give_the_same_tables(result, block):
    for lang in LANGS:
        a, b = ET.display_tables(result, lang), ET.display_tables(block, lang)
        assert list(a) == list(b) == ["system", "scores", "segments", "fuzzy", "fuzzy_segments", "ranking",
                                      "sensitivity"]
        for key in a:
            pd.testing.assert_frame_equal(ET.shown(a[key], lang), ET.shown(b[key], lang))
            assert a[key].attrs["title"] and ET.shown(a[key], lang).attrs["title"] == a[key].attrs["title"]


@pytest.mark.parametrize("lang", LANGS)
def test_indicator_system_levels_weights_and_method(block, lang):
    frame = ET.indicator_system(block, lang)
    s = ET.shown(frame, lang)
    heads = {"zh-Hans": ["评价目标", "一级指标", "二级指标", "权重", "综合权重", "赋权方法"],
             "zh-Hant": ["評價目標", "一級指標", "二級指標", "權重", "綜合權重", "賦權方法"],
             "en": ["Goal", "First-level indicator", "Second-level indicator", "Local weight", "Global weight",
                    "Weighting method"]}[lang]
    assert list(s.columns) == heads                            # no AHP: no CR columns
    goal, first, second, local, glob, method = heads
    # tree order, each name in its level's column, the others blank
    assert list(s[goal]) == [NAMES["G"][lang]] + [""] * 6
    assert list(s[first]) == ["", NAMES["A"][lang], "", "", NAMES["B"][lang], "", ""]
    assert s[second][2] == NAMES["A1"][lang]
    # local weights as stated; global = product along the path (0.6 × 0.5 = .300, 0.4 × 0.75 = .300)
    assert list(s[local]) == ["", ".600", ".500", ".500", ".400", ".250", ".750"]
    assert list(s[glob]) == ["", ".600", ".300", ".300", ".400", ".100", ".300"]
    assert s[method][1] == {"zh-Hans": "指标体系中给定", "zh-Hant": "指標體系中給定", "en": "stated in the index system"}[lang]
    assert frame.attrs["title"] == {"zh-Hans": "小型评价体系及权重", "zh-Hant": "小型評價體系及權重",
                                    "en": "Mini index: Indicators and Weights"}[lang]
    assert {"zh-Hans": "权重之和为 1", "zh-Hant": "權重之和為 1", "en": "sum to 1"}[lang] in frame.attrs["note"]


@pytest.mark.parametrize("lang", LANGS)
def test_scores_overall(block, lang):
    sc = _scores()
    s = ET.shown(ET.scores(block, lang), lang)
    g = sc["G"].to_numpy()
    m, sd, n = g.mean(), g.std(ddof=1), len(g)
    half = stats.t.ppf(0.975, n - 1) * sd / np.sqrt(n)
    row = s.iloc[0]
    assert row.iloc[0] == NAMES["G"][lang]
    assert row["n"] == "8" and row["M"] == f"{m:.2f}" and row["SD"] == f"{sd:.2f}"
    assert row["95% CI"] == f"[{m - half:.2f}, {m + half:.2f}]"
    assert row.iloc[5] == GRADES[lang][_grade(m)]
    shares = np.bincount([_grade(x) for x in g], minlength=5) / n * 100
    assert list(row.iloc[6:11]) == [f"{x:.1f}" for x in shares]
    head = {"zh-Hans": "优（%）", "zh-Hant": "優（%）", "en": "Excellent (%)"}[lang]
    assert s.columns[6] == head
    # sub-indicators indented by their level, in tree order
    ind = s.columns[0]
    indent = "\u3000" if lang != "en" else "\u00a0" * 3
    assert s[ind][1] == indent + NAMES["A"][lang] and s[ind][2] == indent * 2 + NAMES["A1"][lang]
    a1 = sc["A1"]
    assert s["M"][2] == f"{a1.mean():.2f}"
    bands = {"zh-Hans": "优 [85, 100]，良 [75, 85)", "zh-Hant": "優 [85, 100]，良 [75, 85)",
             "en": "Excellent [85, 100], Good [75, 85)"}[lang]
    assert bands in ET.scores(block, lang).attrs["note"]


@pytest.mark.parametrize("lang", LANGS)
def test_scores_per_segment(block, lang):
    sc = _scores()
    s = ET.shown(ET.segment_scores(block, lang), lang)
    seg = SEGMENTS[lang]
    assert list(s[seg]) == ["P"] * 3 + ["Q"] * 3 + ["R"] * 3        # no labels in the data: the values
    q = sc.loc[DATA.seg == "Q", "B"]
    row = s.iloc[5]
    assert row.iloc[1].strip("\u3000\u00a0") == NAMES["B"][lang]
    assert row["n"] == "3" and row["M"] == f"{q.mean():.2f}" and row["SD"] == f"{q.std(ddof=1):.2f}"
    assert row.iloc[6] == GRADES[lang][_grade(q.mean())]
    assert s.iloc[6]["SD"] == "—" and s.iloc[6]["95% CI"] == "—"      # one respondent: no SD, no CI


@pytest.mark.parametrize("lang", LANGS)
def test_fuzzy_memberships_grade_and_score(block, lang):
    sc = _scores()
    s = ET.shown(ET.fuzzy(block, lang), lang)
    # a leaf's membership: the shares of its values in the grade bands
    def member(col):
        return np.bincount([_grade(x) for x in sc[col]], minlength=5) / len(sc)
    B = {k: member(k) for k in ("A1", "A2", "B1", "B2")}
    B["A"] = 0.5 * B["A1"] + 0.5 * B["A2"]
    B["B"] = 0.25 * B["B1"] + 0.75 * B["B2"]
    B["G"] = 0.6 * B["A"] + 0.4 * B["B"]
    unit = [f"{x:.3f}".replace("0.", ".", 1) for x in B["G"]]
    assert list(s.iloc[0, 1:6]) == unit
    top = np.flatnonzero(np.isclose(B["G"], B["G"].max()))
    sep = " = " if lang == "en" else "＝"
    assert s.iloc[0, 6] == sep.join(GRADES[lang][k] for k in top)
    assert s.iloc[0, 7] == f"{B['G'] @ np.array([92.5, 80, 67.5, 50, 20]):.2f}"
    title = ET.fuzzy(block, lang).attrs["title"]
    assert "M(·,⊕)" in title and {"zh-Hans": "加权平均型", "zh-Hant": "加權平均型", "en": "weighted average"}[lang] in title


def test_fuzzy_ties_are_shown():
    data = pd.DataFrame({"x": [90, 80, 90, 80], "y": [90, 80, 80, 90]})
    system = {"schema_version": 1, "id": "tie", "title": {"en": "Tie"}, "weights": "equal",
              "tree": {"id": "T", "name": {"en": "Total", "zh-Hans": "总体", "zh-Hant": "總體"},
                       "children": [{"id": "X", "column": "x", "range": [0, 100]},
                                    {"id": "Y", "column": "y", "range": [0, 100]}]}}
    res = evaluate(data, system)
    for lang, text in (("en", "Excellent = Good"), ("zh-Hans", "优＝良"), ("zh-Hant", "優＝良")):
        f = ET.fuzzy(res, lang)
        s = ET.shown(f, lang)
        assert s.iloc[0, 1] == ".500" and s.iloc[0, 2] == ".500" and s.iloc[0, 6] == text
        assert {"en": "share the maximum", "zh-Hans": "并列最大", "zh-Hant": "並列最大"}[lang] in f.attrs["note"]


@pytest.mark.parametrize("lang", LANGS)
def test_ranking_topsis_grey_and_dropped(block, lang):
    sc = _scores()
    leaves = ["A1", "A2", "B1", "B2"]
    w = np.array([0.3, 0.3, 0.1, 0.3])                      # global weights of the leaves
    X = np.array([sc.loc[DATA.seg == s, leaves].mean().to_numpy() for s in ("P", "Q")])
    V = X / np.sqrt((X ** 2).sum(axis=0)) * w                # vector normalisation (Hwang & Yoon 1981)
    best, worst = V.max(axis=0), V.min(axis=0)
    dp = np.sqrt(((V - best) ** 2).sum(axis=1))
    dm = np.sqrt(((V - worst) ** 2).sum(axis=1))
    # P is better on every leaf: C = 1 and 0; grey: ξ = 1 for P, (0 + .5·1)/(1 + .5·1) = 1/3 for Q
    s = ET.shown(ET.ranking(block, lang), lang)
    seg = SEGMENTS[lang]
    assert list(s[seg]) == ["P", "Q"]
    assert list(s["n"]) == ["4", "3"]
    assert list(s["D⁺"]) == [f"{x:.4f}" for x in dp] and s["D⁺"][0] == "0.0000"
    assert list(s["D⁻"]) == [f"{x:.4f}" for x in dm]
    assert list(s["C"]) == ["1.000", ".000"]
    grey = {"zh-Hans": "灰色关联度", "zh-Hant": "灰色關聯度", "en": "Grey relational grade"}[lang]
    assert list(s[grey]) == ["1.000", ".333"]
    note = ET.ranking(block, lang).attrs["note"]
    assert {"zh-Hans": "未参与排序（有总指数得分的受访者少于 3 人）：R（n = 1）。", "zh-Hant": "未參與排序（有總指數分數的受訪者少於 3 人）：R（n = 1）。",
            "en": "Not ranked (fewer than 3 respondents with an index score): R (n = 1)."}[lang] in note
    assert {"zh-Hans": "向量归一化", "zh-Hant": "向量正規化", "en": "vector normalisation"}[lang] in note


@pytest.mark.parametrize("lang", LANGS)
def test_sensitivity_counts(block, lang):
    f = ET.sensitivity(block, lang)
    s = ET.shown(f, lang)
    # 4 leaves × ±10 %: a dominating segment stays first under every perturbation
    assert list(s.iloc[:, 1]) == ["8", "8"] and list(s.iloc[:, 2]) == ["0", "0"] and list(s.iloc[:, 3]) == ["0", "0"]
    assert list(s.iloc[:, 4]) == ["P", "P"]
    assert s.iloc[1, 0] == {"zh-Hans": "灰色关联分析", "zh-Hant": "灰色關聯分析", "en": "Grey relational analysis"}[lang]
    assert "±10%" in f.attrs["title"]


# --------------------------------------------------------------------------- AHP
M1 = [[1, 5, 1 / 3], [1 / 5, 1, 3], [3, 1 / 3, 1]]           # cyclic judgements: inconsistent
M2 = [[1, 2, 4], [1 / 2, 1, 2], [1 / 4, 1 / 2, 1]]           # perfectly consistent
AHP_SYSTEM = {"schema_version": 1, "id": "ahp3", "title": {"en": "Three", "zh-Hans": "三项", "zh-Hant": "三項"},
              "weights": "ahp",
              "tree": {"id": "T", "name": {"en": "Total", "zh-Hans": "总体", "zh-Hant": "總體"},
                       "children": [{"id": "X", "name": {"en": "Price", "zh-Hans": "价格", "zh-Hant": "價格"},
                                     "column": "x", "range": [0, 100]},
                                    {"id": "Y", "name": {"en": "Speed", "zh-Hans": "速度", "zh-Hant": "速度"},
                                     "column": "y", "range": [0, 100]},
                                    {"id": "Z", "name": {"en": "Care", "zh-Hans": "关怀", "zh-Hant": "關懷"},
                                     "column": "z", "range": [0, 100]}]}}
AHP_DATA = pd.DataFrame({"x": [80, 60, 90], "y": [70, 50, 40], "z": [90, 95, 30]})
KIDS = ["X", "Y", "Z"]
NAME3 = {"X": {"en": "Price", "zh-Hans": "价格", "zh-Hant": "價格"}, "Y": {"en": "Speed", "zh-Hans": "速度", "zh-Hant": "速度"},
         "Z": {"en": "Care", "zh-Hans": "关怀", "zh-Hant": "關懷"}}


def _eigen(m):
    a = np.array(m, dtype=float)
    vals, vecs = np.linalg.eig(a)
    k = int(np.argmax(vals.real))
    w = np.abs(vecs[:, k].real)
    w /= w.sum()
    lam = vals[k].real
    ci = (lam - 3) / 2
    eps = a * w[None, :] / w[:, None]
    i, j = np.unravel_index(np.argmax(eps), eps.shape)
    return w, lam, ci, ci / 0.58, (i, j, a[i, j], w[i] / w[j])


@pytest.mark.parametrize("lang", LANGS)
def test_ahp_consistency_table(lang):
    res = evaluate(AHP_DATA, AHP_SYSTEM, ahp={"T": pd.DataFrame(M1, index=KIDS, columns=KIDS)})
    w, lam, ci, cr, (i, j, a, cv) = _eigen(M1)
    assert cr >= 0.10
    s = ET.shown(ET.consistency(res, lang), lang)
    row = s.iloc[0]
    assert row.iloc[0] == {"en": "Total", "zh-Hans": "总体", "zh-Hant": "總體"}[lang]
    assert row.iloc[1] == "3" and row.iloc[2] == f"{lam:.3f}" and row.iloc[3] == f"{ci:.3f}"
    assert row.iloc[4] == "0.58" and row.iloc[5] == "Saaty (1980)" and row.iloc[6] == f"{cr:.3f}"
    assert row.iloc[7] == {"en": "inconsistent", "zh-Hans": "未通过", "zh-Hant": "未通過"}[lang]
    ri, ci_ = NAME3[KIDS[i]][lang], NAME3[KIDS[j]][lang]
    a_text = {5.0: "5", 3.0: "3", 1 / 3: "1/3", 1 / 5: "1/5"}[min((5.0, 3.0, 1 / 3, 1 / 5), key=lambda v: abs(v - a))]
    want = {"en": f"{ri} vs {ci_}: {a_text} (consistent: {cv:.2f})",
            "zh-Hans": f"{ri} 对 {ci_}：{a_text}（一致时为 {cv:.2f}）",
            "zh-Hant": f"{ri} 對 {ci_}：{a_text}（一致時為 {cv:.2f}）"}[lang]
    assert row.iloc[8] == want
    # the system table carries the root's CR and verdict, the AHP weights of its children
    sys_ = ET.shown(ET.indicator_system(res, lang), lang)
    assert sys_.iloc[0]["CR"] == f"{cr:.3f}"
    assert sys_.iloc[0].iloc[-1] == row.iloc[7]
    assert list(sys_.iloc[1:, 2]) == [f"{x:.3f}".replace("0.", ".", 1) for x in w]
    assert sys_.iloc[1, 4] == {"en": "AHP", "zh-Hans": "层次分析法（AHP）", "zh-Hant": "層級分析法（AHP）"}[lang]


@pytest.mark.parametrize("lang", LANGS)
def test_group_ahp_each_expert(lang):
    books = [{"T": pd.DataFrame(m, index=KIDS, columns=KIDS)} for m in (M1, M2)]
    res = evaluate(AHP_DATA, AHP_SYSTEM, ahp=books)
    tables = ET.display_tables(res, lang)
    assert "experts" in tables and "consistency" in tables
    s = ET.shown(tables["experts"], lang)
    _, _, _, cr1, _ = _eigen(M1)
    assert list(s.iloc[:, 1]) == [{"en": "Expert 1", "zh-Hans": "专家 1", "zh-Hant": "專家 1"}[lang],
                                  {"en": "Expert 2", "zh-Hans": "专家 2", "zh-Hant": "專家 2"}[lang]]
    assert list(s.iloc[:, 2]) == [".500", ".500"]
    assert list(s.iloc[:, 8]) == [f"{cr1:.3f}", "0.000"]
    assert list(s.iloc[:, 9]) == [{"en": "inconsistent", "zh-Hans": "未通过", "zh-Hant": "未通過"}[lang],
                                   {"en": "consistent", "zh-Hans": "通过", "zh-Hant": "通過"}[lang]]
    assert s.iloc[1, 10] == ""                                # a perfectly consistent matrix: no worst judgement
    # the aggregated matrix (AIJ: element-wise geometric mean) is the group's row
    agg = np.sqrt(np.array(M1) * np.array(M2))
    _, lam, _, cr, _ = _eigen(agg)
    c = ET.shown(tables["consistency"], lang)
    assert c.iloc[0, 0] == {"en": "Total, aggregated (AIJ)", "zh-Hans": "总体（集结矩阵，AIJ）",
                            "zh-Hant": "總體（集結矩陣，AIJ）"}[lang]
    assert c.iloc[0, 2] == f"{lam:.3f}" and c.iloc[0, 6] == f"{cr:.3f}"
    method = ET.shown(tables["system"], lang).iloc[1, 4]
    assert method == {"en": "group AHP (AIJ, 2 experts)", "zh-Hans": "群组层次分析法（AIJ，2 位专家）",
                      "zh-Hant": "群體層級分析法（AIJ，2 位專家）"}[lang]


# --------------------------------------------------------------------------- the bundled sample
@pytest.fixture(scope="module")
def sample():
    data = pd.read_csv(ROOT / "datasets" / "lsq5_sample.csv")
    return data, evaluate(data, "lsq5-index", weights="entropy", group="PLATFORM")


def test_sample_names_platforms_methods_and_dropped(sample):
    data, res = sample
    counts = data.loc[res.scores[res.system.root].notna(), "PLATFORM"].value_counts()   # ranked: root-scored
    for lang, taobao, entropy, dropped in (
            ("zh-Hans", "淘宝", "熵权法", f"速卖通（n = {counts[6]}）"),
            ("zh-Hant", "淘寶", "熵權法", f"速賣通（n = {counts[6]}）"),
            ("en", "Taobao", "entropy weights", f"AliExpress (n = {counts[6]})")):
        tables = ET.display_tables(res, lang)
        assert "consistency" not in tables and "experts" not in tables          # no AHP in this run
        sys_ = ET.shown(tables["system"], lang)
        assert set(sys_.iloc[1:, -1]) == {entropy}
        assert ET.shown(tables["segments"], lang).iloc[0, 0] == taobao
        rank = ET.shown(tables["ranking"], lang)
        assert taobao in set(rank.iloc[:, 0]) and dropped in tables["ranking"].attrs["note"]
        assert rank.iloc[:, 1].map(int).tolist() == [int(counts[int(c)]) for c in
                                                     res.ranking["topsis"].table().sort_values("rank")["alternative"]]
        ent = {"zh-Hans": "先按指标方向做极差标准化", "zh-Hant": "先按指標方向做極差標準化",
               "en": "min–max normalised by direction"}[lang]
        assert ent in tables["system"].attrs["note"]
        # the whole-sample mean of the index: the mean of the respondents' weighted scores
        w = res.weights.set_index("node")["weight"]
        assert ET.shown(tables["scores"], lang)["M"][0] == f"{res.scores['LSQ'].mean():.2f}"
        assert np.isclose(res.scores["LSQ"].dropna(), sum(w[d] * res.scores[d] for d in
                                                           ("ECO", "RES", "FLE", "REL", "EMP")).dropna()).all()


def test_bad_language_and_result():
    from research.errors import ResearchError
    with pytest.raises(ResearchError):
        ET.scores({}, "fr")
    with pytest.raises(ResearchError):
        ET.as_dict(42)


def test_sensitivity_names_every_first_place_of_a_tie():
    """Two segments tied at rank 1: the unperturbed first place lists both, by name, in each language."""
    from research.evaluation.tables import sensitivity

    d = {"segment_names": {"1": {"en": "Taobao", "zh-Hans": "淘宝", "zh-Hant": "淘寶"},
                           "3": {"en": "JD.com", "zh-Hans": "京东", "zh-Hant": "京東"}},
         "ranking": {"topsis_sensitivity": {"change": 0.1, "summary": {"base_top": "1, 3"},
                                            "perturbations": [{"feasible": True, "ranking_changed": False,
                                                               "top_unchanged": True}]}}}
    assert sensitivity(d, "en").iloc[0, -1] == "Taobao, JD.com"
    assert sensitivity(d, "zh-Hans").iloc[0, -1] == "淘宝、京东"
    assert sensitivity(d, "zh-Hant").iloc[0, -1] == "淘寶、京東"
