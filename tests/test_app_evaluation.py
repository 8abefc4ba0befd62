"""The app's evaluation index page (issue 17, point 6), driven by Streamlit's AppTest on the bundled sample study:

* the page in each language: its heading, the shipped index systems by their titles, steps 1–3 and the results
  tabs, every text clean for its language (the checker of tests/test_translations.py); the headline numbers
  (index score, CI, grade) those of ``research.evaluation.evaluate`` with the system's own (equal) weights on the
  sample screened as ``research.analyze`` screens it, answers as given — made here from the toolkit's parts;
* entropy weights with the platform as segments: the results.json download, the scores CSV, the weights and the
  TOPSIS closeness shown on the page all equal a direct ``evaluate`` call; the platforms named by the
  questionnaire; a switch to zh-Hant relabels the page (權重, 淘寶, the tabs) with the same numbers;
* three experts' AHP workbooks (written by ``ahp_workbook``, filled with openpyxl here): uploading them turns the
  weights to AHP; the group weights (AIJ) of the items equal the hand-computed geometric-mean priorities
  (4^⅓ : 6^⅓ : 6^⅓ : 4^⅓); each expert's CR is listed and expert 3's inconsistent matrix of the five dimensions
  is flagged with its most inconsistent judgement; AIP gives the direct call's numbers too;
* the e-commerce system (expert-scored leaves) on the survey sample: the engine's missing-column message in the
  language and the 30 expected columns listed; on an uploaded expert table (grades and scores, hand-computable
  index 80.00, grade 良) the numbers shown;
* an invalid uploaded system YAML and an invalid workbook: the toolkit's message in each language, no traceback.
"""
from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import research
from conftest import ROOT
from research.evaluation import evaluate, load_system
from research.evaluation.ahp import _FIRST_COL, _HEADER_ROW, ahp_workbook, read_ahp_workbook
from research.evaluation import tables as etab
from research.report import apa
from research.ui_text import t
from test_app import _csv_file, _shown_text, _widget, files  # noqa: F401 — files: fixture
from test_translations import problems

APP = str(ROOT / "app.py")
SAMPLE = ROOT / "datasets" / "lsq5_wjx_gbk.csv"
LANGS = ("zh-Hans", "zh-Hant", "en")


def _page(lang: str = "zh-Hans", **state) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=300)
    at.session_state["lang"] = lang
    at.session_state["view"] = "evaluation"
    for k, v in state.items():
        at.session_state[k] = v
    return at.run()


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    """The sample as the page evaluates it, made here from the toolkit's parts: the responses research.analyze
    keeps after its default screening, the answers as given (REL4 not recoded) and the segment answers."""
    from research.screening import screen

    q = research.load_questionnaire("lsq5")
    kept = screen(research.load_responses(SAMPLE, q)).kept
    return pd.concat([kept.answers, kept.segments[[c for c in kept.segments if c not in kept.answers]]], axis=1)


def _texts(at) -> list[str]:
    parts = [m.value for m in at.main.markdown] + [c.value for c in at.main.caption] + [
        h.value for h in at.main.header] + [s.value for s in at.main.subheader] + [e.value for e in at.error] + [
        i.value for i in at.info] + [w.value for w in at.warning] + [m.label for m in at.main.metric]
    parts += [w.label for kind in ("selectbox", "radio", "button", "number_input") for w in at.main.get(kind)]
    parts += [o for kind in ("selectbox", "radio") for w in at.main.get(kind) for o in w.options]
    parts += [tab.label for tab in at.tabs]
    return [_shown_text(p) for p in parts if p]


def _cells(at) -> set[str]:
    return {str(v) for df in at.main.dataframe for v in df.value.to_numpy().ravel()}


def _headers(at) -> set[str]:
    return {str(c) for df in at.main.dataframe for c in df.value.columns}


def _metrics(at) -> dict:
    return {m.label: m.value for m in at.main.metric}


def _block(files) -> dict:
    return json.loads(files["evaluation.json"])["evaluation"]


