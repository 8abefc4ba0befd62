"""The web app, driven by Streamlit's AppTest: every page on the sample study, the language switch,
uploads, and each kind of bad input ending in a message in the chosen language, never a traceback."""
from __future__ import annotations

import io

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT

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


def _texts(at) -> str:
    parts = [m.value for m in at.markdown] + [m.value for m in at.caption] + [m.value for m in at.info]
    parts += [m.value for m in at.title] + [m.value for m in at.subheader] + [e.value for e in at.error]
    return "\n".join(str(p) for p in parts)


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
    assert len(meas.dataframe) == 2 and len(meas.image) == 1
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
    import research

    reads = []
    real = research.load_responses

    def counting(*args, **kwargs):
        reads.append(kwargs.get("name"))
        return real(*args, **kwargs)

    monkeypatch.setattr(research, "load_responses", counting)
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
