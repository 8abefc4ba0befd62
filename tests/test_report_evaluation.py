"""The report's "Evaluation Index System" section (results["evaluation"], EvaluationResult.to_dict()): its paragraphs
in three languages with the block's numbers formatted as APA prints them, its tables numbered after the others in
every format, its references, the AHP consistency sentences (an inconsistent matrix named with its worst
judgement, group AHP with each expert's CR), and no section, table or reference without the block.

The evaluation runs on the bundled sample (LSQ-5 index, entropy weights, platforms); the expected numbers are
taken from the respondents' scores and the block and formatted here with research.report.apa; the results go to
research.report as a results.json does (JSON round trip, checked by research.results_file.check_results)."""
from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from conftest import ROOT
from research import report
from research.evaluation import evaluate
from research.report import apa
from research.report.text import results_text
from research.report.writers import tex_escape
from test_report_pls import _plain
from test_translations import _without_data, problems

LANGS = ("en", "zh-Hans", "zh-Hant")
FORMATS = ("md", "html", "docx", "tex")
HEADING = {"en": "Evaluation Index System", "zh-Hans": "评价指标体系", "zh-Hant": "評價指標體系"}
REFS = {"en": "References", "zh-Hans": "参考文献", "zh-Hant": "參考文獻"}
DATA = pd.read_csv(ROOT / "datasets" / "lsq5_sample.csv")


@pytest.fixture(scope="module")
def run():
    return evaluate(DATA, "lsq5-index", weights="entropy", group="PLATFORM")


@pytest.fixture(scope="module")
def results(run):
    return {"n": len(DATA), "evaluation": json.loads(json.dumps(run.to_dict()))}


def _section(d, lang) -> str:
    found = [s for s in results_text(d, lang) if s["key"] == "evaluation"]
    assert found, "no evaluation section"
    assert found[0]["heading"] == HEADING[lang]
    return "\n".join(found[0]["paragraphs"])


def test_system_paragraph(results, run):
    w = run.weights.set_index("node")["weight"]
    first = ["ECO", "RES", "FLE", "REL", "EMP"]
    hi, lo = max(first, key=lambda k: w[k]), min(first, key=lambda k: w[k])
    names = {"en": {"FLE": "Flexibility", "EMP": "Empathy"}, "zh-Hans": {"FLE": "灵活性", "EMP": "移情性"},
             "zh-Hant": {"FLE": "彈性", "EMP": "關懷性"}}
    assert (hi, lo) == ("FLE", "EMP")
    want = {"en": ["has 2 levels of indicators below the goal (Logistics service quality): 5 at level 1 and 20 at "
                   "level 2, 25 indicators in all",
                   "The weights were derived from the entropy weight method on scores min–max normalised by direction.",
                   f"Flexibility carries the largest weight ({apa.unit(w[hi])}) and Empathy the smallest "
                   f"({apa.unit(w[lo])})"],
            "zh-Hans": ["网购物流服务质量评价指标体系（LSQ-5）在评价目标（物流服务质量）之下共 2 级指标：一级指标 5 个、二级指标 20 个，"
                        "合计 25 个指标", "权重采用熵权法（先按指标方向做极差标准化）确定。",
                        f"灵活性的权重最大（{apa.unit(w[hi])}），移情性最小（{apa.unit(w[lo])}）"],
            "zh-Hant": ["在評價目標（物流服務品質）之下共 2 級指標：一級指標 5 個、二級指標 20 個，合計 25 個指標",
                        "權重採用熵權法（先按指標方向做極差標準化）決定。",
                        f"彈性的權重最大（{apa.unit(w[hi])}），關懷性最小（{apa.unit(w[lo])}）"]}
    for lang in LANGS:
        text = _section(results, lang)
        for piece in want[lang]:
            assert piece in text, (lang, piece)
        assert names[lang]["FLE"] in text


