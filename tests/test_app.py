"""The web app, driven by Streamlit's AppTest: every page on the sample study, the language switch,
uploads with their mapping step (nothing is analysed before "确认并分析"), and each kind of bad input ending
in a message in the chosen language, never a traceback.

The first visit runs on the app's defaults (FIML, seed 20261122; bootstrap 0 to keep it short); the other
tests choose listwise deletion where FIML is not what they check, as it is faster."""
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
from research.defaults import DEFAULT_MISSING
from research.report import apa
from research.ui_text import t

APP = str(ROOT / "app.py")
SAMPLE = ROOT / "datasets" / "lsq5_wjx_gbk.csv"
TABS = 9
FAST = {"missing": "listwise"}          # the state of tests that do not check FIML


def _app(bootstrap: int = 0, lang: str = "zh-Hans", **state) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=300)
    at.session_state["bootstrap"] = bootstrap
    at.session_state["lang"] = lang
    for k, v in state.items():
        at.session_state[k] = v
    return at.run()


@pytest.fixture(scope="module")
def files():
    """What the download buttons of every run in this module were given, by file name (the last one made):
    the CSV of a table keeps the full numbers the page shows rounded."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    made = {}
    real = MemoryMediaFileStorage.load_and_get_id

    def keep(self, path_or_data, mimetype, kind, filename=None):
        if filename:
            made[filename] = path_or_data
        return real(self, path_or_data, mimetype, kind, filename)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
        yield made


def _csv_file(files, name: str) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(files[name]), encoding="utf-8-sig")


def _widget(at: AppTest, kind: str, key: str):
    """A sidebar choice that outlives a language switch: its widget is keyed per language (``source@en``), the
    choice itself is ``st.session_state[key]``."""
    return getattr(at.sidebar, kind)(key=f"{key}@{at.session_state['lang']}")


def _shown_text(markdown) -> str:
    """Markdown source as the page shows it: backslash escapes and invisible word joiners removed
    (``research.ui_text.plain`` escapes every text a user supplied)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", str(markdown)).replace("\u2060", "")


def _texts(at) -> str:
    parts = [m.value for m in at.markdown] + [m.value for m in at.caption] + [m.value for m in at.info]
    parts += [m.value for m in at.title] + [m.value for m in at.subheader] + [e.value for e in at.error]
    return "\n".join(_shown_text(p) for p in parts)


@pytest.fixture(scope="module")
def first_visit(files):
    """The first visit on the app's defaults (FIML, seed 20261122), without the bootstrap."""
    return _app()


def test_first_visit_shows_the_analysed_sample(first_visit):
    at = first_visit
    assert not at.exception and not at.error
    assert len(at.tabs) == TABS
    assert at.session_state["missing"] == DEFAULT_MISSING and at.session_state["seed"] == 20261122
    text = _texts(at)
    assert "电商物流服务质量与顾客满意度分析" in text
    assert "分析样本 460 份，剔除 40 份" in text
    # the run's settings under the title; no mapping step for the sample study
    # (the sample has missing answers: the default uses FIML, and the caption says what was used)
    assert t("run_info_no_boot", "zh-Hans", estimator=t("est_ML", "zh-Hans"),
             missing=t("missing_fiml", "zh-Hans")) in [c.value for c in at.main.caption]
    assert not at.get("expander") or t("mapping_step", "zh-Hans") not in [e.label for e in at.expander]
    assert not [b for b in at.button if b.key == "confirm"]


def test_sidebar_names_the_version_and_the_guides(first_visit):
    import research

    at = first_visit
    assert t("version", "zh-Hans", version=research.__version__) in [c.value for c in at.sidebar.caption]
    guide = next(e for e in at.sidebar.expander if e.label == t("guide", "zh-Hans"))
    shown = [m.value for m in guide.markdown]
    assert t("wjx_guide", "zh-Hans") in shown and "问卷星" in t("wjx_guide", "zh-Hans")


