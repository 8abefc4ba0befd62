"""Index weights derived from the questionnaire's model (issue 17 point 3): weights "sem" (standardised SEM total
effects on the satisfaction construct) and "lmg" (LMG shares of R² in the regression of satisfaction on the
dimension scores) for the nodes of an index system whose children are questionnaire constructs.

* which nodes qualify: the LSQ-5 index's root (its children ECO … EMP read the items of one construct each), not
  the dimensions (their children are items of one construct) nor a system without a questionnaire;
* the weights are checked independently on ``datasets/lsq5_sample.csv`` screened as research.analyze screens it:
  the total effects from research.sem's own fit of the questionnaire's model (fit_sem + effects, FIML as analyze
  chooses with missing answers), and LMG computed here by hand — the average gain in R² over all orders of the
  five dimensions, from the correlation matrix of the mean scores — and by research's LMG function; both
  normalised to sum 1.  ``research evaluate`` (the standard model fitted to the data) and ``research analyze``
  (its own SEM and driver analysis, no second fit) give exactly these weights, and analyze's satisfaction
  index uses the same SEM weights;
* nodes whose children are not constructs keep their own method (the items: equal); the weights table says
  which nodes got derived weights and from which model (SEM, estimator, N / LMG, N); results.json records the
  source, the outcome, the model, the values and the weights;
* a dimension with a negative total effect (its items scored the other way round) is refused with a message
  naming the dimension in three languages and suggesting LMG; its LMG weights are those of the data as they were
  (R² does not depend on the sign of a predictor); another outcome (LOY) can be named;
* the total effects (on SAT, and on LOY through SAT) and their weights equal lavaan's
  (``tests/reference/evaluation_derived.json``, made by ``evaluation_derived.R`` beside it);
* the CLI prints where the weights come from (the standard model, N); the app offers SEM/LMG for the survey
  with the LSQ-5 questionnaire, shows where the weights come from and computes the same weights.
"""
from __future__ import annotations

import contextlib
import io
import itertools
import json

import numpy as np
import pandas as pd
import pytest

import research
from conftest import ROOT
from research.evaluation import load_system
from research.evaluation.study import (DERIVED_SOURCES, construct_children, default_outcome, derived_available,
                                       evaluation_study, model_weights)
from research.errors import ResearchError
from test_app import files  # noqa: F401 — files: fixture
from test_translations import problems

SAMPLE = ROOT / "datasets" / "lsq5_sample.csv"
WJX = ROOT / "datasets" / "lsq5_wjx_gbk.csv"
DIMS = ("ECO", "RES", "FLE", "REL", "EMP")
LANGS = ("zh-Hans", "zh-Hant", "en")


@pytest.fixture(scope="module")
def kept():
    """The sample as research.analyze keeps it (default screening), items recoded, and as given."""
    from research.screening import screen

    q = research.load_questionnaire("lsq5")
    k = screen(research.load_responses(SAMPLE, q)).kept
    given = pd.concat([k.answers, k.segments[[c for c in k.segments if c not in k.answers]]], axis=1)
    return q, k.items, given


