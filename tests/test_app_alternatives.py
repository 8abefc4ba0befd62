"""The evaluation page's third choice, "rank an alternatives table" (issue 17 point 5), driven by Streamlit's AppTest:

* the choice in each language, the upload prompt and the example table (which the page then ranks), every text
  clean for its language (tests/test_translations.py's checker);
* a GBK CSV of couriers uploaded: the name column and numeric criteria found, cost criteria chosen; the weights,
  the TOPSIS closeness and the grey relational grades shown (fixed decimals) and the downloads (results JSON, the
  ranking CSV, the XLSX) equal rank_alternatives on the same table; a switch to CRITIC, to min–max TOPSIS and to
  zh-Hant relabels the page with the direct call's numbers;
* AHP: the blank workbook of the chosen criteria downloaded, filled by two experts here and uploaded: the group
  weights (AIJ) equal the eigenvector of the element-wise geometric mean computed here;
* refusals: a repeated alternative name and text in a criterion column named (rows, column, value) in each
  language, no traceback.
"""
from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from research.evaluation.alternatives import rank_alternatives
from research.io.load import load_table
from research.report import apa
from research.ui_text import t
from test_app import _shown_text, files  # noqa: F401 — files: fixture
from test_translations import problems

APP = str(ROOT / "app.py")
LANGS = ("zh-Hans", "zh-Hant", "en")
COURIERS = ("快递公司,价格,时效,破损率,满意度\n顺丰,18,1.2,0.5,4.6\n中通,10,2.5,1.2,4.0\n圆通,9,2.8,1.5,3.8\n"
            "京东,16,1.0,0.4,4.7\n邮政,11,3.0,0.9,3.9\n").encode("gbk")
COST = ["价格", "时效", "破损率"]


def _page(lang: str = "zh-Hans", **state) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=300)
    at.session_state["lang"] = lang
    at.session_state["view"] = "evaluation"
    at.session_state["eval_system"] = "alternatives"
    for k, v in state.items():
        at.session_state[k] = v
    return at.run()


def _texts(at) -> list[str]:
    parts = [m.value for m in at.main.markdown] + [c.value for c in at.main.caption] + [
        h.value for h in at.main.header] + [s.value for s in at.main.subheader] + [e.value for e in at.error] + [
        i.value for i in at.info] + [w.value for w in at.warning] + [m.label for m in at.main.metric]
    parts += [w.label for kind in ("selectbox", "radio", "button", "number_input", "multiselect")
              for w in at.main.get(kind)]
    parts += [o for kind in ("selectbox", "radio") for w in at.main.get(kind) for o in w.options]
    parts += [tab.label for tab in at.tabs]
    parts += [str(c) for df in at.main.dataframe for c in df.value.columns]
    return [_shown_text(p) for p in parts if p]


def _table(at, first_header: str, contains: str) -> pd.DataFrame:
    return next(df.value for df in at.main.dataframe if df.value.columns[0] == first_header
                and any(contains in str(c) for c in df.value.columns))


def _upload(at, data: bytes = COURIERS, name: str = "couriers.csv"):
    at.file_uploader(key="alt_file").set_value((name, data, "text/csv"))
    return at.run()


def _direct(**kwargs):
    frame, _ = load_table(COURIERS, name="couriers.csv")
    return rank_alternatives(frame, first_row=2, **kwargs)


@pytest.mark.parametrize("lang", LANGS)
def test_the_choice_in_each_language(lang, files):
    at = _page(lang)
    assert not at.exception and not at.error
    box = at.selectbox(key=f"eval_system@{lang}")
    assert box.value == "alternatives" and box.options[-1] == t("eval_system_alternatives", lang)
    assert [i.value for i in at.info] == [t("alt_upload_first", lang)]
    example = files["alternatives_example.csv"]
    head = {"zh-Hans": "快递公司", "zh-Hant": "物流業者", "en": "Courier"}[lang]
    assert example.startswith(b"\xef\xbb\xbf") and example.decode("utf-8-sig").startswith(head)
    found = {s: problems(s, lang) for s in _texts(at)}
    assert not {s: p for s, p in found.items() if p}
    # the example table, uploaded as it was downloaded, is ranked
    at = _upload(at, example, "alternatives_example.csv")
    assert not at.exception and not at.error
    assert [tab.label for tab in at.tabs] == [t(k, lang) for k in ("alt_tab_ranking", "alt_tab_weights",
                                                                  "alt_tab_sensitivity", "alt_tab_data",
                                                                  "eval_tab_downloads")]
    found = {s: problems(s, lang) for s in _texts(at)}
    assert not {s: p for s, p in found.items() if p}