def _same_block(got: dict, direct) -> None:
    """The download's numbers are the direct call's: weights, summaries (overall and per segment), fuzzy B."""
    want = json.loads(json.dumps(direct.to_dict(), allow_nan=False))
    gw, ww = pd.DataFrame(got["weights"]), pd.DataFrame(want["weights"])
    assert list(gw["node"]) == list(ww["node"])
    for col in ("weight", "global_weight"):
        assert gw[col].to_numpy(dtype=float) == pytest.approx(ww[col].to_numpy(dtype=float), rel=1e-12, abs=1e-15)
    gs, ws = pd.DataFrame(got["summary"]), pd.DataFrame(want["summary"])
    assert list(gs["node"]) == list(ws["node"]) and list(gs["segment"]) == list(ws["segment"])
    for col in ("n", "mean", "sd", "ci_low", "ci_high"):
        assert gs[col].to_numpy(dtype=float) == pytest.approx(ws[col].to_numpy(dtype=float), rel=1e-12, nan_ok=True)
    assert list(gs["grade"]) == list(ws["grade"])
    for key, f in want["fuzzy"].items():
        for a, b in zip(got["fuzzy"][key]["nodes"], f["nodes"]):
            assert a["node"] == b["node"] and a["B"] == pytest.approx(b["B"], abs=1e-12)


# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_the_page_in_each_language(lang, frame):
    at = _page(lang)
    assert not at.exception and not at.error
    assert [h.value for h in at.main.header] == [t("eval_title", lang), t("eval_results", lang)]
    assert [s.value for s in at.main.subheader] == [t(k, lang) for k in ("eval_system", "eval_experts",
                                                                        "eval_settings")]
    box = at.selectbox(key=f"eval_system@{lang}")
    assert box.value == "template:lsq5-index"
    assert box.options == [t("eval_system_template", lang, title=load_system(n).title_in(lang), name=n)
                           for n in ("ecommerce-model", "lsq5-index")] + [t("eval_system_upload", lang),
                                                                          t("eval_system_alternatives", lang)]
    assert [tab.label for tab in at.tabs] == [t(k, lang) for k in ("eval_tab_weights", "eval_tab_scores",
                                                                  "eval_tab_fuzzy", "eval_tab_ranking",
                                                                  "eval_tab_downloads")]
    # the system's own weights: every indicator's children equal (lsq5-index has no weights of its own)
    direct = evaluate(frame, "lsq5-index")
    top = direct.overall
    assert direct.n == 460 and top["n"] == 460 - int(frame[[c for c in frame if c[:3] in (
        "ECO", "RES", "FLE", "REL", "EMP")]].isna().any(axis=1).sum())
    m = _metrics(at)
    assert m[t("eval_m_score", lang)] == apa.num(top["mean"], 2)
    assert m[t("eval_m_ci", lang, level="95%")] == f"[{apa.num(top['ci_low'], 2)}, {apa.num(top['ci_high'], 2)}]"
    assert m[t("eval_m_grade", lang)] == next(g.name(lang) for g in direct.system.grades if g.zh_hans == top["grade"])
    assert t("eval_data_items", lang, kept=460, n=500, excluded=40) in [c.value for c in at.main.caption]
    found = {s: problems(s, lang) for s in _texts(at)}
    assert not {s: p for s, p in found.items() if p}


