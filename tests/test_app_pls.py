"""The web app with PLS-SEM chosen (issue 15), driven by Streamlit's AppTest on the bundled sample study.

PLS-SEM is chosen in the sidebar beside the other analysis options, with its own options (weighting scheme,
PLSc, PLSpredict) and the missing answers as PLS treats them; the same pages then show the PLS study of
``research.analyze(..., method="pls")``.  Each table on a page is compared with the same table made from a
separate ``research.analyze`` run with the same file, settings and seed (cell by cell, as shown, and at full
precision in its CSV), and a few cells with the raw numbers of ``results["pls"]``.  The choice outlives
language switches and a trip to CB-SEM and back; results.json and the XLSX hold the PLS study; every text
of the PLS pages is in the chosen language (the checker of tests/test_translations.py).

Small bootstraps keep it short: 100 resamples (the bootstrap does not depend on the number of resamples
for what is checked here: that the page shows what the analysis gave)."""
from __future__ import annotations

import io
import json
import re

import pandas as pd
import pytest

from research import tables
from research.report import apa
from research.ui_text import t
from test_app import SAMPLE, TABS, _app, _csv_file, _shown_text, _widget, files  # noqa: F401 — files: fixture
from test_translations import _walk

BOOT, SEED = 100, 7
HYPOTHESES = ("H1: REL -> SAT, +", "H2: SAT -> LOY, +", "H3: ECO -> LOY, +")    # H3: a total effect (no path)
LANGS = ("zh-Hans", "zh-Hant", "en")


def _analyze(**options) -> dict:
    """``research.analyze`` on the sample as the app runs it (its defaults: missing "auto", i.e. PLS's mean
    replacement; the CB-SEM part that analyze still computes with ML), as results.json holds it."""
    import research
    d = research.analyze(SAMPLE, questionnaire="lsq5", seed=SEED, method="pls", **options).to_dict()
    return json.loads(json.dumps(d, ensure_ascii=False))


def _pls_app(lang: str = "zh-Hans", **state):
    boot = state.pop("bootstrap", BOOT)
    state.setdefault("bootstrap@cbsem", boot)      # CB-SEM's own resamples, if the user switches to it, as PLS's
    return _app(bootstrap=boot, lang=lang, method="pls", seed=SEED, **state)


class Runs:
    """What the app's worker jobs returned, by job: the analysis and each download made."""

    def __init__(self, monkeypatch):
        from research import appworker

        self.calls = []
        real = appworker.run

        def run(fn, *args, **kwargs):
            out = real(fn, *args, **kwargs)
            self.calls.append((fn.__name__, args[0] if args and isinstance(args[0], (str, tuple)) else None, out))
            return out

        monkeypatch.setattr(appworker, "run", run)

    def made(self, what) -> list:
        return [out for name, arg, out in self.calls if name == "build_download" and arg == what]

    def analyses(self) -> int:
        return sum(name == "analyse" for name, _, _ in self.calls)


@pytest.fixture(scope="module")
def reference():
    """The PLS study the app's settings ask for, run by research.analyze: 100 resamples, seed 7, PLSpredict and
    three hypotheses."""
    return _analyze(bootstrap=BOOT, predict=True, hypotheses=HYPOTHESES)


@pytest.fixture(scope="module")
def visit(files):
    """PLS-SEM chosen on the sample study, with PLSpredict, in 简体中文; CB-SEM's missing-answer choice set to
    listwise (hidden while PLS-SEM is chosen; it keeps the CB-SEM run of the trip back short)."""
    return _pls_app(predict=True, missing="listwise", hypotheses="\n".join(HYPOTHESES))


def rel_sat_of(pls: dict) -> dict:
    return next(r for r in pls["paths"] if r["lhs"] == "SAT" and r["rhs"] == "REL")


def _frames(tab) -> list[pd.DataFrame]:
    return [df.value for df in tab.dataframe]


def _same(shown: pd.DataFrame, table: pd.DataFrame, lang: str) -> None:
    """The page's table is ``table`` as research.report.apa.display shows it, cell by cell."""
    expected = apa.display(table, lang)
    assert list(shown.columns) == list(expected.columns)
    assert len(shown) == len(expected) > 0
    for j in range(expected.shape[1]):
        assert [str(v) for v in shown.iloc[:, j]] == [str(v) for v in expected.iloc[:, j]], expected.columns[j]