def test_scores_paragraph(results, run):
    s = run.scores["LSQ"].dropna()
    m, sd, n = s.mean(), s.std(ddof=1), len(s)
    half = stats.t.ppf(0.975, n - 1) * sd / np.sqrt(n)
    ci = f"[{apa.num(m - half, 2)}, {apa.num(m + half, 2)}]"
    assert 40 <= m < 60                                          # graded 低 / Poor
    f = run.fuzzy["__overall__"].nodes["LSQ"]
    b = ", ".join(apa.unit(x) for x in f.B)
    dims = {k: run.scores[k].dropna() for k in ("ECO", "RES", "FLE", "REL", "EMP")}
    best, worst = max(dims, key=lambda k: dims[k].mean()), min(dims, key=lambda k: dims[k].mean())
    assert (best, worst) == ("EMP", "REL")
    want = {"en": [f"(n = {n} of N = 500 with a score on every indicator)",
                   f"the Logistics service quality index scored M = {apa.num(m, 2)} (SD = {apa.num(sd, 2)}), 95% CI "
                   f"{ci}, which is graded Poor (Excellent [85, 100], Good [75, 85), Fair [60, 75), Poor [40, 60), "
                   "Very poor [0, 40))",
                   f"(operator M(·,⊕), weighted average) gave the membership vector B = ({b}) over "
                   "Excellent/Good/Fair/Poor/Very poor; by maximum membership the grade is Fair, and the weighted "
                   f"score is {apa.num(f.score, 2)}",
                   "Each answer counts in its own grade (on five points, 3 is Fair), while the index grades the mean "
                   "of the answers rescaled to 0–100 (3 becomes 50)",
                   f"Empathy scored highest (M = {apa.num(dims['EMP'].mean(), 2)}",
                   f"Reliability lowest (M = {apa.num(dims['REL'].mean(), 2)}"],
            "zh-Hans": [f"全体样本（N = 500，其中 n = {n} 人在全部指标上有得分）的物流服务质量综合得分 M = {apa.num(m, 2)}"
                        f"（SD = {apa.num(sd, 2)}），95% CI {ci}，等级为“低”",
                        f"模糊综合评价（M(·,⊕) 加权平均型算子）得到隶属度向量 B = ({b})（对应优/良/中/低/差）；"
                        f"按最大隶属度原则评价等级为“中”，加权得分 {apa.num(f.score, 2)}。",
                        "模糊评价中每个选项即对应一个等级（五点量表的 3 为“中”）",
                        f"移情性得分最高（M = {apa.num(dims['EMP'].mean(), 2)}",
                        f"可靠性最低（M = {apa.num(dims['REL'].mean(), 2)}"],
            "zh-Hant": [f"的物流服務品質綜合分數 M = {apa.num(m, 2)}（SD = {apa.num(sd, 2)}），95% CI {ci}，等級為「低」"
                        f"（優 [85, 100]，良 [75, 85)",
                        f"隸屬度向量 B = ({b})（對應優/良/中/低/差）；按最大隸屬度原則評價等級為「中」",
                        f"關懷性分數最高（M = {apa.num(dims['EMP'].mean(), 2)}"]}
    for lang in LANGS:
        text = _section(results, lang)
        for piece in want[lang]:
            assert piece in text, (lang, piece)


def test_segments_paragraph(results, run):
    counts = DATA.loc[run.scores[run.system.root].notna().to_numpy(), "PLATFORM"].value_counts()   # ranked on these
    t = run.ranking["topsis"].table().sort_values("rank")
    order_en = " > ".join(f"{run.segment_label(a, 'en')} (C = {apa.unit(c)})" for a, c in zip(t["alternative"], t["C"]))
    order_zh = "> ".join(f"{run.segment_label(a, 'zh-Hans')}（C = {apa.unit(c)}）" for a, c in
                          zip(t["alternative"], t["C"]))
    assert t["alternative"].iloc[0] == "5"                      # Douyin first
    text = _section(results, "en")
    assert f"(vector normalisation; Hwang & Yoon, 1981): {order_en}." in text
    g = run.ranking["grey_relational"].table().sort_values("rank")
    assert g["alternative"].iloc[0] == "1"                      # grey relational: Taobao first
    order_g = " > ".join(f"{run.segment_label(a, 'en')} (γ = {apa.unit(c)})" for a, c in zip(g["alternative"],
                                                                                           g["grade"]))
    assert f"Grey relational analysis (ρ = 0.5; Deng, 1982) ranks Taobao first instead: {order_g}." in text
    assert (f"AliExpress (n = {counts[6]}), Amazon (n = {counts[7]}), and Other (n = {counts[8]}) had fewer than 30 "
            "respondents with an index score and were not ranked.") in text
    sens = run.ranking["topsis_sensitivity"].summary           # 39 of 40 perturbations keep Douyin first
    assert sens["n_perturbations"] == 40 and sens["share_top_unchanged"] == sens["share_order_unchanged"] == 39 / 40
    assert "(40 perturbations) changed the TOPSIS ranking once and its first place once, the grey relational " \
           "ranking 0 times and its first place 0 times." in text
    assert "Across the 8 segments of “The online shopping platform you use most”" in text
    zh = _section(results, "zh-Hans")
    assert f"（向量归一化；Hwang & Yoon, 1981）：{order_zh}。" in zh
    assert f"速卖通（n = {counts[6]}）、亚马逊（n = {counts[7]}）、其他（n = {counts[8]}）有总指数得分的受访者少于 30 人，未参与排序。" in zh
    assert "共 40 次扰动" in zh and "在按“您最常使用的网购平台”划分的 8 个分组中" in zh
    hant = _section(results, "zh-Hant")
    assert "速賣通（n = " in hant and "灰色關聯分析（ρ = 0.5；Deng, 1982）則以淘寶居首" in hant
    # the segment with the highest and the lowest index (whatever its size)
    means = {s: run.scores.loc[DATA["PLATFORM"].astype(str) == s, "LSQ"].dropna() for s in run.segments}
    top = max(means, key=lambda s: means[s].mean())
    assert f"highest for {run.segment_label(top, 'en')} (M = {apa.num(means[top].mean(), 2)}, n = {len(means[top])})" in text