@pytest.fixture(scope="module")
def independent(kept):
    """Total effects on SAT (research.sem's fit of the questionnaire's model) and LMG by hand, normalised."""
    from research.effects import effects
    from research.measurement import Structure, mean_scores
    from research.sem import fit_sem, parse_model

    q, items, _ = kept
    model = parse_model(q.lavaan())
    assert items.isna().to_numpy().any()                       # answers missing: analyze fits by FIML
    fit = fit_sem(model, items, estimator="ML", missing="fiml", start="simple")
    e = effects(fit)
    total = e[(e["type"] == "total") & (e["to"] == "SAT")].set_index("from")["std"]
    sem = {d: total[d] / sum(total[x] for x in DIMS) for d in DIMS}

    scores = mean_scores(items, Structure.from_model(model))[[*DIMS, "SAT"]].dropna()
    R = np.corrcoef(scores.to_numpy(dtype=float), rowvar=False)

    def r2(sub):
        if not sub:
            return 0.0
        idx = list(sub)
        rxx, rxy = R[np.ix_(idx, idx)], R[idx, 5]
        return float(rxy @ np.linalg.solve(rxx, rxy))

    gains = {d: [] for d in range(5)}
    for order in itertools.permutations(range(5)):            # LMG: mean gain in R² over all 120 orders
        before: tuple = ()
        for d in order:
            gains[d].append(r2(before + (d,)) - r2(before))
            before = before + (d,)
    lmg = {DIMS[d]: float(np.mean(g)) for d, g in gains.items()}
    lmg_total = sum(lmg.values())
    assert lmg_total == pytest.approx(r2(tuple(range(5))), abs=1e-12)
    return {"sem": sem, "lmg": {d: v / lmg_total for d, v in lmg.items()}, "n_sem": fit.n, "n_lmg": len(scores),
            "r2": lmg_total, "lmg_raw": lmg}


@pytest.fixture(scope="module")
def analysed():
    """research analyze with the evaluation's weights from its own SEM (with a small bootstrap, so the effects
    table is the bootstrap's) and from its own driver analysis."""
    out = {}
    for source, boot in (("sem", 20), ("lmg", 0)):
        out[source] = research.analyze(SAMPLE, questionnaire="lsq5", bootstrap=boot, seed=1,
                                       evaluation={"system": "lsq5-index", "weights": source})
    return out


def _dims(block_or_weights) -> dict:
    rows = block_or_weights["weights"] if isinstance(block_or_weights, dict) else \
        block_or_weights.to_dict(orient="records")
    return {r["node"]: r for r in rows if r["node"] in DIMS}


# ----------------------------------------------------------------------------------------------
def test_nodes_of_constructs():
    system = load_system("lsq5-index")
    assert construct_children(system) == {"LSQ": {d: d for d in DIMS}}
    assert default_outcome(system.questionnaire) == "SAT" and derived_available(system)
    assert construct_children(load_system("ecommerce-model")) == {}
    assert not derived_available(load_system("ecommerce-model"))
    with pytest.raises(ResearchError) as err:
        evaluation_study(SAMPLE, "ecommerce-model", weights="sem")
    assert "constructs" in err.value.message("en") and "构念" in err.value.message("zh-Hans")
    assert "…" not in err.value.message("en")
    assert "構念" in err.value.message("zh-Hant") and "another weight method" in err.value.message("en")


@pytest.mark.parametrize("source", DERIVED_SOURCES)
def test_evaluate_weights_equal_the_independent_numbers(source, kept, independent):
    """research evaluate's path (the questionnaire's standard model on the screened answers as given)."""
    study = evaluation_study(SAMPLE, "lsq5-index", weights=source)
    want = independent[source]
    assert study.derived.given["LSQ"] == pytest.approx(want, rel=1e-9)
    dims = _dims(study.result.weights)
    assert {d: dims[d]["weight"] for d in DIMS} == pytest.approx(want, rel=1e-9)
    n = independent["n_sem" if source == "sem" else "n_lmg"]
    assert n == 460
    label = "SEM, ML, N = 460" if source == "sem" else "LMG, N = 460"
    assert {dims[d]["method"] for d in DIMS} == {"given"} and {dims[d]["source"] for d in DIMS} == {f"given ({label})"}
    # the items of each dimension keep the system's own (equal) weights
    w = study.result.weights.set_index("node")
    assert w.loc["ECO1", "method"] == "equal" and w.loc["ECO1", "weight"] == pytest.approx(0.25)
    # the index score is Σ w·I over the dimensions' scores
    s = study.result.scores.dropna()
    assert s["LSQ"].to_numpy() == pytest.approx(sum(want[d] * s[d] for d in DIMS).to_numpy(), abs=1e-9)
    d = json.loads(study.to_json())
    ev = d["evaluation"]
    assert ev["method"] == source and ev["derived"]["source"] == source and ev["derived"]["outcome"] == "SAT"
    assert ev["derived"]["origin"] == "standard" and ev["derived"]["model"]["n"] == 460
    assert ev["derived"]["weights"]["LSQ"] == pytest.approx(want, rel=1e-9)
    assert d["meta"]["spec"]["weights"] == source
    if source == "lmg":
        assert ev["derived"]["values"]["LSQ"] == pytest.approx(independent["lmg_raw"], rel=1e-9)
        assert ev["derived"]["model"]["r2"]["LSQ"] == pytest.approx(independent["r2"], rel=1e-12)
    else:
        assert ev["derived"]["model"]["estimator"] == "ML" and ev["derived"]["model"]["missing"] == "fiml"
    for lang in LANGS:
        text = ev["derived"]["text"][lang]
        assert "N = 460" in text and not problems(text, lang), text
    assert "顧客滿意度" in ev["derived"]["text"]["zh-Hant"] and "lsq5" in ev["derived"]["text"]["en"]