def test_every_page_has_its_tables(first_visit):
    at = first_visit
    tabs = at.tabs
    data, rel, meas, struct, reg, drv, seg, idx, dl = tabs
    assert len(data.dataframe) == 4                       # ordinal check (expander), samples, preview, excluded
    ordinal = data.dataframe[0].value                     # every item: categories, skewness, largest share
    assert len(ordinal) == 27 and "偏度（G1）" in ordinal.columns
    samples = data.dataframe[1].value.set_index("分析")
    # one sample throughout: with FIML the CFA and the SEM use every screened response
    assert samples.loc["筛选后的有效样本", "N"] == "460"
    assert samples.loc["验证性因子分析（CFA）", "N"] == "460" and samples.loc["结构方程模型（SEM）", "N"] == "460"
    assert samples.loc["验证性因子分析（CFA）", "样本与缺失答案的处理"].startswith("FIML")
    assert len(data.dataframe[2].value) == 10             # the first rows of the file, as read
    excluded = data.dataframe[3].value
    assert len(excluded) == 40
    assert len(rel.dataframe) == 3                        # reliability, HTMT, Fornell–Larcker
    rel_table = rel.dataframe[0].value
    # constructs by their names in the language, their codes beside them
    assert list(rel_table.iloc[:, 0]) == ["经济性", "响应性", "灵活性", "可靠性", "移情性", "顾客满意度", "顾客忠诚度"]
    assert list(rel_table["代码"]) == ["ECO", "RES", "FLE", "REL", "EMP", "SAT", "LOY"]
    # fit, loadings, then the diagnostics: modification indices, residuals, Mardia, method-bias checks and,
    # in expanders, the method-factor items and the full-collinearity VIFs
    assert len(meas.dataframe) == 8 and len(meas.image) == 1
    paths = struct.dataframe[1].value                     # after the fit table
    assert "REL → SAT" in list(paths["代码"]) and "可靠性 → 顾客满意度" in list(paths.iloc[:, 0])
    assert len(struct.image) == 1                         # path diagram
    assert len(reg.dataframe) == 2                        # SAT and LOY
    assert len(drv.dataframe) == 2 and len(drv.image) == 3              # bars, IPA, stated-importance IPA
    assert any("选择分组变量" in i.value for i in seg.info)  # no group chosen yet
    assert len(idx.metric) == 1
    assert len(dl.get("download_button")) == 4                 # json, xlsx, html and docx reports


def test_index_metric_has_no_arrow_without_a_comparison(first_visit):
    metric = first_visit.tabs[7].metric[0]
    table = first_visit.tabs[7].dataframe[0].value
    assert table.iloc[0, 0] == "全体" and table.iloc[0, 1] == "460"
    assert metric.value == f"{table.iloc[0, 2]} · {table.iloc[0, -1]}"       # "58.5 · 低"
    assert re.fullmatch(r"\d+\.\d · 低", metric.value)
    assert not metric.delta                                   # no up/down arrow: nothing to compare with


def test_numbers_equal_research_analyze(first_visit, files, sample_results):
    d = sample_results
    table = first_visit.tabs[3].dataframe[1].value
    paths = table.set_index("代码")
    row = next(p for p in d["sem"]["parameters"] if p["op"] == "~" and p["lhs"] == "SAT" and p["rhs"] == "REL")
    assert paths.loc["REL → SAT", "β"] == apa.unit(row["std.all"])            # as a journal prints it: ".183"
    assert re.fullmatch(r"−?\.\d{3}", paths.loc["REL → SAT", "β"])
    # the table's CSV keeps the full number
    full = _csv_file(files, "paths.csv").set_index("代码")
    assert full.loc["REL → SAT", "β"] == pytest.approx(row["std.all"], abs=1e-12)
    assert d["sem"]["n"] == d["cfa"]["n"] == d["n"] == 460                     # FIML: one N throughout


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
    at = _app(group="XBORDER", **FAST)
    assert not at.exception and not at.error
    # the grouping box: "" is no grouping, shown as （无）; the segments by their question's text
    box = _widget(at, "selectbox", "group")
    assert box.value == "XBORDER" and box.options[0] == t("none", "zh-Hans")
    assert "您的网购以跨境还是国内为主？" in box.options and "XBORDER" not in box.options
    seg = at.tabs[6]
    assert len(seg.dataframe) == 2 and len(seg.image) == 1
    assert any("最高成立水平" in m.value for m in seg.markdown)
    # the index: the whole sample without an arrow, each segment with its difference from it
    idx = at.tabs[7]
    whole, *parts = idx.metric
    assert not whole.delta and len(parts) >= 2
    overall = float(whole.value.split(" · ")[0])
    for m in parts:
        assert re.fullmatch(r"[+-]\d+\.\d", m.delta)
        assert float(m.delta) == pytest.approx(float(m.value.split(" · ")[0]) - overall, abs=0.051)
        assert not re.fullmatch(r"\d+", m.label)            # named, not coded