def _page_tables(at, d: dict, lang: str) -> None:
    """Every PLS table of the reliability, measurement, structural and drivers pages is ``d``'s."""
    rel, meas, struct, drv = at.tabs[1], at.tabs[2], at.tabs[3], at.tabs[5]
    expect = [tables.pls_reliability, tables.pls_htmt, tables.pls_htmt_tests, tables.pls_fornell_larcker,
              tables.pls_cross_loadings]
    for shown, make in zip(_frames(rel), expect, strict=True):
        _same(shown, make(d, lang), lang)
    _same(_frames(meas)[0], tables.pls_loadings(d, lang), lang)
    expect = [tables.pls_paths, tables.pls_effects, tables.pls_r2, *([tables.hypotheses] if d["hypotheses"] else []),
              tables.pls_model_fit, tables.pls_predict, tables.pls_predict_summary, tables.pls_cvpat]
    for shown, make in zip(_frames(struct), expect, strict=True):
        _same(shown, make(d, lang), lang)
    _same(_frames(drv)[1], tables.pls_ipma(d, lang), lang)


# ----------------------------------------------------------------------------------------------
# the choice in the sidebar
# ----------------------------------------------------------------------------------------------
def test_pls_is_chosen_beside_the_other_options(visit):
    at = visit
    assert not at.exception and not at.error and len(at.tabs) == TABS
    method = _widget(at, "radio", "method")
    assert method.value == "pls" and method.options == [t("method_cbsem", "zh-Hans"), t("method_pls", "zh-Hans")]
    scheme = _widget(at, "selectbox", "scheme")
    assert scheme.value == "path"
    assert scheme.options == [t(f"scheme_{s}", "zh-Hans") for s in ("path", "factorial", "centroid")]
    assert _widget(at, "checkbox", "predict").value is True and _widget(at, "checkbox", "consistent").value is False
    # PLS replaces a missing answer by the item mean or leaves the response out: FIML is not offered
    missing = _widget(at, "selectbox", "pls_missing")
    assert missing.value == "auto" and missing.options == [t("missing_pls_auto", "zh-Hans"),
                                                           t("missing_pls_listwise", "zh-Hans")]
    # CB-SEM's estimator and missing-answer boxes are away while PLS-SEM is chosen
    keys = [w.key for w in at.sidebar.selectbox]
    assert "estimator@zh-Hans" not in keys and "missing@zh-Hans" not in keys


def test_the_run_is_described_under_the_title(visit):
    assert t("run_info_pls", "zh-Hans", scheme=t("scheme_path", "zh-Hans"), plsc="", boot=f"{BOOT:,}", seed=SEED,
             missing=t("pls_missing_mean", "zh-Hans")) in [c.value for c in visit.main.caption]