def test_entropy_by_platform_equals_evaluate(files, frame):
    at = _page("en", eval_weights="entropy", eval_group="PLATFORM")
    assert not at.exception and not at.error
    direct = evaluate(frame, "lsq5-index", weights="entropy", group="PLATFORM")
    got = _block(files)
    _same_block(got, direct)
    assert got["method"] == "entropy" and got["group"] == "PLATFORM" and got["n"] == 460
    assert len(json.loads(files["evaluation.json"])["excluded"]) == 40
    # every respondent's scores at full precision
    scores = _csv_file(files, "evaluation_scores.csv")
    assert len(scores) == 460 and list(scores.columns[:3]) == ["row", "respondent", "PLATFORM"]
    assert scores[list(direct.scores.columns)].to_numpy() == pytest.approx(direct.scores.to_numpy(), abs=1e-9,
                                                                           nan_ok=True)
    # the page: headline, entropy weights of the dimensions (3 decimals), closeness C, platforms by name
    top = direct.overall
    assert _metrics(at)[t("eval_m_score", "en")] == apa.num(top["mean"], 2)
    cells = _cells(at)
    w = direct.weights.set_index("node")
    for dim in ("ECO", "RES", "FLE", "REL", "EMP"):
        assert apa.unit(w.loc[dim, "weight"], 3) in cells, dim
    closeness = direct.ranking["topsis"].closeness
    for seg, c in closeness.items():
        assert apa.unit(c, 3) in cells
    for name in ("Taobao", "Tmall", "JD.com"):
        assert name in cells
    assert "Entropy weights" in " ".join(_texts(at)) or any("entropy" in c for c in cells)
    # the display tables are research.evaluation.tables' (what the report prints), their CSVs at full precision
    weights_csv = _csv_file(files, "evaluation_system.csv")
    nodes = list(direct.system.nodes)[1:]                  # tree order, the goal (no weight) first
    assert weights_csv["Local weight"].to_numpy()[1:] == pytest.approx(w.loc[nodes, "weight"].to_numpy(), abs=1e-12)
    assert weights_csv["Global weight"].to_numpy()[1:] == pytest.approx(w.loc[nodes, "global_weight"].to_numpy(),
                                                                        abs=1e-12)
    ranking = _csv_file(files, "evaluation_ranking.csv")
    assert sorted(ranking["C"].to_numpy()) == pytest.approx(sorted(closeness.to_numpy()), abs=1e-12)
    for fig in ("tree", "radar", "grade_shares", "topsis", "grey"):
        assert files[f"evaluation_{fig}.png"][:8] == b"\x89PNG\r\n\x1a\n", fig
    book = pd.read_excel(io.BytesIO(files["evaluation.xlsx"]), sheet_name=None)
    assert {"weights", "scores", "summary", "fuzzy evaluation", "ranking", "sensitivity"} <= set(book)
    # a language switch keeps the run (served from the store) and shows it in Traditional Chinese
    at.sidebar.radio(key="lang").set_value("zh-Hant").run()
    assert not at.exception and not at.error
    assert [tab.label for tab in at.tabs][:2] == ["指標體系與權重", "分數與等級"]
    heads = _headers(at)
    assert "權重" in heads and "綜合權重" in heads and "等級" in heads
    cells = _cells(at)
    assert "淘寶" in cells and "京東" in cells and "熵權法" in cells
    assert apa.unit(w.loc["ECO", "weight"], 3) in cells
    assert _metrics(at)["綜合分數（0–100）"] == apa.num(top["mean"], 2)
    assert at.selectbox(key="eval_weights@zh-Hant").value == "entropy"
    found = {s: problems(s, "zh-Hant") for s in _texts(at)}
    assert not {s: p for s, p in found.items() if p}