def _upload(at: AppTest, name: str, data: bytes, confirm: bool = True) -> AppTest:
    """Upload ``data`` as ``name``; then, if the mapping step asks for it, click "确认并分析"."""
    _widget(at, "radio", "source").set_value("upload").run()
    at.sidebar.file_uploader(key="upload").set_value((name, data, "application/octet-stream"))
    at.run()
    if confirm:
        _confirm(at)
    return at


def _confirm(at: AppTest) -> AppTest:
    buttons = [b for b in at.button if b.key == "confirm"]
    if buttons:
        buttons[0].click()
        at.run()
    return at


def _mapping_step(at: AppTest):
    return next(e for e in at.expander if e.label == t("mapping_step", at.session_state["lang"]))


def test_upload_waits_for_confirm_then_analyses():
    at = _upload(_app(**FAST), "问卷星导出.csv", SAMPLE.read_bytes(), confirm=False)
    assert not at.exception and not at.error
    # what was recognised, and nothing analysed yet
    step = _mapping_step(at)
    said = _shown_text(step.markdown[0].value)
    assert said == t("recognised", "zh-Hans", file="问卷星导出.csv", platform="问卷星", encoding="gbk", rows=500,
                     matched=38, questions=38)
    assert len(at.tabs) == 0 and [i.value for i in at.info] == [t("confirm_first", "zh-Hans")]
    editor = at.data_editor(key="mapping_edit_zh-Hans")
    table = editor.value
    assert list(table.columns) == ["column", "item", "how"]
    mapped = table[table["item"] != ""]
    assert len(mapped) == 38 and "ECO1" in set(mapped["item"]) and "ATTN1" in set(mapped["item"])
    roles = at.data_editor(key="roles_zh-Hans").value
    assert list(roles.index) == ["ECO", "RES", "FLE", "REL", "EMP", "SAT", "LOY"]
    assert list(roles["role"]) == ["driver"] * 5 + ["mediator", "outcome"]
    confirm = next(b for b in at.button if b.key == "confirm")
    assert confirm.label == "确认并分析"
    at.run()                                                # a rerun does not confirm
    assert len(at.tabs) == 0
    _confirm(at)
    assert not at.exception and not at.error and len(at.tabs) == TABS
    assert at.session_state["confirmed"]
    assert "gbk" in _texts(at).lower()
    assert "分析样本 460 份，剔除 40 份" in _texts(at)
    at.run()                                                # and the analysis stays
    assert len(at.tabs) == TABS


ATTENTION = "20、本题为注意力检测，请选择“不同意”。"
ECO1_COLUMN, ECO2_COLUMN = "6、运费与配送速度和距离相称", "7、运费、关税等费用清楚透明"


def _edit(at: AppTest, editor: str, rows: dict) -> AppTest:
    """Cell edits of a data editor, as the browser sends them: {row: {column: value}}."""
    at.session_state[editor] = {"edited_rows": rows, "added_rows": [], "deleted_rows": []}
    return at.run()


def _row(table: pd.DataFrame, column: str) -> int:
    return int(table.index[table["column"] == column][0])


