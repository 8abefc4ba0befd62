"""The web app, driven by Streamlit's AppTest: every page on the sample study, the language switch,
uploads, and each kind of bad input ending in a message in the chosen language, never a traceback."""
from __future__ import annotations

import copy
import io
import re
from types import SimpleNamespace

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from research import tables as display
from research.report import apa
from research.ui_text import t

APP = str(ROOT / "app.py")
SAMPLE = ROOT / "datasets" / "lsq5_wjx_gbk.csv"
TABS = 9


def _app(bootstrap: int = 0, lang: str = "zh-Hans", **state) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state["bootstrap"] = bootstrap
    at.session_state["lang"] = lang
    for k, v in state.items():
        at.session_state[k] = v
    return at.run()


def _shown_text(markdown) -> str:
    """Markdown source as the page shows it: backslash escapes and invisible word joiners removed
    (``research.ui_text.plain`` escapes every text a user supplied)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", str(markdown)).replace("\u2060", "")


def _texts(at) -> str:
    parts = [m.value for m in at.markdown] + [m.value for m in at.caption] + [m.value for m in at.info]
    parts += [m.value for m in at.title] + [m.value for m in at.subheader] + [e.value for e in at.error]
    return "\n".join(_shown_text(p) for p in parts)


@pytest.fixture(scope="module")
def first_visit():
    return _app()


def test_first_visit_shows_the_analysed_sample(first_visit):
    at = first_visit
    assert not at.exception and not at.error
    assert len(at.tabs) == TABS
    text = _texts(at)
    assert "电商物流服务质量与顾客满意度分析" in text
    assert "分析样本 460 份，剔除 40 份" in text


def test_every_page_has_its_tables(first_visit):
    at = first_visit
    tabs = at.tabs
    data, rel, meas, struct, reg, drv, seg, idx, dl = tabs
    assert len(data.dataframe) >= 2                       # preview, excluded rows
    excluded = data.dataframe[1].value
    assert len(excluded) == 40
    assert len(rel.dataframe) == 3                        # reliability, HTMT, Fornell–Larcker
    rel_table = rel.dataframe[0].value
    assert list(rel_table.iloc[:, 0]) == ["ECO", "RES", "FLE", "REL", "EMP", "SAT", "LOY"]
    # fit, loadings, then the diagnostics: modification indices, residuals, Mardia, method-bias checks and,
    # in expanders, the method-factor items and the full-collinearity VIFs
    assert len(meas.dataframe) == 8 and len(meas.image) == 1
    paths = struct.dataframe[0].value
    assert "REL → SAT" in list(paths.iloc[:, 0])
    assert len(struct.image) == 1                         # path diagram
    assert len(reg.dataframe) == 2                        # SAT and LOY
    assert len(drv.dataframe) == 2 and len(drv.image) == 3              # bars, IPA, stated-importance IPA
    assert any("选择分组变量" in i.value for i in seg.info)  # no group chosen yet
    assert len(idx.metric) == 1
    assert len(dl.get("download_button")) == 4                 # json, xlsx, html and docx reports


def test_numbers_equal_research_analyze(first_visit):
    import research

    d = research.analyze(SAMPLE, questionnaire="lsq5", bootstrap=0, seed=20261122).to_dict()
    table = first_visit.tabs[3].dataframe[0].value
    paths = table.set_index(table.columns[0])
    row = next(p for p in d["sem"]["parameters"] if p["op"] == "~" and p["lhs"] == "SAT" and p["rhs"] == "REL")
    assert paths.loc["REL → SAT", "β"] == pytest.approx(row["std.all"], abs=1e-12)


@pytest.mark.parametrize("lang,title", [("en", "E-commerce logistics service quality and customer satisfaction"),
                                        ("zh-Hant", "電商物流服務品質與顧客滿意度分析")])
def test_language_switch(first_visit, lang, title):
    at = first_visit
    at.sidebar.radio(key="lang").set_value(lang).run()
    assert not at.exception and title in _texts(at)
    header = list(at.tabs[1].dataframe[0].value.columns)
    assert header[0] == {"en": "Construct", "zh-Hant": "構念"}[lang]
    at.sidebar.radio(key="lang").set_value("zh-Hans").run()


def test_group_adds_segments_and_invariance():
    at = _app(group="XBORDER")
    assert not at.exception and not at.error
    seg = at.tabs[6]
    assert len(seg.dataframe) == 2 and len(seg.image) == 1
    assert any("最高成立水平" in m.value for m in seg.markdown)


def _upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.sidebar.radio(key="source").set_value("upload").run()
    at.sidebar.file_uploader(key="upload").set_value((name, data, "application/octet-stream"))
    return at.run()


def test_upload_gbk_export_and_mapping_editor():
    at = _upload(_app(), "问卷星导出.csv", SAMPLE.read_bytes())
    assert not at.exception and not at.error
    assert "gbk" in _texts(at).lower() or "gb18030" in _texts(at).lower()
    assert len(at.tabs) == TABS
    assert at.data_editor(key="mapping_edit") is not None


def test_an_upload_is_read_once_however_often_the_page_reruns(monkeypatch):
    from research import appworker

    reads = []
    real = appworker.run

    def counting(fn, *args, **kwargs):
        if fn is appworker.read_responses:
            reads.append(args[1])                 # (data, name, questionnaire, mapping)
        return real(fn, *args, **kwargs)

    monkeypatch.setattr(appworker, "run", counting)
    data = SAMPLE.read_bytes() + b"\r\n"          # bytes no other test uploads: nothing cached yet
    at = _upload(_app(), "once.csv", data)
    assert not at.exception and not at.error and len(at.tabs) == TABS
    at.run()
    at.run()
    assert reads.count("once.csv") == 1


def test_two_questionnaire_files_without_an_id_are_not_confused():
    """Uploaded YAML files without ``id`` share the default id: the caches key on their content."""
    at = _upload(_app(), "same.csv", (ROOT / "datasets" / "lsq5_sample.csv").read_bytes())    # columns = item ids
    at.sidebar.selectbox(key="qchoice").set_value("yaml").run()
    constructs = []
    for second in ("REL", "RES"):
        text = (f"scale: agree5\nconstructs:\n  ECO:\n    items: [ECO1, ECO2, ECO3, ECO4]\n"
                f"  {second}:\n    items: [{second}1, {second}2, {second}3, {second}4]\n")
        at.sidebar.file_uploader(key="yaml").set_value((f"{second}.yaml", text.encode(), "text/yaml"))
        at.run()
        assert not at.exception and not at.error
        constructs.append(list(at.tabs[1].dataframe[0].value.iloc[:, 0]))
    assert constructs == [["ECO", "REL"], ["ECO", "RES"]]


BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{k}: &{k} [{', '.join(['*' + p] * 10)}]\n" for p, k in zip("abcdefgh", "bcdefghi"))


@pytest.mark.parametrize("text,says", [
    ("scale: agree5\nconstructs:\n  ECO:\n    items: [ECO1, ECO2\n  REL: [REL1, REL2]\n", "line"),
    (BILLION_LAUGHS, "billion laughs"),
])
def test_a_bad_questionnaire_file_is_named_with_its_line(text, says):
    """Parsed by the toolkit's bounded YAML loader in a worker: the message names the uploaded file (and the line
    of a syntax error); an alias bomb is refused, not expanded."""
    at = _upload(_app(lang="en"), "same.csv", (ROOT / "datasets" / "lsq5_sample.csv").read_bytes())
    at.sidebar.selectbox(key="qchoice").set_value("yaml").run()
    at.sidebar.file_uploader(key="yaml").set_value(("my_study.yaml", text.encode(), "text/yaml"))
    at.run()
    assert not at.exception and len(at.error) == 1
    message = _shown_text(at.error[0].value)
    assert "my_study.yaml" in message and says in message.lower() and "<dict>" not in message
    if says == "line":
        assert re.search(r"line [45]\b", message)
    assert not at.get("progress")


def _csv(frame: pd.DataFrame, encoding="utf-8") -> bytes:
    buf = io.StringIO()
    frame.to_csv(buf, index=False)
    return buf.getvalue().encode(encoding)


BAD_INPUTS = {
    "wrong_type.png": b"\x89PNG\r\n\x1a\n" + bytes(200),
    "empty.csv": b"",
    "garbage.xlsx": bytes(range(256)) * 20,
    "nothing_maps.csv": _csv(pd.DataFrame({"a": [1, 2, 3], "b": [3, 2, 1], "c": [2, 2, 2]})),
    "too_few.csv": None,          # five respondents of the sample
}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
@pytest.mark.parametrize("lang,word", [("zh-Hans", "无法完成"), ("en", "Could not finish")])
def test_bad_files_give_a_message_in_the_language(name, lang, word):
    data = BAD_INPUTS[name]
    if data is None:
        raw = SAMPLE.read_bytes().decode("gbk").splitlines(keepends=True)
        data = "".join(raw[:6]).encode("gbk")
    at = _upload(_app(lang=lang), name, data)
    assert not at.exception
    assert at.error and word in at.error[0].value
    assert not at.get("progress")                      # the progress bar went with the failed job
    # the session keeps working: back to the sample study
    at.sidebar.radio(key="source").set_value("sample").run()
    assert not at.exception and not at.error and len(at.tabs) == TABS


def test_model_syntax_is_checked_by_the_whitelist_parser():
    at = _app(model="SAT ~ REL\n__import__('os').system('echo hacked')")
    assert not at.exception
    assert at.error and "无法完成" in at.error[0].value and "2" in at.error[0].value


def test_model_problems_are_shown_not_hidden():
    # an unidentified model still gives results, with the engine's warning at the top of the page
    at = _app(lang="en", model="F =~ ECO1 + ECO2\nG =~ RES1 + RES2\nG ~ F\nF ~ G")
    assert not at.exception and not at.error
    assert any("[SEM]" in w.value and "information matrix" in w.value.lower() for w in at.warning)
    # a model naming columns the data do not have is an error message
    at = _app(lang="en", model="F =~ ECO1 + ECO2 + NOPE1")
    assert not at.exception and at.error and "NOPE1" in at.error[0].value


def test_manual_mapping_of_a_plain_csv():
    frame = pd.read_csv(ROOT / "datasets" / "lsq5_sample.csv")
    cols = [c for c in frame.columns if c[:3] in ("ECO", "REL", "SAT") and c[3:].isdigit()]
    plain = frame[cols].assign(平台=frame["PLATFORM"].map({1: "淘宝", 2: "天猫", 3: "京东", 4: "拼多多"}))
    at = _app(lang="en")
    at.sidebar.radio(key="source").set_value("upload").run()
    at.sidebar.selectbox(key="qchoice").set_value("manual").run()
    at.sidebar.file_uploader(key="upload").set_value(("plain.csv", _csv(plain), "text/csv"))
    at.run()
    assert not at.exception and not at.error
    assert len(at.tabs) == TABS
    rel = at.tabs[1].dataframe[0].value
    assert list(rel.iloc[:, 0]) == ["ECO", "REL", "SAT"]
    # the text column 平台 can group the respondents
    group = at.sidebar.selectbox(key="group")
    assert "G1" in group.options or any("平台" in str(o) for o in group.options)
    group.set_value("G1").run()
    assert not at.exception and not at.error
    seg = at.tabs[6]
    tests = seg.dataframe[0].value
    assert list(tests.iloc[:, 0]) == ["ECO", "REL", "SAT"]


def test_text_answers_that_match_no_label_are_listed():
    lines = SAMPLE.read_bytes().decode("gbk").splitlines()
    cells = lines[1].split(",")
    cells[12] = "还行吧"
    lines[1] = ",".join(cells)
    at = _upload(_app(), "问卷星.csv", ("\n".join(lines) + "\n").encode("gbk"))
    assert not at.exception and not at.error
    assert any("1 个答案不是量表上的选项" in w.value for w in at.warning)
    problems = at.tabs[0].dataframe[0].value
    assert list(problems["value"]) == ["还行吧"] and list(problems["row"]) == [2]


def test_app_bootstrap_equals_research_analyze_with_the_same_seed():
    import research

    at = _app(bootstrap=60, seed=7)
    assert not at.exception and not at.error
    effects = at.tabs[3].dataframe[1].value
    d = research.analyze(SAMPLE, questionnaire="lsq5", bootstrap=60, seed=7).to_dict()
    ours = effects[effects.iloc[:, 1] == "间接"]
    ref = [e for e in d["sem"]["effects"] if e["type"] == "indirect"]
    assert len(ours) == len(ref) == 5
    for (_, row), e in zip(ours.iterrows(), ref):
        assert row["95% CI 下限"] == pytest.approx(e["ci.lower"], abs=1e-12)
        assert row["95% CI 上限"] == pytest.approx(e["ci.upper"], abs=1e-12)


# ----------------------------------------------------------------------------------------------
# diagnostics (measurement-model page), reasons for what is missing, invariance details
# ----------------------------------------------------------------------------------------------
LANGS = ("zh-Hans", "zh-Hant", "en")


def _tab_texts(tab) -> list[str]:
    parts = [m.value for m in tab.markdown] + [m.value for m in tab.caption] + [m.value for m in tab.info]
    parts += [m.value for m in tab.warning] + [m.value for m in tab.subheader] + [m.value for m in tab.header]
    return [_shown_text(p) for p in parts]


@pytest.fixture(scope="module")
def sample_results():
    import research
    return research.analyze(SAMPLE, questionnaire="lsq5", bootstrap=0, seed=20261122).to_dict()


@pytest.mark.parametrize("lang", LANGS)
def test_diagnostics_section_in_every_language(first_visit, sample_results, lang):
    at = first_visit
    at.sidebar.radio(key="lang").set_value(lang).run()
    assert not at.exception and not at.error
    meas = at.tabs[2]
    assert [h.value for h in meas.header] == [t("diagnostics", lang)]
    heads = [h.value for h in meas.subheader]
    for key in ("modindices", "residuals", "mardia", "method_bias"):
        assert t(key, lang) in heads, key
    texts = _tab_texts(meas)
    joined = "\n".join(texts)
    assert t("diag_help", lang) in joined
    # Mardia as a journal prints it, every number from the results
    m = sample_results["diagnostics"]["mardia"]
    assert t("mardia_summary", lang, b1p=apa.num(m["b1p"], 2), df=apa.num(m["skew_df"], 0),
             skew=apa.num(m["skew"], 2), p_skew=apa.p_text(m["p_skew"]), b2p=apa.num(m["b2p"], 2),
             expected=apa.num(m["b2p_expected"], 0), z=apa.num(m["kurtosis"], 2),
             p_kurt=apa.p_text(m["p_kurtosis"]), n=m["n"], k=m["p"]) in texts
    assert t("mardia_ml", lang) in texts                  # kurtosis p < .05 and the estimator is ML
    # the largest modification index, named with its value
    top = max(sample_results["diagnostics"]["cfa"]["modindices"], key=lambda r: r["mi"])
    assert f"{top['lhs']} {top['op']} {top['rhs']}" in joined and f"MI = {apa.num(top['mi'], 2)}" in joined
    # the tables: numbers stay numbers, headers and words in the language
    frames = {tuple(df.value.columns[:2]): df.value for df in meas.dataframe}
    mi = next(v for k, v in frames.items() if k[0] == display.HEAD["parameter"][lang])
    assert mi.iloc[0, 2] == pytest.approx(top["mi"], abs=1e-12)
    kinds = set(mi.iloc[:, 1])
    assert kinds <= {k[lang] for k in display.OP_KIND.values()}
    mb = next(v for k, v in frames.items() if k[0] == display.HEAD["check"][lang])
    assert list(mb.iloc[:, 0]) == [display.CHECKS[c][lang] for c in ("harman", "single_factor", "method_factor",
                                                                      "full_collinearity")]
    verdicts = list(mb.iloc[:, 4])
    sf = sample_results["method_bias"]["single_factor"]
    assert verdicts[0] == display.VERDICT["pass"][lang] and verdicts[1] == sf["verdict"][lang]
    if lang != "en":                                      # no English words in the Chinese interface
        assert not any(re.search(r"[a-z]{4,}", str(v)) for v in verdicts + list(kinds))
        assert not re.search(r"\b(?:pass|fail|loading|covariance|not computed)\b", joined)
    # the bullets name each check's verdict and source
    assert any("Kock & Lynn 2012" in x and display.CHECKS["full_collinearity"][lang] in x for x in texts)
    for x in texts:
        assert not re.search(r"\bNone\b|\bnan\b|p = \.000|p = 0\.0", x), x
    at.sidebar.radio(key="lang").set_value("zh-Hans").run()


NA = {"en": "not computed: the model did not converge", "zh-Hans": "未计算：模型未收敛", "zh-Hant": "未計算：模型未收斂"}
CROSS = {"en": "an item also loads on another construct", "zh-Hans": "有题目同时负荷于其他构念",
         "zh-Hant": "有題目同時負荷於其他構念"}


@pytest.fixture(scope="module")
def altered(sample_results):
    """The sample's results with parts not applicable, an undecided invariance level and a partial-invariance
    search, as research.analyze writes them."""
    import research
    d = copy.deepcopy(research.analyze(SAMPLE, questionnaire="lsq5", bootstrap=0, seed=20261122,
                                       group="XBORDER").to_dict())
    d["diagnostics"]["sem"] = {"not_applicable": NA}
    d["method_bias"]["method_factor"] = {"not_applicable": NA}
    d["fornell_larcker"] = {"not_applicable": NA}
    d["reliability"]["ECO"].update({"cr": None, "ave": None, "cr.flag": "n/a", "ave.flag": "n/a",
                                    "not_applicable": {"cr": CROSS, "ave": CROSS}})
    m = d["invariance"]["measurement"]
    m["comparisons"][1].update({"holds": None, "delta.cfi": None})
    m["highest"] = "metric"
    m["released"] = {"configural": [], "metric": ["ECO =~ ECO3"], "scalar": []}
    m["search"] = [{"level": "metric", "released": "ECO =~ ECO3", "X2": 9.5, "df": 1, "p.value": 0.002,
                    "delta.cfi": -0.004, "delta.rmsea": 0.001, "holds": True}]
    m["suggestions"] = [{"level": "scalar", "class": "intercepts", "candidates": [
        {"parameter": "ECO2 ~1", "X2": 12.25, "df": 1, "p.value": 0.00047},
        {"parameter": "SAT1 ~1", "X2": 6.5, "df": 1, "p.value": 0.011}]}]
    return d


@pytest.mark.parametrize("lang", LANGS)
def test_missing_parts_say_why_and_partial_invariance_is_shown(monkeypatch, altered, lang):
    import research

    calls = []

    def fake(*args, **kwargs):
        calls.append(kwargs)
        return SimpleNamespace(to_dict=lambda: copy.deepcopy(altered))

    from research import appworker
    monkeypatch.setattr(appworker, "ISOLATED", False)       # the replaced research.analyze exists in this process only
    monkeypatch.setattr(research, "analyze", fake)
    at = _app(lang=lang, group="XBORDER", seed=777001)      # a seed no other test uses: not served from the store
    assert not at.exception and not at.error
    rel, meas, struct, seg = at.tabs[1], at.tabs[2], at.tabs[3], at.tabs[6]
    # reliability: the empty CR/AVE of ECO and why
    table = rel.dataframe[0].value
    assert pd.isna(table.iloc[0, 5]) and CROSS[lang] in table.iloc[0, -1]
    rel_text = "\n".join(_tab_texts(rel))
    assert t("rel_notes", lang) in rel_text and CROSS[lang] in rel_text
    assert t("not_computed", lang, reason=NA[lang]) in rel_text            # Fornell–Larcker
    # the method factor and the SEM diagnostics: the reason in the language
    meas_text = "\n".join(_tab_texts(meas))
    assert t("not_computed", lang, reason=NA[lang]) in meas_text
    assert t("not_computed", lang, reason=NA[lang]) in [_shown_text(i.value) for i in struct.info]
    # invariance: "—" for the level that cannot be decided, the released and the suggested equalities
    inv = seg.dataframe[1].value
    holds = display.HEAD["holds"][lang]
    assert list(inv[holds]) == ["", display.YES_NO[True][lang], "—"]
    assert list(inv[display.HEAD["released"][lang]]) == ["", "ECO =~ ECO3", ""]
    seg_text = "\n".join(_tab_texts(seg))
    assert t("invariance_undecided", lang) in seg_text
    assert "ECO2 ~1" in seg_text and "SAT1 ~1" in seg_text
    partial = seg.dataframe[2].value
    assert list(partial[display.HEAD["parameter"][lang]]) == ["ECO =~ ECO3", "ECO2 ~1", "SAT1 ~1"]
    assert list(partial[display.HEAD["score_x2"][lang]]) == [9.5, 12.25, 6.5]
    for text in _tab_texts(rel) + _tab_texts(meas) + _tab_texts(seg):
        assert not re.search(r"\bNone\b|\bnan\b", text), text


def test_segments_page_names_the_estimator_and_the_robust_indices():
    at = _app(lang="zh-Hant", group="PLATFORM", estimator="MLR")
    assert not at.exception and not at.error
    seg = at.tabs[6]
    captions = [c.value for c in seg.caption]
    assert any(t("est_MLR", "zh-Hant") in c and t("indices_MLR", "zh-Hant") in c for c in captions)
    inv = seg.dataframe[1].value
    assert "穩健 CFI" in inv.columns and "穩健 RMSEA" in inv.columns and "校正 χ²" in inv.columns
    assert list(inv.iloc[:, 0])[:2] == ["形貌", "量尺（負荷量等同）"]
    meas_text = "\n".join(_tab_texts(at.tabs[2]))
    assert t("mardia_mlr", "zh-Hant") in meas_text