# ----------------------------------------------------------------------------------------------
# the pages show what research.analyze(method="pls") gives
# ----------------------------------------------------------------------------------------------
def test_the_pages_show_the_pls_study_of_research_analyze(visit, reference, files):
    at, d, pls = visit, reference, reference["pls"]
    assert d["meta"]["spec"]["method"] == "pls" and pls["bootstrap"]["n_boot"] == BOOT
    _page_tables(at, d, "zh-Hans")
    heads = {i: [s.value for s in at.tabs[i].subheader] for i in (1, 2, 3, 5)}
    assert heads[1] == [t(k, "zh-Hans") for k in ("pls_reliability", "htmt", "pls_htmt_tests", "fornell_larcker",
                                                   "pls_cross_loadings")]
    assert heads[2][0] == t("pls_loadings", "zh-Hans") and t("method_bias", "zh-Hans") in heads[2]
    assert heads[3] == [t(k, "zh-Hans") for k in ("paths", "effects", "pls_r2", "hypotheses_result", "pls_fit",
                                                   "pls_predict", "pls_cvpat")]
    # the hypotheses tested on the PLS paths (H3 on the total effect) with the PLS bootstrap
    assert [h["method"] for h in d["hypotheses"]] == ["pls"] * 3
    assert [h["path"] for h in d["hypotheses"]] == ["direct", "direct", "total"]
    hyp = at.tabs[3].dataframe[3].value
    h1 = d["hypotheses"][0]
    assert list(hyp.iloc[:, 0]) == ["H1", "H2", "H3"] and hyp["β"].iloc[0] == apa.unit(rel_sat_of(pls)["est"])
    assert h1["ci.lower"] == rel_sat_of(pls)["ci.lower"] and hyp.iloc[0, -1] == tables.SUPPORTED[h1["supported"]]["zh-Hans"]
    assert [h.value for h in at.tabs[3].header] == [t("pls_prediction", "zh-Hans")]
    # a few cells against the raw numbers of results["pls"]
    rel = at.tabs[1].dataframe[0].value.set_index("代码")
    eco = next(r for r in pls["assessment"]["reliability"] if r["construct"] == "ECO")
    assert rel.loc["ECO", "ρA"] == apa.unit(eco["rho_a"]) and rel.loc["ECO", "AVE"] == apa.unit(eco["ave"])
    assert re.fullmatch(r"\.\d{3}", rel.loc["ECO", "ρC"])                     # APA: no leading zero
    paths = at.tabs[3].dataframe[0].value.set_index("代码")
    rel_sat = next(r for r in pls["paths"] if r["lhs"] == "SAT" and r["rhs"] == "REL")
    assert paths.loc["REL → SAT", "β"] == apa.unit(rel_sat["est"])
    assert paths.loc["REL → SAT", "t"] == apa.num(rel_sat["t"], 2)
    assert paths.loc["REL → SAT", "p"] == apa.p(rel_sat["p"])
    # the CSVs keep the full numbers
    full = _csv_file(files, "pls_paths.csv").set_index("代码")
    assert full.loc["REL → SAT", "β"] == pytest.approx(rel_sat["est"], abs=1e-12)
    assert full.loc["REL → SAT", "t"] == pytest.approx(rel_sat["t"], abs=1e-9)
    assert full.loc["REL → SAT", "95% CI 下限"] == pytest.approx(rel_sat["ci.lower"], abs=1e-12)
    loads = _csv_file(files, "pls_loadings.csv")
    first = pls["loadings"][0]
    assert loads.iloc[0, list(loads.columns).index("代码")] == first["item"]
    r2 = _csv_file(files, "pls_r2.csv").set_index("代码")
    assert r2.loc["SAT", "R²"] == pytest.approx(pls["r2"]["SAT"], abs=1e-12)


def test_the_pls_path_diagram_and_the_ipma_appear(visit, files):
    struct, drv = visit.tabs[3], visit.tabs[5]
    assert len(struct.image) == 1                                   # the SmartPLS-style diagram, first on the page
    png, svg = files["pls_path_diagram.png"], files["pls_path_diagram.svg"]
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and b"<svg" in svg[:2000]
    # the driver bars, the PLS IPMA (in place of the CB-SEM IPA map) and the stated-importance map
    assert len(drv.image) == 3 and files["pls_ipma.png"][:4] == b"\x89PNG"
    heads = [s.value for s in drv.subheader]
    assert t("pls_ipma", "zh-Hans", target="顾客忠诚度") in heads and t("ipa", "zh-Hans") not in heads


# ----------------------------------------------------------------------------------------------
# the choice outlives a language switch and a trip to CB-SEM
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
def test_a_language_switch_keeps_pls(visit, reference, lang):
    at = visit
    at.sidebar.radio(key="lang").set_value(lang).run()
    try:
        assert not at.exception and not at.error and len(at.tabs) == TABS
        assert at.session_state["method"] == "pls" and _widget(at, "radio", "method").value == "pls"
        assert _widget(at, "checkbox", "predict").value is True and _widget(at, "selectbox", "scheme").value == "path"
        assert t("run_info_pls", lang, scheme=t("scheme_path", lang), plsc="", boot=f"{BOOT:,}", seed=SEED,
                 missing=t("pls_missing_mean", lang)) in [c.value for c in at.main.caption]
        _page_tables(at, reference, lang)
    finally:
        at.sidebar.radio(key="lang").set_value("zh-Hans").run()


