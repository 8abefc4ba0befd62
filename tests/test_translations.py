"""Every text a user sees exists in 简体中文, 繁體中文 (Taiwan usage) and English, and each language is clean.

Two walks:

* the message tables in the source: every literal whose keys (or keyword arguments) are the language codes
  ``"en"``, ``"zh-Hans"``, ``"zh-Hant"`` (``en=``, ``zh_hans=``, ``zh_hant=``) — the UI table, the error
  messages, the display tables, figures, report, screening, marketing, import and the warnings ``analyze``
  builds — is found by parsing every module, so a new table is checked without being listed here;
* the web app itself, driven by Streamlit's ``AppTest`` on the sample study: every string its pages show in
  each language.

Each Chinese text must carry no English code word (``speeder``, ``column``, ``listwise``, ``wjx`` …;
established abbreviations and names such as ML, CFI or Qualtrics are fine), the 繁體 text no Simplified-only
character and no Mainland term where Taiwan says otherwise (数据 → 資料, 拟合 → 配適 …), the 简体 text no
Traditional-only character; and all three languages of an entry have the same {placeholders}.

Simplified-only and Traditional-only characters are decided by OpenCC: a character is Simplified-only when
the Traditional conversion changes it and the Simplified conversion keeps it, and the other way round.
"""
from __future__ import annotations

import ast
import json
import re
import string
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pytest

from conftest import ROOT

import opencc

LANGS = ("en", "zh-Hans", "zh-Hant")
KEYWORDS = {"en": "en", "zh_hans": "zh-Hans", "zh_hant": "zh-Hant"}
SOURCES = sorted(p for p in (ROOT / "research").rglob("*.py")) + [ROOT / "app.py"]

# English words that are codes or untranslated terms when they appear in a Chinese text (word boundaries,
# case-sensitive: "ML" and "FIML" are established abbreviations, "ml" and "fiml" are codes).
FORBIDDEN_EN = (
    "speeder", "speeders", "straightlining", "straight-lining", "attention", "duplicate", "out_of_range",
    "column", "columns", "item", "items", "how", "metadata", "text", "header", "exact", "fuzzy", "ambiguous",
    "unmapped", "listwise", "pairwise", "various", "configural", "metric", "scalar", "strict", "partial",
    "wjx", "qualtrics", "surveymonkey", "google_forms", "generic", "fiml", "ml", "mlr", "None", "nan", "NaN",
    "True", "False", "null", "missing", "excluded", "reasons", "details", "note", "notes", "row", "rows",
    "segment", "driver", "mediator", "outcome", "construct", "bootstrap", "supported", "overall",
)
_FORBIDDEN_EN = re.compile(r"(?<![\w\-.])(" + "|".join(re.escape(w) for w in FORBIDDEN_EN) + r")(?![\w\-])")

# Mainland terms with the Taiwan term to write instead (Traditional characters, checked in zh-Hant only).
MAINLAND_TERMS = {
    "數據": "資料", "默認": "預設", "文件": "檔案", "信息": "資訊", "質量": "品質", "方差": "變異數",
    "均值": "平均數", "擬合": "配適", "載荷": "負荷量", "軟件": "軟體", "視頻": "影片", "網絡": "網路",
    "用戶": "使用者", "設置": "設定", "樣本量": "樣本數", "檢驗": "檢定", "回歸": "迴歸", "變量": "變項",
    "自助法": "拔靴法", "置信": "信賴", "導出": "匯出", "導入": "匯入", "模板": "範本", "示例": "範例",
    "字符": "字元", "缺失": "遺漏", "列刪法": "成列刪除", "創建": "建立", "保存": "儲存", "加載": "載入",
    "運行": "執行", "界面": "介面", "菜單": "選單", "打印": "列印", "鏈接": "連結", "字段": "欄位",
    "表頭": "標題列", "單元格": "儲存格", "調用": "呼叫", "內存": "記憶體", "緩存": "快取", "服務器": "伺服器",
    "實時": "即時", "屏幕": "螢幕", "圖標": "圖示", "窗口": "視窗", "偏度": "偏態", "修正指數": "修正指標",
    "似然": "概似", "優化": "最佳化", "兼容": "相容", "支持向量": "支援向量", "細分群體": "區隔",
    "賬號": "帳號", "登錄": "登入", "項目": "題項", "線程": "執行緒", "進程": "處理程序",
}
_MAINLAND = re.compile("|".join(sorted(MAINLAND_TERMS, key=len, reverse=True)))
# names of other programs' menus, quoted as those programs write them
MENU_NAMES = ("文件加密",)
# Simplified terms with the usual one (checked in zh-Hans only).
HANS_TERMS = {"列删法": "成列删除"}