@pytest.fixture(scope="module")
def edited(files):
    """The sample's export uploaded and confirmed as recognised, then its mapping edited (ECO1 and ECO2 swapped,
    the attention check not used) and one role changed (FLE measured only), and confirmed again."""
    at = _upload(_app(**FAST), "问卷星导出.csv", SAMPLE.read_bytes())
    before = {"n": _texts(at), "loadings": at.tabs[2].dataframe[1].value.set_index("代码"),
              "paths": list(at.tabs[3].dataframe[1].value["代码"])}
    table = at.data_editor(key="mapping_edit_zh-Hans").value
    _edit(at, "mapping_edit_zh-Hans", {_row(table, ECO1_COLUMN): {"item": "ECO2"},
                                       _row(table, ECO2_COLUMN): {"item": "ECO1"},
                                       _row(table, ATTENTION): {"item": ""}})
    after_edit = SimpleNamespace(tabs=len(at.tabs), info=[i.value for i in at.info],
                                 markdown=_shown_text(_mapping_step(at).markdown[0].value))
    _edit(at, "roles_zh-Hans", {2: {"role": "none"}})                  # FLE
    after_roles = SimpleNamespace(tabs=len(at.tabs), info=[i.value for i in at.info])
    _confirm(at)
    return SimpleNamespace(at=at, before=before, after_edit=after_edit, after_roles=after_roles,
                           mapping=files["mapping.yaml"])


def test_an_edited_mapping_asks_for_confirmation_and_changes_the_analysis(edited):
    at, before = edited.at, edited.before
    # each edit took the analysis away until it was confirmed again
    assert edited.after_edit.tabs == 0 and edited.after_edit.info == [t("confirm_first", "zh-Hans")]
    assert edited.after_roles.tabs == 0 and edited.after_roles.info == [t("confirm_first", "zh-Hans")]
    assert "37 列对应到问卷的 38 个题目" in edited.after_edit.markdown            # the attention check left out
    assert not at.exception and not at.error and len(at.tabs) == TABS
    assert at.session_state["kept"]["mapping"] == {ECO1_COLUMN: "ECO2", ECO2_COLUMN: "ECO1", ATTENTION: None}
    assert at.session_state["kept"]["roles"] == {"FLE": "none"}
    # the editor shows the choices, marked as made by hand
    table = at.data_editor(key="mapping_edit_zh-Hans").value.set_index("column")
    assert table.loc[ECO1_COLUMN, "item"] == "ECO2" and table.loc[ATTENTION, "item"] == ""
    assert table.loc[ECO1_COLUMN, "how"] == t("how_edited", "zh-Hans")
    # without the attention check fewer responses are excluded
    assert "分析样本 460 份，剔除 40 份" in before["n"]
    shown = re.search(r"分析样本 (\d+) 份，剔除 (\d+) 份", _texts(at))
    assert shown and int(shown[1]) > 460 and int(shown[1]) + int(shown[2]) == 500
    # the swapped columns: ECO1 now has the loading ECO2 had
    loadings = at.tabs[2].dataframe[1].value.set_index("代码")
    assert loadings.loc["ECO1", "标准化载荷"] != before["loadings"].loc["ECO1", "标准化载荷"]
    assert abs(float(loadings.loc["ECO1", "标准化载荷"]) - float(before["loadings"].loc["ECO2", "标准化载荷"])) < .03
    # FLE is measured only: no path from it any more
    assert "FLE → SAT" in before["paths"]
    paths = list(at.tabs[3].dataframe[1].value["代码"])
    assert paths and not [p for p in paths if "FLE" in p]


def test_the_mapping_download_is_read_by_research_analyze(edited, tmp_path):
    """mapping.yaml as downloaded: ``column: id`` or ``column: null``, read back by read_mapping, and
    ``research analyze --mapping`` on the same file gives the same sample."""
    import json

    import yaml

    import research
    from research.cli import main
    from research.io.mapping import read_mapping

    text = edited.mapping.decode("utf-8")
    assert text.startswith("# ") and "research analyze" in text.splitlines()[0]
    plain_yaml = yaml.safe_load(text)
    assert plain_yaml[ECO1_COLUMN] == "ECO2" and plain_yaml[ECO2_COLUMN] == "ECO1" and plain_yaml[ATTENTION] is None
    assert len(plain_yaml) == 38                                          # every column with a question
    q = research.load_questionnaire("lsq5")
    read = read_mapping(edited.mapping, q, file="mapping.yaml")
    assert read[ECO1_COLUMN] == "ECO2" and read[ATTENTION] is None
    path = tmp_path / "mapping.yaml"
    path.write_bytes(edited.mapping)
    assert read_mapping(path, q) == read
    out = tmp_path / "out"
    assert main(["--lang", "en", "analyze", str(SAMPLE), "--mapping", str(path), "--bootstrap", "0",
                 "--missing", "listwise", "--out", str(out)]) == 0
    d = json.loads((out / "results.json").read_text(encoding="utf-8"))
    shown = re.search(r"分析样本 (\d+) 份，剔除 (\d+) 份", _texts(edited.at))
    assert d["n"] == int(shown[1]) and len(d["excluded"]) == int(shown[2])
    loadings = edited.at.tabs[2].dataframe[1].value.set_index("代码")
    eco1 = next(p for p in d["cfa"]["parameters"] if p["op"] == "=~" and p["rhs"] == "ECO1")
    assert loadings.loc["ECO1", "标准化载荷"] == apa.unit(eco1["std.all"])