def test_back_to_cbsem_shows_its_pages_and_pls_comes_back_as_it_was(visit, reference, monkeypatch):
    at = visit
    runs = Runs(monkeypatch)
    _widget(at, "radio", "method").set_value("cbsem").run()
    assert not at.exception and not at.error and len(at.tabs) == TABS
    assert at.session_state["method"] == "cbsem"
    # the CB-SEM settings are back (the missing answers as chosen for CB-SEM), and its pages
    assert _widget(at, "selectbox", "missing").value == "listwise" and _widget(at, "selectbox", "estimator")
    assert t("run_info", "zh-Hans", estimator=t("est_ML", "zh-Hans"), missing=t("missing_listwise", "zh-Hans"),
             boot=f"{BOOT:,}", seed=SEED) in [c.value for c in at.main.caption]
    assert [h.value for h in at.tabs[2].header] == [t("diagnostics", "zh-Hans")]
    struct = at.tabs[3]
    assert [s.value for s in struct.subheader][:2] == [t("fit", "zh-Hans"), t("paths", "zh-Hans")]
    assert "REL → SAT" in list(struct.dataframe[1].value["代码"])
    assert t("ipa", "zh-Hans") in [s.value for s in at.tabs[5].subheader]
    assert not [k for k in ("scheme@zh-Hans", "pls_missing@zh-Hans") if k in [w.key for w in at.sidebar.selectbox]]
    assert runs.analyses() == 1
    # PLS-SEM again: its options as they were, its pages, served from the server's store (no second run)
    _widget(at, "radio", "method").set_value("pls").run()
    assert not at.exception and not at.error
    assert _widget(at, "checkbox", "predict").value is True and at.session_state["predict"] is True
    _page_tables(at, reference, "zh-Hans")
    assert runs.analyses() == 1


# ----------------------------------------------------------------------------------------------
# downloads
# ----------------------------------------------------------------------------------------------
def test_results_json_and_the_xlsx_hold_the_pls_study(visit, reference, monkeypatch):
    from openpyxl import load_workbook

    at = visit
    runs = Runs(monkeypatch)
    buttons = at.tabs[8].get("download_button")
    assert [b.proto.label for b in buttons][:2] == [t("download_json", "zh-Hans"), t("download_xlsx", "zh-Hans")]
    buttons[0].click()
    at.run()
    buttons = at.tabs[8].get("download_button")
    buttons[1].click()
    at.run()
    assert not at.exception and not at.tabs[8].error
    [made] = runs.made("json")
    d = json.loads(made.decode("utf-8"))
    assert d["meta"]["spec"]["method"] == "pls" and "app_key" not in d["meta"]
    assert d["pls"] == reference["pls"]                         # the whole block, as research analyze writes it
    assert d["pls"]["predict"]["indicators"] and d["pls"]["bootstrap"]["n_boot"] == BOOT
    [xlsx] = runs.made("xlsx")
    book = load_workbook(io.BytesIO(xlsx), read_only=True)
    for sheet in ("pls_reliability", "pls_loadings", "pls_htmt_tests", "pls_paths", "pls_effects", "pls_r2",
                  "pls_model_fit", "pls_predict", "pls_cvpat", "pls_ipma"):
        assert sheet in book.sheetnames, sheet
    rows = list(book["pls_paths"].values)
    header, body = rows[0], rows[1:]
    shown = {r[header.index("代码")]: r for r in body}
    rel_sat = next(r for r in reference["pls"]["paths"] if r["lhs"] == "SAT" and r["rhs"] == "REL")
    assert shown["REL → SAT"][header.index("β")] == pytest.approx(rel_sat["est"], abs=1e-12)


# ----------------------------------------------------------------------------------------------
# PLSc, another weighting scheme, no bootstrap
# ----------------------------------------------------------------------------------------------
def test_plsc_and_the_centroid_scheme_without_a_bootstrap(files):
    at = _pls_app(lang="en", bootstrap=0, consistent=True, scheme="centroid", pls_missing="listwise",
                  hypotheses=HYPOTHESES[0])
    assert not at.exception and not at.error and len(at.tabs) == TABS
    d = _analyze(bootstrap=0, consistent=True, scheme="centroid", missing="listwise", hypotheses=HYPOTHESES[:1])
    settings = d["pls"]["settings"]
    assert settings["consistent"] is True and settings["scheme"] == "centroid" and settings["missing"] == "casewise"
    assert t("run_info_pls_no_boot", "en", scheme=t("scheme_centroid", "en"), plsc=t("plsc_on", "en"),
             missing=t("pls_missing_casewise", "en")) in [c.value for c in at.main.caption]
    rel, struct = at.tabs[1], at.tabs[3]
    # without a bootstrap: no HTMT tests and no t, p or CI, each said on the page
    assert [s.value for s in rel.subheader] == [t(k, "en") for k in ("pls_reliability", "htmt", "fornell_larcker",
                                                                     "pls_cross_loadings")]
    assert t("pls_htmt_no_boot", "en") in [c.value for c in rel.caption]
    assert t("pls_no_boot", "en") in [c.value for c in struct.caption]
    for shown, make in zip(_frames(rel), [tables.pls_reliability, tables.pls_htmt, tables.pls_fornell_larcker,
                                          tables.pls_cross_loadings], strict=True):
        _same(shown, make(d, "en"), "en")
    for shown, make in zip(_frames(struct), [tables.pls_paths, tables.pls_effects, tables.pls_r2, tables.hypotheses,
                                             tables.pls_model_fit], strict=True):
        _same(shown, make(d, "en"), "en")
    # no bootstrap, no inference: the hypothesis is neither supported nor rejected
    assert d["hypotheses"][0]["supported"] is None
    assert struct.dataframe[3].value.iloc[0, -1] == tables.NOT_DECIDED["en"]
    assert "p" not in struct.dataframe[0].value.columns
    # PLSc: the reflective constructs' correlations are corrected, so the paths differ from plain PLS
    full = _csv_file(files, "pls_paths.csv").set_index("Code")
    rel_sat = next(r for r in d["pls"]["paths"] if r["lhs"] == "SAT" and r["rhs"] == "REL")
    assert full.loc["REL → SAT", "β"] == pytest.approx(rel_sat["est"], abs=1e-12)
    assert all(c["consistent"] for c in d["pls"]["constructs"])