# Characters both scripts write alike although OpenCC's one-character conversion changes them: the
# conversion picks one reading of a character that has several (台 in 平台, 占 in 占比, 著 in 显著, …), or an old form
# Taiwan does not use (羣 for 群 in 群體, 遊 for 游 in 上下游).
SHARED_CHARS = set("台占著表只才向周余干制系准范征冲面里后松复划历适借咸苏谷卷吁致沈么峰群游")


@lru_cache(maxsize=1)
def _converters():
    return opencc.OpenCC("s2t"), opencc.OpenCC("t2s")


@lru_cache(maxsize=None)
def _script(ch: str) -> str:
    """"hans" for a Simplified-only character, "hant" for a Traditional-only one, "" otherwise."""
    if ch in SHARED_CHARS or not ("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"):
        return ""
    s2t, t2s = _converters()
    to_trad, to_simp = s2t.convert(ch), t2s.convert(ch)
    if to_trad != ch and to_simp == ch:
        return "hans"
    if to_simp != ch and to_trad == ch:
        return "hant"
    return ""


def _strip(text: str) -> str:
    """The text a reader reads as words: without {placeholders}, `code`, code in ASCII quotes, ``name=value``
    and ``--option`` (what a programmer types is quoted as it is typed), URLs and file-name extensions."""
    while re.search(r"\{[^{}]*\}", text):
        text = re.sub(r"\{[^{}]*\}", " ", text)
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"https?://\S+", " ", text)
    text = re.sub(r"[\w.]+\s?=|--[\w-]+|\w+\([^()]*\)", " ", text)
    text = re.sub(r"'[^'\n]*'|\"[^\"\n]*\"", " ", text)
    return re.sub(r"\.\w+\b", " ", text)


def problems(text: str, lang: str, python: bool = False) -> list[str]:
    """What is wrong with one shown text in ``lang`` (an empty list when nothing is).  ``python``: the text
    tells a programmer how to call a function (an invalid option), where option values such as listwise,
    configural or None are what to type; only its characters and terms are checked."""
    if lang == "en" or not isinstance(text, str):
        return []
    found = []
    words = _strip(text)
    if not python:
        found += [f"English code word {m!r}" for m in dict.fromkeys(_FORBIDDEN_EN.findall(words))]
    wrong = "hans" if lang == "zh-Hant" else "hant"
    chars = "".join(dict.fromkeys(ch for ch in text if _script(ch) == wrong))
    if chars:
        found.append(f"{'Simplified' if wrong == 'hans' else 'Traditional'}-only characters {chars!r}")
    if lang == "zh-Hant":
        plain = text
        for name in MENU_NAMES:
            plain = plain.replace(name, " ")
        found += [f"Mainland term {m!r} (Taiwan: {MAINLAND_TERMS[m]})" for m in dict.fromkeys(_MAINLAND.findall(plain))]
    else:
        found += [f"{w!r} (usual: {u})" for w, u in HANS_TERMS.items() if w in text]
    return found


# --------------------------------------------------------------------------
# the message tables in the source
# --------------------------------------------------------------------------

@dataclass
class Entry:
    """One translated text: where it is and its value per language (a string, with each computed part
    written as {expression}), ``static`` when no part is computed."""

    where: str
    texts: dict = field(default_factory=dict)     # lang -> {part: text}
    static: dict = field(default_factory=dict)    # lang -> {part: bool}
    names: dict = field(default_factory=dict)     # lang -> {part: names used in computed parts}
    table: bool = True                            # a literal table (its texts may be format strings)

    def __str__(self):
        return self.where