def test_a_language_switch_keeps_every_choice(edited):
    at = edited.at
    n = re.search(r"分析样本 (\d+) 份", _texts(at))[1]
    for lang in ("en", "zh-Hant", "zh-Hans"):
        at.sidebar.radio(key="lang").set_value(lang).run()
        assert not at.exception and not at.error
        assert at.session_state["source"] == "upload" and _widget(at, "radio", "source").value == "upload"
        assert at.session_state["missing"] == "listwise" and at.session_state["bootstrap"] == 0
        assert len(at.tabs) == TABS                                  # still confirmed: nothing asked again
        texts = _texts(at)
        assert t("n_analysed", lang, n=n, excluded=500 - int(n)) in texts     # the upload's n, not the sample's 460
        table = at.data_editor(key=f"mapping_edit_{lang}").value.set_index("column")
        assert table.loc[ECO1_COLUMN, "item"] == "ECO2" and table.loc[ATTENTION, "item"] == ""
        assert table.loc[ECO1_COLUMN, "how"] == t("how_edited", lang)
        roles = at.data_editor(key=f"roles_{lang}").value
        assert roles.loc["FLE", "role"] == "none" and roles.loc["ECO", "role"] == "driver"
        assert not [p for p in at.tabs[3].dataframe[1].value.iloc[:, 1] if "FLE" in p]


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
    at = _upload(_app(**FAST), "once.csv", data)
    assert not at.exception and not at.error and len(at.tabs) == TABS
    at.run()
    at.run()
    assert reads.count("once.csv") == 1


def test_two_questionnaire_files_without_an_id_are_not_confused():
    """Uploaded YAML files without ``id`` share the default id: the caches key on their content."""
    at = _upload(_app(**FAST), "same.csv", (ROOT / "datasets" / "lsq5_sample.csv").read_bytes())  # columns = ids
    _widget(at, "selectbox", "qchoice").set_value("yaml").run()
    constructs = []
    for second in ("REL", "RES"):
        text = (f"scale: agree5\nconstructs:\n  ECO:\n    items: [ECO1, ECO2, ECO3, ECO4]\n"
                f"  {second}:\n    items: [{second}1, {second}2, {second}3, {second}4]\n")
        at.sidebar.file_uploader(key="yaml").set_value((f"{second}.yaml", text.encode(), "text/yaml"))
        at.run()
        assert not at.exception and not at.error
        assert len(at.tabs) == 0                            # another questionnaire: confirm again
        _confirm(at)
        assert not at.exception and not at.error
        constructs.append(list(at.tabs[1].dataframe[0].value.iloc[:, 0]))   # no labels: the codes
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
    at = _upload(_app(lang="en", **FAST), "same.csv", (ROOT / "datasets" / "lsq5_sample.csv").read_bytes())
    _widget(at, "selectbox", "qchoice").set_value("yaml").run()
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
    at = _upload(_app(lang=lang, **FAST), name, data)
    assert not at.exception
    assert at.error and word in at.error[0].value
    assert not at.get("progress")                      # the progress bar went with the failed job
    assert len(at.tabs) == 0
    # the session keeps working: back to the sample study
    _widget(at, "radio", "source").set_value("sample").run()
    assert not at.exception and not at.error and len(at.tabs) == TABS


FIVE_ROWS = "".join(SAMPLE.read_bytes().decode("gbk").splitlines(keepends=True)[:6]).encode("gbk")