def test_every_number_is_the_blocks(results):
    """Each number in the paragraphs is one of the block's numbers as APA prints it (or a count)."""
    from test_report_pls import _numbers

    allowed = set()
    for x in _numbers(results["evaluation"]):
        allowed |= {apa.num(x, 2), apa.num(x, 3), apa.unit(x, 3), apa.num(x, 1), apa.num(x, 0)}
    for lang in LANGS:
        text = re.sub(r"(?<=, )(?:19|20)\d{2}(?=[)；;）])", "", _section(results, lang))    # citation years
        for tok in re.findall(r"(?<![\w.])[−-]?\d*\.?\d+(?![\w])", text):
            tok = tok.replace("-", "−")
            if tok.isdigit() and int(tok) <= 500:
                continue                                  # counts, levels, percentages of the perturbation
            assert tok in allowed, (lang, tok)


def _ahp_books(seed_values):
    from research.evaluation import load_system
    system = load_system("lsq5-index")
    books = []
    for values in seed_values:
        book = {}
        for node, kids in system.ahp_nodes().items():
            w = np.array(values[: len(kids)], dtype=float)
            book[node] = pd.DataFrame(w[:, None] / w[None, :], index=kids, columns=kids)
        books.append(book)
    return books


def test_ahp_consistency_sentences():
    # one expert, the root's matrix made inconsistent by one judgement
    books = _ahp_books([[5, 4, 3, 2, 1]])
    m = books[0]["LSQ"].copy()
    m.loc["ECO", "EMP"], m.loc["EMP", "ECO"] = 1 / 5, 5.0
    books[0]["LSQ"] = m
    res = evaluate(DATA, "lsq5-index", weights="ahp", ahp=books[0])
    d = {"n": len(DATA), "evaluation": json.loads(json.dumps(res.to_dict()))}
    a = res.ahp["LSQ"]
    assert a.cr >= 0.10 and {a.most_inconsistent["row"], a.most_inconsistent["column"]} == {"ECO", "EMP"}
    w = a.most_inconsistent
    names = {"ECO": "Economy", "EMP": "Empathy"}
    text = _section(d, "en")
    assert (f"The judgement matrix of Logistics service quality was not consistent (CR = {apa.num(a.cr, 3)} ≥ 0.10); "
            f"the judgement that contributes most to the inconsistency is {names[w['row']]} compared with "
            f"{names[w['column']]}") in text
    assert "(AHP; Saaty, 1980; principal eigenvector)" in text
    zh = _section(d, "zh-Hans")
    assert f"物流服务质量的判断矩阵未通过一致性检验（CR = {apa.num(a.cr, 3)} ≥ 0.10）" in zh
    refs = [s for s in results_text(d, "en") if s["key"] == "process_references"][0]["paragraphs"]
    assert [r.split(" (")[0] for r in refs] == ["Saaty, T. L.", "Saaty, T. L."]


def test_group_ahp_sentences():
    books = _ahp_books([[5, 4, 3, 2, 1], [4, 4, 3, 2, 2], [6, 3, 3, 1, 1]])
    res = evaluate(DATA, "lsq5-index", weights="ahp", ahp=books)
    d = {"n": len(DATA), "evaluation": json.loads(json.dumps(res.to_dict()))}
    crs = [r.cr for g in res.ahp.values() for r in g.experts if r.n > 2]
    assert len(crs) == 18 and max(crs) < 1e-9                  # consistent by construction
    text = _section(d, "en")
    assert ("from 3 experts' judgements, aggregated by the weighted geometric mean of their judgements (AIJ; Forman & "
            "Peniwati, 1998)") in text
    assert "All 6 judgement matrices were consistent" in text
    assert "Of the experts' 18 matrices, 0 had CR ≥ 0.10" in text
    hant = _section(d, "zh-Hant")
    assert "3 位專家的判斷矩陣以加權幾何平均集結（AIJ；Forman & Peniwati, 1998）" in hant
    refs = [s for s in results_text(d, "en") if s["key"] == "process_references"][0]["paragraphs"]
    assert any(r.startswith("Forman, E., & Peniwati, K. (1998)") for r in refs)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", LANGS)