def _parts(node, prefix=""):
    """``{part: (text, static, names)}`` of one value: a string, an f-string, a concatenation, or a tuple,
    list or dict of them (the part is the index or key inside)."""
    if isinstance(node, (ast.Tuple, ast.List)):
        out = {}
        for i, elt in enumerate(node.elts):
            out.update(_parts(elt, f"{prefix}[{i}]"))
        return out
    if isinstance(node, ast.Dict):
        out = {}
        for k, v in zip(node.keys, node.values):
            if isinstance(k, ast.Constant):
                out.update(_parts(v, f"{prefix}[{k.value!r}]"))
        return out
    text = _text(node)
    return {prefix: text} if text is not None else {}


def _text(node):
    """(text, static, names) of a string-valued expression; ``None`` when it is not one."""
    if isinstance(node, ast.Constant):
        return (node.value, True, frozenset()) if isinstance(node.value, str) else None
    if isinstance(node, ast.JoinedStr):
        pieces, names = [], set()
        for v in node.values:
            if isinstance(v, ast.Constant):
                pieces.append(str(v.value))
            else:
                pieces.append("{" + ast.unparse(v.value) + "}")
                names |= {n.id for n in ast.walk(v.value) if isinstance(n, ast.Name)}
        return "".join(pieces), False, frozenset(names)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _text(node.left), _text(node.right)
        if left is None and right is None:
            return None
        left = left or ("{" + ast.unparse(node.left) + "}", False, frozenset())
        right = right or ("{" + ast.unparse(node.right) + "}", False, frozenset())
        return left[0] + right[0], left[1] and right[1], left[2] | right[2]
    return None


def _entry(where: str, values: dict, table: bool = True) -> Entry | None:
    e = Entry(where, table=table)
    for lang, node in values.items():
        parts = _parts(node)
        e.texts[lang] = {p: t for p, (t, _, _) in parts.items()}
        e.static[lang] = {p: s for p, (_, s, _) in parts.items()}
        e.names[lang] = {p: n for p, (_, _, n) in parts.items()}
    return e if any(e.texts.values()) else None


class _Finder(ast.NodeVisitor):
    def __init__(self, path: Path):
        self.rel = path.relative_to(ROOT).as_posix()
        self.stack: list[str] = []
        self.entries: list[Entry] = []

    def _where(self, node, key=""):
        name = ".".join(s for s in self.stack if s)
        return f"{self.rel}:{node.lineno} {name}{key}".rstrip()

    def visit_FunctionDef(self, node):
        self.stack.append(node.name + "()")
        self.generic_visit(node)
        self.stack.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        self.stack.append(node.name)
        self.generic_visit(node)
        self.stack.pop()

    def visit_Assign(self, node):
        target = node.targets[0]
        name = ast.unparse(target) if isinstance(target, (ast.Name, ast.Attribute, ast.Subscript)) else ""
        self.stack.append(name)
        self.generic_visit(node)
        self.stack.pop()

    def visit_AnnAssign(self, node):
        self.stack.append(ast.unparse(node.target))
        self.generic_visit(node)
        self.stack.pop()

    def visit_Dict(self, node):
        keys = [k.value if isinstance(k, ast.Constant) else None for k in node.keys]
        langs = {k: v for k, v in zip(keys, node.values) if k in LANGS}
        if len(langs) >= 2:
            entry = _entry(self._where(node), langs)
            if entry:
                self.entries.append(entry)
        for k, v in zip(keys, node.values):
            self.stack.append(f"[{k!r}]" if isinstance(k, str) and k not in LANGS else "")
            self.visit(v)
            self.stack.pop()

    def visit_Call(self, node):
        langs = {KEYWORDS[k.arg]: k.value for k in node.keywords if k.arg in KEYWORDS}
        if len(langs) < 2:
            langs = _positional_languages(node.args)
        if len(langs) >= 2:
            entry = _entry(self._where(node, f" {ast.unparse(node.func)}(…)"), langs, table=False)
            if entry:
                self.entries.append(entry)
        self.generic_visit(node)