# ----------------------------------------------------------------------------------------------
def _filled(matrices: dict) -> bytes:
    """The blank workbook of lsq5-index (ahp_workbook) with each node's upper triangle typed in."""
    from openpyxl import load_workbook

    system = load_system("lsq5-index")
    buf = io.BytesIO()
    ahp_workbook(system.ahp_nodes(), buf, names=system.display_names())
    book = load_workbook(io.BytesIO(buf.getvalue()))
    for sheet in book.worksheets:
        node = sheet["B2"].value
        upper = matrices[node]
        k = len(system.children(node))
        for i in range(k):
            for j in range(i + 1, k):
                sheet.cell(row=_HEADER_ROW + 1 + i, column=_FIRST_COL + j, value=upper(i, j))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _ratio(a: int, b: int) -> str:
    return str(a // b) if a % b == 0 else f"{a}/{b}"


def _experts() -> dict:
    """Expert 1: priorities k : k−1 : … : 1 everywhere; expert 2: 1 : 2 : … : k; expert 3: all equal, except
    the five dimensions, compared in a circle (ECO 9× RES, RES 9× FLE, but FLE 9× ECO): inconsistent."""
    system = load_system("lsq5-index")
    e1 = {n: (lambda k: lambda i, j: _ratio(k - i, k - j))(len(system.children(n))) for n in system.ahp_nodes()}
    e2 = {n: (lambda i, j: _ratio(i + 1, j + 1)) for n in system.ahp_nodes()}
    e3 = {n: (lambda i, j: 1) for n in system.ahp_nodes()}
    circle = {(0, 1): 9, (1, 2): 9, (0, 2): "1/9"}
    e3["LSQ"] = lambda i, j: circle.get((i, j), 1)
    return {"expert1.xlsx": _filled(e1), "expert2.xlsx": _filled(e2), "expert3.xlsx": _filled(e3)}


def test_three_experts_group_ahp(files, frame):
    experts = _experts()
    at = _page("zh-Hans", eval_group="PLATFORM")
    assert at.selectbox(key="eval_weights@zh-Hans").value == "system"
    at.file_uploader(key="eval_books").set_value(
        [(name, data, "application/octet-stream") for name, data in experts.items()])
    at.run()
    assert not at.exception and not at.error
    # uploading the workbooks turned the weights to AHP; several experts: AIJ by default
    assert at.selectbox(key="eval_weights@zh-Hans").value == "ahp"
    assert at.radio(key="eval_aggregate@zh-Hans").value == "judgements"
    books = {name: read_ahp_workbook(data) for name, data in experts.items()}
    direct = evaluate(frame, "lsq5-index", weights="ahp", ahp=books, group="PLATFORM")
    got = _block(files)
    _same_block(got, direct)
    assert json.loads(files["evaluation.json"])["evaluation"]["experts"] == list(experts)
    assert t("eval_run_info", "zh-Hans", n=460, valid=int(direct.overall["n"]), method="群组层次分析法（AIJ，3 位专家）",
             operator="M(·,⊕) 加权平均型", level="95%") in [_shown_text(c.value) for c in at.main.caption]
    # the items' group weights by hand: element-wise geometric mean of consistent matrices with priorities
    # (4, 3, 2, 1), (1, 2, 3, 4) and equal ones — priorities ∝ (4·1)^⅓ : (3·2)^⅓ : (2·3)^⅓ : (1·4)^⅓
    hand = np.cbrt([4.0, 6.0, 6.0, 4.0])
    hand /= hand.sum()
    w = pd.DataFrame(got["weights"]).set_index("node")["weight"]
    assert w[["ECO1", "ECO2", "ECO3", "ECO4"]].to_numpy(dtype=float) == pytest.approx(hand, abs=1e-9)
    cells = _cells(at)
    assert apa.unit(hand[0], 3) in cells and apa.unit(hand[1], 3) in cells
    # each expert's CR; expert 3's matrix of the five dimensions flagged with its most inconsistent judgement
    e3 = direct.ahp["LSQ"].experts[2]
    assert e3.cr >= 0.10 and not e3.consistent
    block = direct.to_dict()
    worst = etab.worst_judgement(block, block["ahp"]["LSQ"]["experts"]["expert3.xlsx"], "zh-Hans")
    assert worst
    flags = [_shown_text(w.value) for w in at.warning]
    assert t("eval_inconsistent", "zh-Hans", matrix=etab.node_name(block, "LSQ", "zh-Hans"),
             who=t("eval_who", "zh-Hans", expert="expert3.xlsx"), cr=f"{e3.cr:.3f}", worst=worst) in flags
    for e in direct.ahp["ECO"].experts:
        assert e.cr == pytest.approx(0, abs=1e-12)            # consistent by construction
    assert apa.num(e3.cr, 3) in cells and "未通过" in cells
    assert "expert3.xlsx" in cells
    # AIP: the individual priorities aggregated — again the direct call's numbers
    at.radio(key="eval_aggregate@zh-Hans").set_value("priorities").run()
    assert not at.exception and not at.error
    aip = evaluate(frame, "lsq5-index", weights="ahp", ahp=books, aggregate="priorities", group="PLATFORM")
    _same_block(_block(files), aip)
    assert _metrics(at)[t("eval_m_score", "zh-Hans")] == apa.num(aip.overall["mean"], 2)


# ----------------------------------------------------------------------------------------------
def test_an_expert_scored_system_says_which_columns_it_needs(files):
    at = _page("zh-Hant", eval_system="template:ecommerce-model")
    assert not at.exception
    system = load_system("ecommerce-model")
    from research.io.load import load_table

    table, _ = load_table(SAMPLE)
    with pytest.raises(research.errors.ResearchError) as raised:
        evaluate(table, system)
    for lang in ("zh-Hant", "en", "zh-Hans"):
        if lang != "zh-Hant":
            at.sidebar.radio(key="lang").set_value(lang).run()
        assert not at.exception
        assert [_shown_text(e.value) for e in at.error] == [t("error", lang, message=raised.value.message(lang))]
        listed = at.main.dataframe[0].value
        assert list(listed[t("eval_col_column", lang)]) == list(system.columns) and len(listed) == 30
        assert set(listed[t("eval_col_found", lang)]) == {t("eval_no", lang)}
        assert not at.main.metric
    blank = _csv_file(files, "ecommerce-model_data.csv")
    assert list(blank.columns) == list(system.columns) and len(blank) == 0


def test_an_uploaded_expert_table(frame):
    """Three experts: every indicator 优 (92.5), every indicator 80, every indicator 中 (67.5) — with weights summing
    to 1 each expert's index is that value, and the mean (92.5 + 80 + 67.5)/3 = 80.00, grade 良 [75, 85)."""
    system = load_system("ecommerce-model")
    rows = [dict.fromkeys(system.columns, "优"), dict.fromkeys(system.columns, 80), dict.fromkeys(system.columns, "中")]
    table = pd.DataFrame(rows)
    table.insert(0, "expert", ["A", "B", "C"])
    data = table.to_csv(index=False).encode("utf-8")
    at = _page("zh-Hans", eval_system="template:ecommerce-model")
    _widget(at, "radio", "source").set_value("upload").run()
    at.sidebar.file_uploader(key="upload").set_value(("experts.csv", data, "text/csv"))
    at.run()
    assert not at.exception and not at.error
    direct = evaluate(table, system)
    assert direct.overall["mean"] == pytest.approx(80.0, abs=1e-9) and direct.overall["grade"] == "良"
    m = _metrics(at)
    assert m[t("eval_m_score", "zh-Hans")] == "80.00" and m[t("eval_m_grade", "zh-Hans")] == "良"
    assert t("eval_data_table", "zh-Hans", file="experts.csv", n=3) in [_shown_text(c.value) for c in
                                                                      at.main.caption]
    # the stated weights in points as shares: 电子商务模式成熟度 20 of 100
    assert apa.unit(0.2, 3) in _cells(at)


# ----------------------------------------------------------------------------------------------
BAD_YAML = b"id: broken\nnodes:\n  - id: A\n    name: {en: A}\n  - id: B\n    parent: A\n"


def test_an_invalid_system_yaml_and_workbook_are_said_in_each_language():
    with pytest.raises(research.errors.ResearchError) as raised:
        load_system(BAD_YAML, name="mine.yaml")
    at = _page("zh-Hans", eval_system="upload")
    assert [i.value for i in at.info] == [t("eval_system_upload_first", "zh-Hans")]
    at.file_uploader(key="eval_yaml").set_value(("mine.yaml", BAD_YAML, "text/yaml"))
    at.run()
    for lang in LANGS:
        if lang != "zh-Hans":
            at.sidebar.radio(key="lang").set_value(lang).run()
        assert not at.exception
        errors = [_shown_text(e.value) for e in at.error]
        assert errors == [t("error", lang, message=raised.value.message(lang))]
        assert "mine.yaml" in errors[0] and "Traceback" not in errors[0] and not at.main.metric
    # a workbook that is no workbook: the reader's message naming the file, the page goes no further
    with pytest.raises(research.errors.ResearchError) as bad:
        read_ahp_workbook(b"not a workbook")
    at = _page("en")
    at.file_uploader(key="eval_books").set_value(("judgements.xlsx", b"not a workbook", "application/octet-stream"))
    at.run()
    for lang in ("en", "zh-Hant", "zh-Hans"):
        if lang != "en":
            at.sidebar.radio(key="lang").set_value(lang).run()
        assert not at.exception
        errors = [_shown_text(e.value) for e in at.error]
        assert len(errors) == 1 and "judgements.xlsx" in errors[0]
        bad.value.file = "judgements.xlsx"
        assert errors == [t("error", lang, message=bad.value.message(lang))]
        assert not at.main.metric