@pytest.mark.parametrize("source", DERIVED_SOURCES)
def test_analyze_takes_the_weights_from_its_own_model(source, analysed, independent):
    res = analysed[source]
    ev = res.evaluation
    want = independent[source]
    assert ev["method"] == source and ev["derived"]["origin"] == "analysis"
    assert {d: r["weight"] for d, r in _dims(ev).items()} == pytest.approx(want, rel=1e-9)
    d = res.to_dict()
    if source == "sem":
        # the total effects results.json reports (the bootstrap's table), normalised
        total = {r["from"]: r["std"] for r in d["sem"]["effects"] if r["type"] == "total" and r["to"] == "SAT"} \
            if isinstance(d.get("sem"), dict) and "effects" in d["sem"] else \
            res.effects[(res.effects["type"] == "total") & (res.effects["to"] == "SAT")].set_index("from")["std"]
        assert {k: total[k] / sum(total[x] for x in DIMS) for k in DIMS} == pytest.approx(ev["derived"]["weights"]["LSQ"],
                                                                                         rel=1e-12)
        assert d["index"]["weights"] == pytest.approx(ev["derived"]["weights"]["LSQ"], rel=1e-12)
        assert ev["derived"]["model"]["n"] == 460 and ev["derived"]["given_source"] == "SEM, ML, N = 460"
    else:
        shares = {r["driver"]: r["lmg_share"] for r in d["drivers"]["overall"]["drivers"]}
        assert shares == pytest.approx(ev["derived"]["weights"]["LSQ"], rel=1e-12)
        assert ev["derived"]["model"]["r2"]["LSQ"] == pytest.approx(d["drivers"]["overall"]["r2"], rel=1e-12)
    assert "本次分析的模型" in ev["derived"]["text"]["zh-Hans"]


def test_a_negative_effect_is_refused_naming_the_dimension(kept, independent):
    _, _, given = kept
    flipped = given.assign(**{f"ECO{k}": 6 - given[f"ECO{k}"] for k in range(1, 5)})
    system = load_system("lsq5-index")
    with pytest.raises(ResearchError) as err:
        model_weights(flipped, system, "sem")
    msg = {lang: err.value.message(lang) for lang in LANGS}
    assert "Economy" in msg["en"] and "negative" in msg["en"] and "--weights lmg" in msg["en"] and "…" not in msg["en"]
    assert "经济性" in msg["zh-Hans"] and "为负" in msg["zh-Hans"] and "LMG" in msg["zh-Hans"]
    assert "經濟性" in msg["zh-Hant"] and "為負" in msg["zh-Hant"] and "熵權法" in msg["zh-Hant"]
    assert "顧客滿意度" in msg["zh-Hant"] and "Customer satisfaction" in msg["en"]
    for lang in LANGS:
        assert not problems(msg[lang], lang), msg[lang]
    # LMG does not depend on the sign of a predictor: the weights of the data as they were
    assert model_weights(flipped, system, "lmg").given["LSQ"] == pytest.approx(independent["lmg"], rel=1e-9)