def test_report_holds_the_section_tables_and_references(results, run, lang, fmt):
    out = report(results, language=lang, format=fmt, figures=False)
    text, rows = _plain(out, fmt)
    esc = tex_escape if fmt == "tex" else (lambda s: s)
    flat = re.sub(r"\s+", " ", text)
    for needle in (HEADING[lang], REFS[lang], "Hwang, C.-L., & Yoon, K. (1981)", "Deng, J.-L. (1982)"):
        assert esc(needle) in flat, (lang, fmt, needle)
    # the index's row of the scores table: name, n, M, SD, CI, grade
    s = run.scores["LSQ"].dropna()
    half = stats.t.ppf(0.975, len(s) - 1) * s.std(ddof=1) / np.sqrt(len(s))
    name = {"en": "Logistics service quality", "zh-Hans": "物流服务质量", "zh-Hant": "物流服務品質"}[lang]
    grade = {"en": "Poor", "zh-Hans": "低", "zh-Hant": "低"}[lang]
    row = [name, str(len(s)), apa.num(s.mean(), 2), apa.num(s.std(ddof=1), 2),
           f"[{apa.num(s.mean() - half, 2)}, {apa.num(s.mean() + half, 2)}]", grade]
    assert any(r[:6] == [esc(c) for c in row] for r in rows), (lang, fmt)
    douyin = {"en": "Douyin", "zh-Hans": "抖音", "zh-Hant": "抖音"}[lang]
    t = run.ranking["topsis"].table().set_index("alternative").loc["5"]
    n5 = int(((DATA["PLATFORM"] == 5) & run.scores["LSQ"].notna()).sum())       # Douyin's respondents with a score
    assert n5 == 40 and run.ranking["n"]["5"] == n5
    assert any(r[:2] == [douyin, str(n5)] and apa.unit(t["C"]) in r for r in rows), (lang, fmt)
    assert not re.search(r"\b(None|nan|NaN|null)\b", text)
    if lang != "en" and fmt != "tex":
        lines = [line for line in text.splitlines() if line.strip() and not re.search(r"\((?:19|20)\d{2}\)\. ", line)]
        bad = [f"{p}: {line[:160]!r}" for line in lines for p in problems(_without_data(line), lang)]
        assert not bad, "\n".join(dict.fromkeys(bad))


def test_tables_are_numbered_and_titled(results):
    html = report(results, language="en", format="html", figures=False)
    captions = re.findall(r'<p class="caption">Table (\d+)</p>\s*<p class="title">([^<]*)</p>', html)
    assert [int(n) for n, _ in captions] == list(range(1, len(captions) + 1))
    assert [t for _, t in captions] == [
        "E-commerce logistics service quality index (LSQ-5): Indicators and Weights",
        "Indicator Scores (0–100) and Grades", "Scores of the Index and Its First-Level Indicators by Segment",
        "Fuzzy Comprehensive Evaluation, Operator M(·,⊕) (weighted average)",
        "Fuzzy Comprehensive Evaluation of the Index by Segment",
        "TOPSIS and Grey Relational Ranking of the Segments",
        "Sensitivity of the Rankings to ±10% Changes of Each Weight"]


def test_without_the_block_no_section_table_or_reference(results):
    plain = {k: v for k, v in results.items() if k != "evaluation"}
    for lang in LANGS:
        keys = [s["key"] for s in results_text(plain, lang)]
        assert "evaluation" not in keys and "process_references" not in keys
        out = report(plain, language=lang, format="md", figures=False)
        assert HEADING[lang] not in out and REFS[lang] not in out and "TOPSIS" not in out
    # a block without a system is not an evaluation block
    broken = {**plain, "evaluation": {"n": 3}}
    assert "evaluation" not in [s["key"] for s in results_text(broken, "en")]


def test_the_evaluation_figures_are_in_the_report(results):
    from research.report import report_figures

    for lang, titles in (("en", ["Evaluation Index System with Global Weights",
                                 "Scores of the First-Level Indicators by Segment", "TOPSIS Closeness of the Segments"]),
                         ("zh-Hant", ["評價指標體系及綜合權重", "各分組一級指標分數", "各分組的 TOPSIS 貼近度"])):
        figs = report_figures(results, lang)
        assert [f.key for f in figs] == ["evaluation_tree", "evaluation_radar", "evaluation_ranking"]
        assert [f.title for f in figs] == titles and [f.number for f in figs] == [1, 2, 3]
        assert all(f.png.startswith(b"\x89PNG") for f in figs)
    html = report(results, language="en", format="html")
    assert html.count("<figure>") == 3 and "Figure 3" in html
    plain = {k: v for k, v in results.items() if k != "evaluation"}
    assert report_figures(plain, "en") == []
    # without segments: the tree alone
    one = evaluate(DATA, "lsq5-index", weights="equal")
    assert [f.key for f in report_figures({"n": len(DATA), "evaluation": one.to_dict()}, "en")] == ["evaluation_tree"]