# ----------------------------------------------------------------------------------------------
# segments: MICOM and the multi-group analysis; every text in the language
# ----------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def grouped(files):
    return _pls_app(group="XBORDER", predict=True)


def test_a_group_shows_micom_and_mga(grouped, reference, files):
    at = grouped
    assert not at.exception and not at.error
    d = _analyze(bootstrap=BOOT, predict=True, group="XBORDER")
    seg = at.tabs[6]
    assert [s.value for s in seg.subheader] == [t(k, "zh-Hans") for k in ("group_tests", "pls_micom", "pls_mga")]
    frames = _frames(seg)
    assert len(frames) == 3 and len(seg.image) == 1
    _same(frames[0], tables.group_tests(d, "zh-Hans"), "zh-Hans")
    _same(frames[1], tables.pls_micom(d, "zh-Hans"), "zh-Hans")
    _same(frames[2], tables.pls_mga(d, "zh-Hans"), "zh-Hans")
    micom = d["pls"]["micom"]["table"]
    assert len(frames[1]) == len(micom) and len(frames[2]) == len(d["pls"]["mga"]["table"])
    full = _csv_file(files, "pls_micom.csv")
    assert list(full[tables.HEAD["c"]["zh-Hans"]]) == pytest.approx([r["c"] for r in micom], abs=1e-12)
    # the grouping leaves the whole-sample study as it was
    assert d["pls"]["paths"] == reference["pls"]["paths"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_pls_pages_speak_the_language(grouped, lang):
    at = grouped
    at.sidebar.radio(key="lang").set_value(lang).run()
    assert not at.exception and not at.error
    bad = _walk(at, lang)
    assert not bad, "\n".join(bad)
    texts = "\n".join(_shown_text(c.value) for c in at.caption)
    for key in ("pls_reliability_rule", "pls_loadings_rule", "pls_r2_rule", "pls_micom_rule", "pls_mga_rule",
                "pls_predict_rule", "pls_cvpat_rule"):
        assert t(key, lang) in texts, key


def test_each_method_has_its_own_bootstrap_default():
    """PLS-SEM starts at SmartPLS's 5000 resamples, CB-SEM at the shared 1000; each method keeps the value chosen
    for it when the user switches back and forth."""
    from streamlit.testing.v1 import AppTest

    from test_app import APP
    from research.defaults import DEFAULT_BOOTSTRAP, DEFAULT_PLS_BOOTSTRAP

    at = AppTest.from_file(APP, default_timeout=300)
    at.session_state["lang"] = "en"
    at.run()
    assert at.sidebar.number_input(key="bootstrap").value == DEFAULT_BOOTSTRAP == 1000
    at.sidebar.number_input(key="bootstrap").set_value(300).run()
    _widget(at, "radio", "method").set_value("pls").run()
    assert at.sidebar.number_input(key="bootstrap").value == DEFAULT_PLS_BOOTSTRAP == 5000
    at.sidebar.number_input(key="bootstrap").set_value(700).run()
    _widget(at, "radio", "method").set_value("cbsem").run()
    assert at.sidebar.number_input(key="bootstrap").value == 300
    _widget(at, "radio", "method").set_value("pls").run()
    assert at.sidebar.number_input(key="bootstrap").value == 700
    assert not at.warning and not at.exception