def test_sem_weights_equal_lavaan(kept):
    """tests/reference/evaluation_derived.json (evaluation_derived.R beside it: lavaan 0.6-14, FIML, polished to a
    gradient of ~1e-16): the standardised total effects on SAT and on LOY (via SAT) and the weights they give."""
    q, items, given = kept
    ref_dir = ROOT / "tests" / "reference"
    ref = json.loads((ref_dir / "evaluation_derived.json").read_text(encoding="utf-8"))
    frame = pd.read_csv(ref_dir / "evaluation_derived_lsq5.csv")
    assert list(frame.columns) == [i.id for c in q.constructs for i in c.items]
    assert frame.to_numpy() == pytest.approx(items[list(frame.columns)].to_numpy(dtype=float), nan_ok=True)
    system = load_system("lsq5-index")
    for outcome in ("SAT", "LOY"):
        dw = model_weights(given, system, "sem", outcome=outcome)
        assert dw.model["n"] == ref["n"] == 460
        assert dw.values["LSQ"] == pytest.approx(ref[f"total_{outcome}"], abs=1e-9)
        assert dw.given["LSQ"] == pytest.approx(ref[f"weights_{outcome}"], abs=1e-9)


def test_another_outcome_and_a_wrong_one(kept):
    _, items, given = kept
    system = load_system("lsq5-index")
    loy = model_weights(given, system, "sem", outcome="LOY")
    from research.effects import effects
    from research.sem import fit_sem, parse_model

    fit = fit_sem(parse_model(system.questionnaire.lavaan()), items, estimator="ML", missing="fiml", start="simple")
    e = effects(fit)
    total = e[(e["type"] == "total") & (e["to"] == "LOY")].set_index("from")["std"]
    assert loy.given["LSQ"] == pytest.approx({d: total[d] / sum(total[x] for x in DIMS) for d in DIMS}, rel=1e-9)
    assert loy.outcome == "LOY" and "Customer loyalty" in loy.description(system, "en")
    with pytest.raises(ResearchError) as err:
        model_weights(given, system, "lmg", outcome="XYZ")
    assert "SAT" in err.value.message("en") and "构念" in err.value.message("zh-Hans")
    with pytest.raises(ResearchError) as err:
        model_weights(given, system, "lmg", outcome="ECO")
    assert "Economy" in err.value.message("en") and "經濟性" in err.value.message("zh-Hant")


def test_cli_says_where_the_weights_come_from(tmp_path, independent):
    from research.cli import main

    out = tmp_path / "ev"
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        code = main(["evaluate", str(SAMPLE), "--system", "lsq5-index", "--weights", "lmg", "--out", str(out),
                     "--lang", "zh-Hant"])
    assert code == 0
    printed = buf.getvalue()
    assert "權重：LMG 的 R² 份額" in printed and "問卷 lsq5 的標準模型" in printed and "N = 460" in printed
    d = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert d["evaluation"]["method"] == "lmg"
    assert d["evaluation"]["derived"]["weights"]["LSQ"] == pytest.approx(independent["lmg"], rel=1e-9)
    assert not problems(printed.split("\n")[1], "zh-Hant")


# ----------------------------------------------------------------------------------------------
def test_the_app_offers_and_uses_derived_weights(files):
    from streamlit.testing.v1 import AppTest

    from research.ui_text import t

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.session_state["lang"] = "zh-Hant"
    at.session_state["view"] = "evaluation"
    at.run()
    assert not at.exception and not at.error
    box = at.selectbox(key="eval_weights@zh-Hant")
    assert box.options[-2:] == [t("eval_w_sem", "zh-Hant"), t("eval_w_lmg", "zh-Hant")]
    box.set_value("sem").run()
    assert not at.exception and not at.error
    direct = evaluation_study(WJX, "lsq5-index", weights="sem")
    block = json.loads(files["evaluation.json"])["evaluation"]
    assert block["method"] == "sem" and block["derived"]["origin"] == "standard"
    assert block["derived"]["weights"]["LSQ"] == pytest.approx(direct.derived.given["LSQ"], rel=1e-12)
    captions = [c.value for c in at.main.caption]
    shown = next(c for c in captions if c.startswith("權重來源："))
    assert direct.derived.description(direct.result.system, "zh-Hant") in shown
    assert any("問卷構念" in c and "顧客滿意度" in c for c in captions)
    for c in captions:
        assert not problems(c, "zh-Hant"), c
    at.selectbox(key="eval_weights@zh-Hant").set_value("lmg").run()
    assert not at.exception and not at.error
    block = json.loads(files["evaluation.json"])["evaluation"]
    lmg = evaluation_study(WJX, "lsq5-index", weights="lmg")
    assert block["method"] == "lmg"
    assert block["derived"]["weights"]["LSQ"] == pytest.approx(lmg.derived.given["LSQ"], rel=1e-12)