def test_upload_pick_rank_download(files):
    at = _upload(_page("zh-Hans"))
    assert not at.exception and not at.error
    assert at.selectbox(key="alt_name:" + _sha()[:16] + "@zh-Hans").value == "快递公司"
    crit = at.multiselect(key="alt_criteria:" + _sha()[:16] + "@zh-Hans")
    assert crit.value == ["价格", "时效", "破损率", "满意度"]
    at.multiselect(key="alt_cost:" + _sha()[:16] + "@zh-Hans").set_value(COST)
    at.run()
    assert not at.exception and not at.error
    direct = _direct(name="快递公司", cost=COST)
    shown = _table(at, "指标", "权重")
    assert shown["权重"].tolist() == [apa.unit(w, 4) for w in direct.weights]
    assert shown["方向"].tolist() == ["成本型", "成本型", "成本型", "效益型"]
    ranking = _table(at, "方案", "贴近度 C")
    best = direct.table()
    assert ranking["方案"].tolist() == best["alternative"].tolist() == ["京东", "顺丰", "中通", "邮政", "圆通"]
    assert ranking["贴近度 C"].tolist() == [apa.unit(c, 4) for c in best["C"]]
    assert ranking["灰色关联度"].tolist() == [apa.unit(g, 4) for g in best["grey_grade"]]
    m = {x.label: x.value for x in at.main.metric}
    assert m[t("alt_m_top_topsis", "zh-Hans")] == "京东" and m[t("alt_m_top_grey", "zh-Hans")] == "京东"
    # downloads: the JSON block, the ranking CSV and the workbook are the direct call's
    doc = json.loads(files["alternatives.json"])
    want = json.loads(json.dumps(direct.to_dict(), allow_nan=False))
    assert doc["meta"]["mode"] == "alternatives" and doc["meta"]["data"] == "couriers.csv"
    assert [r["weight"] for r in doc["alternatives"]["weights"]["table"]] == pytest.approx(
        [r["weight"] for r in want["weights"]["table"]], rel=1e-12)
    assert doc["alternatives"]["ranking"] == want["ranking"]
    csv = pd.read_csv(io.BytesIO(files["alternatives_ranking.csv"]), encoding="utf-8-sig")
    assert csv["C"].to_numpy() == pytest.approx(best["C"].to_numpy(), rel=1e-12)
    book = load_workbook(io.BytesIO(files["alternatives.xlsx"]))
    assert book.sheetnames == ["权重", "排序", "敏感性 TOPSIS", "敏感性 灰色关联", "原始数据"]
    # figures drawn
    assert {"alternatives_topsis.png", "alternatives_grey_relational.png"} <= set(files)

    # CRITIC, min–max TOPSIS, then Traditional Chinese: relabelled, the direct call's numbers
    at.selectbox(key="alt_weights@zh-Hans").set_value("critic")
    at.radio(key="alt_norm@zh-Hans").set_value("minmax")
    at.run()
    at.session_state["lang"] = "zh-Hant"
    at.run()
    assert not at.exception and not at.error
    direct = _direct(name="快递公司", cost=COST, weights="critic", normalisation="minmax")
    shown = _table(at, "指標", "權重")
    assert shown["權重"].tolist() == [apa.unit(w, 4) for w in direct.weights]
    ranking = _table(at, "方案", "貼近度 C")
    assert ranking["貼近度 C"].tolist() == [apa.unit(c, 4) for c in direct.table()["C"]]
    assert any("CRITIC" in c.value and "極差正規化" in c.value for c in at.main.caption)
    user = ["快递公司", *COST, "满意度", "顺丰", "中通", "圆通", "京东", "邮政"]     # the table's own words stay as typed

    def ours(text: str) -> str:
        for word in user:
            text = text.replace(word, " ")
        return text
    found = {s: problems(ours(s), "zh-Hant") for s in _texts(at)}
    assert not {s: p for s, p in found.items() if p}