_CJK = re.compile(r"[\u3400-\u9fff]")


def _positional_languages(args) -> dict:
    """``SemWarning(code, en, zh_hans, zh_hant)``, ``invalid_option(name, detail, en, zh, zh_hant)``: three
    texts in a row given by position, the first without Chinese and the other two with it."""
    texts = [_text(a) for a in args]
    for k in range(len(args) - 2):
        three = texts[k:k + 3]
        if all(three) and not _CJK.search(three[0][0]) and re.search("[A-Za-z]", three[0][0]) \
                and all(_CJK.search(t[0]) for t in three[1:]):
            return dict(zip(LANGS, args[k:k + 3]))
    return {}


def entries_of(path: Path, source: str | None = None) -> list[Entry]:
    finder = _Finder(path)
    finder.visit(ast.parse(path.read_text(encoding="utf-8") if source is None else source, filename=str(path)))
    return finder.entries


@lru_cache(maxsize=1)
def source_entries() -> tuple[Entry, ...]:
    return tuple(e for path in SOURCES for e in entries_of(path))


def _placeholders(text: str) -> set[str]:
    """Field names of a format string, a language suffix dropped ({problem_zh_hant} is {problem})."""
    try:
        names = {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
    except ValueError:
        return {"<not a format string>"}
    return {re.sub(r"_(en|zh|zh_hans|zh_hant)$", "", re.split(r"[.\[!:]", f)[0]) for f in names}


def test_the_tables_are_found():
    """The walk sees the tables that are known to exist (a walk that found nothing would pass every test)."""
    found = {e.where.split(":")[0] for e in source_entries()}
    for path in ("research/ui_text.py", "research/messages.py", "research/tables.py", "research/figures.py",
                 "research/screening.py", "research/analyze.py", "research/marketing/ipa.py",
                 "research/report/tables.py"):
        assert path in found
    assert len(source_entries()) > 500


# The report's sentence tables give en and zh-Hans only: their zh-Hant is made when a report is written, by
# research.report.text.to_hant (Taiwan statistical terms, then characters) — checked on the rendered 繁體中文
# report below, not here.
CONVERTED = ("research/report/text.py",)


def _table_violations(entries=None) -> list[str]:
    out = []
    for e in source_entries() if entries is None else entries:
        present = [lang for lang in LANGS if lang in e.texts]
        missing = [lang for lang in LANGS if lang not in e.texts
                   and not (lang == "zh-Hant" and str(e).startswith(CONVERTED) and "zh-Hans" in e.texts)]
        if missing:
            out.append(f"{e}: no {', '.join(missing)}")
        parts = set().union(*(e.texts[lang] for lang in present))
        for part in sorted(parts):
            for lang in present:
                if part not in e.texts[lang]:
                    out.append(f"{e}{part}: no {lang}")
                elif not e.texts[lang][part].strip() and any(e.texts[o].get(part, "").strip() for o in present):
                    out.append(f"{e}{part}: {lang} is empty")
            got = [lang for lang in present if part in e.texts[lang]]
            # format strings (filled later with .format) must name the same fields; an f-string is filled where
            # it stands, from variables that may well differ by language (why_en, why_zh …)
            # (English may have more: {verb} for is/are, {Models} capitalised at a sentence's start)
            if e.table and len(got) > 1 and all(e.static[lang][part] for lang in got):
                holes = {lang: {h.casefold() for h in _placeholders(e.texts[lang][part])} for lang in got}
                zh = [holes[lang] for lang in ("zh-Hans", "zh-Hant") if lang in holes]
                if len({frozenset(h) for h in zh}) > 1 or ("en" in holes and any(h - holes["en"] for h in zh)):
                    out.append(f"{e}{part}: placeholders differ {holes}")
            python = bool(re.search(r"invalid|_check|_data_error|damaged|fail\(", e.where))
            for lang in got:
                for p in problems(e.texts[lang][part], lang, python):
                    out.append(f"{e}{part} [{lang}] {p}: {e.texts[lang][part]!r}")
    return out


def test_message_tables_are_complete_and_clean():
    """All three languages in every entry, the same placeholders, and clean Chinese."""
    bad = _table_violations()
    assert not bad, "\n".join(bad)


# --------------------------------------------------------------------------
# the checker itself
# --------------------------------------------------------------------------

def test_the_table_walk_finds_what_is_wrong():
    source = """
T = {"a": {"en": "{n} rows", "zh-Hans": "{m} 行", "zh-Hant": "{n} 列"},
     "b": {"en": "Data", "zh-Hans": "数据"},
     "c": {"en": "Column", "zh-Hans": "列", "zh-Hant": "栏"},
     "d": {"en": "{n} of {k} ({verb} kept)", "zh-Hans": "{k} 个中的 {n} 个", "zh-Hant": "{k} 個中的 {n} 個"}}
w = Note(en="file", zh_hans="文件", zh_hant="文件")
e = SemWarning("code", "Fitted", "已拟合", "已擬合")
"""
    bad = _table_violations(entries_of(ROOT / "research" / "example.py", source))
    assert len(bad) == 5, bad
    assert "['a']: placeholders differ" in bad[0] and bad[1].endswith("T.['b']: no zh-Hant")
    assert "[zh-Hant] Simplified-only characters '栏'" in bad[2]
    assert "Note(…) [zh-Hant] Mainland term '文件'" in bad[3]
    assert "SemWarning(…) [zh-Hant] Mainland term '擬合'" in bad[4]


@pytest.mark.parametrize("text,lang,says", [
    ("剔除原因：speeder", "zh-Hans", "'speeder'"),
    ("缺失值处理：listwise", "zh-Hans", "'listwise'"),
    ("平台：wjx", "zh-Hant", "'wjx'"),
    ("值：None", "zh-Hans", "'None'"),
    ("資料质量", "zh-Hant", "Simplified-only characters '质'"),
    ("数据品質", "zh-Hans", "Traditional-only characters '質'"),
    ("模型擬合", "zh-Hant", "Mainland term '擬合'"),
    ("缺失值：列删法", "zh-Hans", "'列删法'"),
])
def test_the_checker_finds(text, lang, says):
    assert any(says in p for p in problems(text, lang))


@pytest.mark.parametrize("text,lang", [
    ("估计方法：ML（最大似然）", "zh-Hans"),
    ("估計方法：MLR，遺漏值以 FIML 處理", "zh-Hant"),
    ("CFI ≥ .95，RMSEA ≤ .06（Hu & Bentler 1999）", "zh-Hant"),
    ("問卷星、Qualtrics、SurveyMonkey、Google 表單", "zh-Hant"),
    ("平台：问卷星；文件 {file}", "zh-Hans"),
    ("請使用 missing='listwise'，或加上 --force", "zh-Hant"),
    ("樣本數 N = 500，拔靴法 bootstrap = 0", "zh-Hant"),
    ("顯著的路徑占總效果的比例", "zh-Hant"),
    ("请运行 `research analyze --out results`", "zh-Hans"),
    ("Speeder, straight-lining and attention checks", "en"),
])
def test_the_checker_lets_pass(text, lang):
    assert problems(text, lang) == []


def test_a_python_option_error_may_name_the_values_to_type():
    assert problems("請依序使用 configural、metric、scalar", "zh-Hant", python=True) == []
    assert problems("請依序使用 configural、metric、scalar", "zh-Hant") != []
    assert problems("请使用 True 或 False。数据", "zh-Hant", python=True) != []     # the script is still checked


def test_a_long_fix_is_shown_whole_and_a_long_value_is_cut():
    """The fix texts are ours (a few sentences) and are shown whole; what the user gave is cut at 200 characters.
    (Every parameter was cut at 200 before, so a long fix lost its last sentence to "…".)"""
    from research.errors import invalid_option

    fix = "Refit the model with the measurement part only. " * 6
    err = invalid_option("model", "x" * 300, fix, "请只用测量部分重新拟合模型。" * 20, "請只用測量部分重新配適模型。" * 20)
    assert len(fix) > 250 and err.message("en").endswith(fix)
    assert err.message("zh-Hans").endswith("请只用测量部分重新拟合模型。" * 20)
    assert err.message("zh-Hant").endswith("請只用測量部分重新配適模型。" * 20)
    assert "x" * 199 + "…" in err.message("en") and "x" * 200 not in err.message("en")


# --------------------------------------------------------------------------
# codes kept in the data, shown in the reader's words
# --------------------------------------------------------------------------

def test_mapping_table_in_each_language():
    import research
    from research.io.mapping import HOW_LABELS, ROLE_LABELS, TABLE_HEADERS, how_label, mapping_table

    report = research.load_responses(SAMPLE, "lsq5").mapping
    raw = report.table()
    hant = mapping_table(report, "zh-Hant", ["column", "item", "how"])
    assert list(hant.columns) == ["檔案中的欄", "題目", "對應方式"]
    assert list(mapping_table(report, "zh-Hans").columns) == ["文件中的列", "题目", "对应方式", "作答信息", "文字相似度",
                                                              "可能的题目"]
    assert list(mapping_table(report, "en", ["column", "how"]).columns) == ["Column in the file", "Matched by"]
    row = raw.index[raw["column"] == "6、运费与配送速度和距离相称"][0]
    assert (hant.loc[row, "題目"], hant.loc[row, "對應方式"]) == ("ECO1", "題目文字")
    first = mapping_table(report, "zh-Hant").iloc[0]
    assert (first["對應方式"], first["作答資訊"]) == ("作答資訊（不是題目）", "答卷編號")
    assert list(raw["how"]) == list(report.table()["how"])            # the codes stay in the report
    codes = {"explicit", "id", "text", "text+number", "number", "metadata", "ignored", "unmapped", "ambiguous",
             "duplicate"}
    assert set(HOW_LABELS) == codes and how_label("text+number", "zh-Hans") == "题目文字与题号"
    assert set(TABLE_HEADERS) == set(raw.columns)
    assert set(ROLE_LABELS) == {"respondent", "submitted", "started", "duration", "ip", "other"}
    for labels in (*HOW_LABELS.values(), *ROLE_LABELS.values(), *TABLE_HEADERS.values()):
        assert set(labels) == set(LANGS)


def test_platform_names():
    from research.io.platforms import PLATFORM_NAMES, platform_name

    assert [platform_name("wjx", lang) for lang in LANGS] == ["Wenjuanxing (问卷星)", "问卷星", "問卷星"]
    assert platform_name("googleforms", "zh-Hant") == "Google 表單"
    assert platform_name("unknown-platform", "zh-Hans") == "unknown-platform"
    assert all(set(names) == set(LANGS) for names in PLATFORM_NAMES.values())


def test_notes_and_details_carry_three_languages(tmp_path):
    import pickle

    import research
    from research.errors import MappingError
    from research.messages import Note, note_texts

    note = Note(en="Sheet 2 was read", zh_hans="已读取工作表 2", zh_hant="已讀取工作表 2")
    assert note == "Sheet 2 was read / 已读取工作表 2"                 # the string form notes always had
    assert note_texts(pickle.loads(pickle.dumps(note)))["zh-Hant"] == "已讀取工作表 2"
    assert note_texts("Plain / 旧的注释") == {"en": "Plain", "zh-Hans": "旧的注释", "zh-Hant": "旧的注释"}

    path = tmp_path / "bad.csv"
    path.write_text("ECO1,ECO2,REL1,REL4,REL5\n6,3,3,3,8\n", encoding="utf-8")
    r = research.load_responses(path, "lsq5")
    assert r.problems["message_zh_hant"].iloc[0] == ("數值超出此題量表的範圍（1 = 非常不同意 … 5 = 非常同意）。 "
                                                     "請檢查輸入是否有誤；此值已視為遺漏值。")
    assert [note_texts(n)["zh-Hant"] for n in r.notes] == ["ECO1 對應的欄沒有有效答案"]

    with pytest.raises(MappingError) as err:
        research.load_responses(SAMPLE, "lsq5", mapping={"no such column": "ECO1"})
    assert err.value.message("zh-Hant").startswith("欄位對應無效：檔案中沒有這一欄 ")
    assert err.value.message("en").startswith("The column mapping is invalid: this column is not in the file ")


# --------------------------------------------------------------------------
# the web app's pages, as a reader sees them
# --------------------------------------------------------------------------

APP = str(ROOT / "app.py")
SAMPLE = ROOT / "datasets" / "lsq5_wjx_gbk.csv"


@lru_cache(maxsize=1)
def _data_words() -> tuple[str, ...]:
    """The sample file's own words (its headers and answers, 问卷星's Simplified Chinese): shown as they are
    in every language, so they are taken out of a shown text before it is checked."""
    import research

    raw = research.load_responses(SAMPLE, "lsq5").raw
    words = {str(c) for c in raw.columns}
    for column in raw.columns:
        words |= {str(v) for v in raw[column].dropna().unique()}
    return tuple(sorted((w for w in words if len(w) >= 2), key=len, reverse=True))


def _without_data(text: str, extra=()) -> str:
    for w in (*extra, *_data_words()):
        if w in text:
            text = text.replace(w, " ")
    return text


def _unescape(text: str) -> str:
    """Markdown source as the page shows it: backslash escapes and invisible word joiners removed."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", str(text)).replace("\u2060", "")


def _frame_texts(frame, name: str, config: dict):
    """A table's header and text cells as the browser shows them: a column's configured label replaces its
    name, a select box shows its options' labels, hidden columns are not shown."""
    index = config.get("_index", {})
    if not index.get("hidden") and (frame.index.name is not None or not isinstance(frame.index, pd.RangeIndex)):
        yield f"{name} index", [str(i) for i in frame.index]
    header = []
    for column in frame.columns:
        conf = config.get(str(column), {})
        if conf.get("hidden"):
            continue
        header.append(str(conf.get("label") or column))
        labels = {o.get("value"): o.get("label") for o in (conf.get("type_config") or {}).get("options") or []
                  if isinstance(o, dict)}
        cells = [labels.get(v, v) for v in frame[column].tolist() if isinstance(v, str) or v is None]
        if cells:
            yield f"{name} column {column}", [str(v) for v in cells]
    yield f"{name} header", header


# elements whose value is text the app wrote
SHOWN_VALUES = {"Markdown", "Caption", "Text", "Title", "Header", "Subheader", "Info", "Warning", "Error",
                "Success", "Metric", "Toast", "Latex"}


def shown_texts(at) -> list[tuple[str, str]]:
    """``(where, text)`` for every string the page shows: headings, markdown, captions, alerts, tab and
    expander labels, widgets' labels and options, metrics, and the headers and text cells of tables."""
    out = []
    for node in at._tree:
        kind = type(node).__name__
        if getattr(node, "key", None) == "lang":
            continue                               # the language chooser names each language in its own script
        if kind in ("Exception",):
            out.append((kind, "EXCEPTION " + str(getattr(node, "value", ""))))
            continue
        if kind in ("Dataframe", "Table"):
            try:
                frame = node.value
            except Exception:                     # noqa: BLE001 — a table AppTest cannot decode is skipped
                continue
            try:
                config = json.loads(node.proto.columns) if getattr(node.proto, "columns", "") else {}
            except (AttributeError, ValueError):
                config = {}
            for where, texts in _frame_texts(frame, kind, config):
                out += [(where, s) for s in texts]
            continue
        for attr in ("label", "value", "help", "placeholder", "caption", "text", "delta"):
            if attr == "value" and kind not in SHOWN_VALUES:
                continue                           # a widget's value is its option's code or what the user typed
            v = getattr(node, attr, None) if attr in getattr(node, "__dataclass_fields__", {}) or \
                hasattr(type(node), attr) else None
            if isinstance(v, str) and v.strip():
                out.append((f"{kind}.{attr}", _unescape(v)))
        options = getattr(node, "options", None)
        if isinstance(options, (list, tuple)):
            out += [(f"{kind}.options", str(o)) for o in options]
    return out


def _walk(at, lang: str, data=()) -> list[str]:
    """What is wrong with the shown texts; ``data``: more words of the uploaded file, shown as they are."""
    bad = []
    for where, text in shown_texts(at):
        if text.startswith("EXCEPTION"):
            bad.append(f"{where}: {text[:300]}")
            continue
        for p in problems(_without_data(text, data), lang):
            bad.append(f"[{lang}] {where}: {p}: {text[:300]!r}")
    return list(dict.fromkeys(bad))


def _app_run(lang: str, **state):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=300)
    at.session_state["bootstrap"] = 0
    at.session_state["lang"] = lang
    for k, v in state.items():
        at.session_state[k] = v
    return at.run()