@pytest.mark.parametrize("lang,missing,says", [
    ("zh-Hans", "fiml", ("可分析的答卷太少：", "文件 5 行", "模型有 27 个题目", "至少需要 28 份答卷")),
    ("zh-Hant", "fiml", ("可分析的答卷太少：", "檔案 5 列", "模型有 27 個題目", "至少需要 28 份答卷")),
    ("en", "fiml", ("Too few responses to analyse:", "5 rows in the file", "a model with 27 questions",
                    "at least 28 responses")),
    ("zh-Hans", "listwise", ("完整作答的答卷太少：", "文件 5 行", "模型有 27 个题目", "至少需要 28 份", "FIML")),
])
def test_too_few_rows_say_how_many_are_needed_and_why(lang, missing, says):
    """Five responses for a model of 27 questions: the message says how many are needed (28: more responses
    than questions) and why, in the language; the progress bar goes with the failed job."""
    at = _upload(_app(lang=lang, missing=missing), "five.csv", FIVE_ROWS)
    assert not at.exception and len(at.error) == 1 and not at.get("progress") and len(at.tabs) == 0
    message = _shown_text(at.error[0].value)
    for part in says:
        assert part in message, (part, message)
    assert "N = " not in message and "data" not in message.replace("data/", "")


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
    at = _app(lang="en", **FAST)
    _widget(at, "radio", "source").set_value("upload").run()
    _widget(at, "selectbox", "qchoice").set_value("manual").run()
    at.sidebar.file_uploader(key="upload").set_value(("plain.csv", _csv(plain), "text/csv"))
    at.run()
    assert not at.exception and not at.error
    assert len(at.tabs) == 0 and [i.value for i in at.info] == [t("confirm_first", "en")]    # waits for confirm
    _confirm(at)
    assert not at.exception and not at.error
    assert len(at.tabs) == TABS
    rel = at.tabs[1].dataframe[0].value
    assert list(rel.iloc[:, 0]) == ["ECO", "REL", "SAT"]
    # the text column 平台 can group the respondents
    group = _widget(at, "selectbox", "group")
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
    at = _upload(_app(**FAST), "问卷星.csv", ("\n".join(lines) + "\n").encode("gbk"), confirm=False)
    assert not at.exception and not at.error
    # the mapping step lists the answer before the analysis …
    step = _mapping_step(at)
    assert [w.value for w in step.warning] == [t("invalid_answers", "zh-Hans", n=1)]
    listed = next(df.value for df in step.dataframe if t("map_value", "zh-Hans") in df.value.columns)
    assert list(listed[t("map_value", "zh-Hans")]) == ["还行吧"] and list(listed[t("map_row", "zh-Hans")]) == [2]
    _confirm(at)
    assert not at.exception and not at.error
    # … and the data page after it
    assert any("1 个答案不是量表上的选项" in w.value for w in at.warning)
    problems = at.tabs[0].dataframe[0].value
    assert list(problems[t("map_value", "zh-Hans")]) == ["还行吧"]
    assert list(problems[t("map_row", "zh-Hans")].astype(str)) == ["2"]


def test_app_bootstrap_equals_research_analyze_with_the_same_seed(files):
    import research

    at = _app(bootstrap=60, seed=7, **FAST)
    assert not at.exception and not at.error
    # the run's settings under the title: resamples and seed
    assert t("run_info", "zh-Hans", estimator=t("est_ML", "zh-Hans"), missing=t("missing_listwise", "zh-Hans"),
             boot="60", seed=7) in [c.value for c in at.main.caption]
    effects = at.tabs[3].dataframe[2].value
    d = research.analyze(SAMPLE, questionnaire="lsq5", bootstrap=60, seed=7, missing="listwise").to_dict()
    ours = effects[effects["效应类型"] == "间接"]
    full = _csv_file(files, "effects.csv")
    full = full[full["效应类型"] == "间接"]
    ref = [e for e in d["sem"]["effects"] if e["type"] == "indirect"]
    assert len(ours) == len(full) == len(ref) == 5
    for (_, row), (_, exact), e in zip(ours.iterrows(), full.iterrows(), ref):
        assert row["95% CI 下限"] == apa.num(e["ci.lower"], 3) and row["95% CI 上限"] == apa.num(e["ci.upper"], 3)
        assert exact["95% CI 下限"] == pytest.approx(e["ci.lower"], abs=1e-12)
        assert exact["95% CI 上限"] == pytest.approx(e["ci.upper"], abs=1e-12)


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
    """What ``research analyze`` gives on the app's defaults (FIML for the sample, which has missing answers),
    without the bootstrap."""
    import research
    return research.analyze(SAMPLE, questionnaire="lsq5", bootstrap=0, seed=20261122,
                            missing=DEFAULT_MISSING).to_dict()


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
    assert mi.iloc[0, 2] == apa.num(top["mi"], 2)
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