@pytest.mark.parametrize("source", DERIVED_SOURCES)
def test_the_report_says_where_the_weights_come_from(source, analysed):
    """The report's evaluation section names the model behind the weights (not "given from outside"), and cites
    LMG's source in the section's references."""
    from research.report.text import results_text

    d = analysed[source].to_dict()
    want = {"sem": {"en": "The weights were derived from the standardized total effects of the dimensions on Customer "
                          "satisfaction in the structural equation model (ML, N = 460), normalised to sum 1 (level 1) and "
                          "equal weights (level 2).",
                    "zh-Hans": "各级权重分别采用结构方程模型中各维度对顾客满意度的标准化总效应（ML，N = 460，归一化；第 1 级）"},
            "lmg": {"en": "The weights were derived from the dimensions' shares of R² in the regression of Customer "
                          "satisfaction on them (LMG; Lindeman et al., 1980; N = 460), normalised to sum 1 (level 1) and "
                          "equal weights (level 2).",
                    "zh-Hans": "各级权重分别采用以顾客满意度对各维度回归时各维度所占 R² 的份额（LMG；Lindeman et al., 1980；"
                               "N = 460，归一化；第 1 级）"}}[source]
    for lang, sentence in want.items():
        sections = {s["key"]: s for s in results_text(d, lang)}
        text = "\n".join(sections["evaluation"]["paragraphs"])
        assert sentence in text, text
        assert "outside the index system" not in text and "外部给定" not in text
    assert ("Lindeman et al., 1980" in text) == (source == "lmg")
    # the list holds every work the report cites: LMG's source also for the driver analysis (SEM weights too)
    refs = "\n".join(sections["process_references"]["paragraphs"])
    assert "Lindeman, R. H., Merenda, P. F., & Gold, R. Z. (1980)" in refs


@pytest.mark.parametrize("source", DERIVED_SOURCES)
def test_the_weights_table_and_the_tree_name_the_model_behind_the_weights(source, analysed):
    """The indicator-system table's method column and the indicator tree's note name the derived weights with their
    model ("SEM total effects (ML, N = 460)"), not "given"."""
    import matplotlib.pyplot as plt

    from research.evaluation import figures as efig
    from research.evaluation import tables as etab

    block = analysed[source].to_dict()["evaluation"]
    want = {"sem": {"en": "SEM total effects (ML, N = 460)", "zh-Hans": "SEM 总效应（ML，N = 460）",
                    "zh-Hant": "SEM 總效果（ML，N = 460）"},
            "lmg": {"en": "LMG shares of R² (N = 460)", "zh-Hans": "LMG 的 R² 份额（N = 460）",
                    "zh-Hant": "LMG 的 R² 份額（N = 460）"}}[source]
    for lang, name in want.items():
        table = etab.indicator_system(block, lang)
        assert table.astype(str).isin([name]).any().any(), (lang, table.to_string())
        assert not table.astype(str).isin(["given", "外部给定", "外部給定"]).any().any()
        fig = efig.indicator_tree(block, lang)
        notes = [t.get_text() for t in fig.texts if t.get_gid() == "note"]
        plt.close(fig)
        assert any(name in n for n in notes), notes