@pytest.fixture(scope="module")
def sample_pages():
    """The sample study with a grouping column (so the segments page shows the invariance steps)."""
    return _app_run("zh-Hans", group="XBORDER")


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_app_pages_speak_the_language(sample_pages, lang):
    at = sample_pages
    at.sidebar.radio(key="lang").set_value(lang).run()
    texts = shown_texts(at)
    assert len(texts) > 200 and len(at.tabs) >= 9          # the walk saw the pages
    assert not at.exception
    bad = _walk(at, lang)
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_uploaded_file_and_its_mapping_speak_the_language(lang):
    at = _app_run(lang)
    at.sidebar.radio(key=f"source@{lang}").set_value("upload").run()
    at.sidebar.file_uploader(key="upload").set_value((SAMPLE.name, SAMPLE.read_bytes(), "text/csv"))
    at.run()
    assert not at.exception
    assert any("問卷星" in s or "问卷星" in s for _, s in shown_texts(at))
    bad = _walk(at, lang) + _walk(_confirmed(at), lang)
    assert not bad, "\n".join(bad)


def _confirmed(at):
    """The pages after the mapping step's confirm button (when the app asks for a confirmation)."""
    buttons = [b for b in at.button if b.key == "confirm"]
    if buttons:
        buttons[0].click().run()
    assert not at.exception and len(at.tabs) >= 9
    return at


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_a_plain_table_assigned_by_hand_speaks_the_language(lang):
    frame = pd.read_csv(ROOT / "datasets" / "lsq5_sample.csv")
    cols = [c for c in frame.columns if c[:3] in ("ECO", "REL", "SAT") and c[3:].isdigit()]
    shops = {1: "淘宝", 2: "天猫", 3: "京东", 4: "拼多多"}
    plain = frame[cols].assign(平台=frame["PLATFORM"].map(shops))
    at = _app_run(lang)
    at.sidebar.radio(key=f"source@{lang}").set_value("upload").run()
    at.sidebar.selectbox(key=f"qchoice@{lang}").set_value("manual").run()
    at.sidebar.file_uploader(key="upload").set_value(("plain.csv", plain.to_csv(index=False).encode(), "text/csv"))
    at.run()
    assert not at.exception
    data = ("plain.csv", "平台", *shops.values())
    bad = _walk(at, lang, data) + _walk(_confirmed(at), lang, data)
    assert not bad, "\n".join(bad)


# --------------------------------------------------------------------------
# the report, as a reader reads it
# --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def grouped_results():
    import research

    return research.analyze(SAMPLE, questionnaire="lsq5", bootstrap=0, seed=20261122, group="XBORDER").to_dict()


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_report_speaks_the_language(grouped_results, lang):
    import research

    text = research.report(grouped_results, language=lang, format="md", figures=False)
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) > 50
    # the reference list stays in the works' language (English), as APA lists them
    lines = [line for line in lines if not re.search(r"\((?:19|20)\d{2}\)\. ", line)]
    bad = [f"[{lang}] report: {p}: {line[:300]!r}" for line in lines for p in problems(_without_data(line), lang)]
    assert not bad, "\n".join(dict.fromkeys(bad))