def test_factor_scores_chosen_in_the_sidebar(sample_results):
    """The sidebar's construct scores (CLI --scores): the regressions run on the CFA's factor scores, as
    research.analyze(scores="factor") on the same file and settings, and the page says which scores each table
    used; the default stays mean item scores."""
    import research

    at = _app(scores="factor", lang="en")
    assert not at.exception and not at.error
    d = research.analyze(SAMPLE, questionnaire="lsq5", bootstrap=0, seed=20261122, missing=DEFAULT_MISSING,
                         scores="factor").to_dict()
    tab = at.tabs[4]
    assert tab.label == t("tab_regression", "en")
    frames = [df.value for df in tab.dataframe]
    assert len(frames) == len(d["regression"]) == len(sample_results["regression"]) == 2
    for frame, entry, mean in zip(frames, d["regression"], sample_results["regression"]):
        assert entry["scores"] == "factor" and mean["scores"] == "mean"
        assert list(frame["B"]) == [apa.num(c["b"], 3) for c in entry["coefficients"]]
        assert list(frame["B"]) != [apa.num(c["b"], 3) for c in mean["coefficients"]]
    captions = [_shown_text(c.value) for c in tab.caption]
    assert captions.count("Construct scores are CFA factor scores (regression method; Thurstone, 1935).") == 2
    default = _app(lang="zh-Hant")
    assert [_shown_text(c.value) for c in default.tabs[4].caption].count("構念分數為題目平均分數。") == 2
    assert [df.value["B"].tolist() for df in default.tabs[4].dataframe] == \
        [[apa.num(c["b"], 3) for c in e["coefficients"]] for e in sample_results["regression"]]


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
    assert table["CR"].iloc[0] in ("", "—") and table["AVE"].iloc[0] in ("", "—") and CROSS[lang] in table.iloc[0, -1]
    assert table["CR"].iloc[1] not in ("", "—")
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
    assert list(partial[display.HEAD["score_x2"][lang]]) == ["9.50", "12.25", "6.50"]         # χ² to 2 decimals
    for text in _tab_texts(rel) + _tab_texts(meas) + _tab_texts(seg):
        assert not re.search(r"\bNone\b|\bnan\b", text), text


def test_segments_page_names_the_estimator_and_the_robust_indices():
    at = _app(lang="zh-Hant", group="PLATFORM", estimator="MLR", **FAST)
    assert not at.exception and not at.error
    seg = at.tabs[6]
    captions = [c.value for c in seg.caption]
    assert any(t("est_MLR", "zh-Hant") in c and t("indices_MLR", "zh-Hant") in c for c in captions)
    inv = seg.dataframe[1].value
    assert "穩健 CFI" in inv.columns and "穩健 RMSEA" in inv.columns and "校正 χ²" in inv.columns
    assert list(inv.iloc[:, 0])[:2] == ["形貌", "量尺（負荷量等同）"]
    meas_text = "\n".join(_tab_texts(at.tabs[2]))
    assert t("mardia_mlr", "zh-Hant") in meas_text


def test_the_preview_shows_whole_answers_as_the_file_wrote_them():
    """A plain CSV's answer column with a gap is read as floats (3.0): the preview shows 3, an empty cell empty,
    and text and fractions as they are."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("app_module_preview", ROOT / "app.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)                 # defines only (main() runs under `streamlit run`)
    raw = pd.DataFrame({"ECO1": [3.0, None, 5.0], "duration": [270.5, 31.0, 1e20], "city": ["厦门", None, "3.0"]})
    shown = module._as_text(raw)
    assert shown.to_dict(orient="list") == {"ECO1": ["3", "", "5"], "duration": ["270.5", "31", "1e+20"],
                                            "city": ["厦门", "", "3.0"]}