def _sha() -> str:
    import hashlib
    return hashlib.sha256(COURIERS).hexdigest()


def test_two_experts_ahp(files):
    at = _upload(_page("en"))
    key = _sha()[:16]
    at.multiselect(key=f"alt_criteria:{key}@en").set_value(["价格", "时效", "满意度"])
    at.multiselect(key=f"alt_cost:{key}@en").set_value(["价格", "时效"])
    at.selectbox(key="alt_weights@en").set_value("ahp")
    at.run()
    assert [i.value for i in at.info] == [t("alt_ahp_needs_books", "en")]
    blank = files["criteria_ahp.xlsx"]
    judgements = ({"D7": 3, "E7": 5, "E8": 2}, {"D7": 2, "E7": "1/2", "E8": 4})
    books = []
    for cells in judgements:
        wb = load_workbook(io.BytesIO(blank))
        for ref, v in cells.items():
            wb.worksheets[0][ref] = v
        buf = io.BytesIO()
        wb.save(buf)
        books.append(buf.getvalue())
    at.file_uploader(key="alt_books").set_value([("anna.xlsx", books[0], "application/octet-stream"),
                                                ("ben.xlsx", books[1], "application/octet-stream")])
    at.run()
    assert not at.exception and not at.error
    mats = []
    for cells in judgements:
        a = np.ones((3, 3))
        for ref, v in cells.items():
            i, j = int(ref[1]) - 7, ord(ref[0]) - ord("C")
            a[i, j] = 0.5 if v == "1/2" else float(v)
            a[j, i] = 1 / a[i, j]
        mats.append(a)
    g = np.sqrt(mats[0] * mats[1])
    vals, vecs = np.linalg.eig(g)
    w = np.abs(np.real(vecs[:, np.argmax(np.real(vals))]))
    w = w / w.sum()
    shown = _table(at, "Criterion", "Weight")
    assert shown["Weight"].tolist() == [apa.unit(x, 4) for x in w]
    doc = json.loads(files["alternatives.json"])["alternatives"]
    assert doc["weights"]["method"] == "group_ahp"
    assert [r["weight"] for r in doc["weights"]["table"]] == pytest.approx(w, abs=1e-9)
    assert set(doc["weights"]["detail"]["experts"]) == {"anna.xlsx", "ben.xlsx"}
    assert any("group AHP (AIJ, 2 experts)" in c.value for c in at.main.caption)


@pytest.mark.parametrize("lang", LANGS)
def test_refusals_in_each_language(lang):
    dup = "公司,p,q\n顺丰,1,2\n中通,2,1\n顺丰,3,3\n".encode("utf-8")
    at = _upload(_page(lang), dup, "dup.csv")
    assert not at.exception
    (err,) = [e.value for e in at.error]
    assert "2, 4" in _shown_text(err) and "顺丰" in _shown_text(err)
    assert not problems(_shown_text(err).split("顺丰")[-1], lang) or lang == "en"
    text = "公司,p,q\n顺丰,1,2\n中通,二,1\n圆通,3,3\n".encode("utf-8")
    at = _upload(_page(lang), text, "text.csv")
    (err,) = [e.value for e in at.error]
    shown = _shown_text(err)
    assert "二" in shown and "p" in shown
    assert {"en": "row 3", "zh-Hans": "第 3 行", "zh-Hant": "第 3 列"}[lang] in shown


def test_the_alternatives_page_needs_no_survey_file():
    """With "Upload my data" chosen in the sidebar and no survey file yet, the alternatives choice still shows its
    own page (its table is uploaded there); another index system asks for the survey file first."""
    at = _page("en", source="upload")
    assert not at.exception and not at.error
    assert [i.value for i in at.info] == [t("alt_upload_first", "en")]
    at = _upload(at)
    assert not at.exception and not at.error
    assert [tab.label for tab in at.tabs][0] == t("alt_tab_ranking", "en")
    at = _page("en", source="upload", eval_system="template:lsq5-index")
    assert not at.exception and not at.error
    assert t("upload_first", "en") in [i.value for i in at.info]
