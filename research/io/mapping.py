"""Match the columns of an export to the questionnaire's questions.

In order of trust, a column maps to a question

1. by the user's explicit mapping (dict or YAML: ``column: id``);
2. by id — the header *is* the id (``ECO1``), as in our own CSV template;
3. by text — the header's question text equals, or is close to
   (``difflib`` ratio ≥ 0.80, clearly ahead of the runner-up), the
   question's text in any of the template's languages;
4. by question number — ``5、…`` is question 5 of the printed
   questionnaire — when the header has no usable text or its text agrees
   loosely (ratio ≥ 0.5).  Matrix sub-columns (``第12题(…)``) carry the
   matrix's number, not the item's, so they never map by number.  A number
   taken from a variable name (``Q5``, ``Q5_1``) counts for generic tables,
   SPSS files and the like, but never for a Qualtrics export: Qualtrics
   numbers questions in the order they were created, not printed.

A fuzzy (non-exact) text match is refused when header and question differ
in negation — ``运费不合理`` is not ``运费合理``.  Negations counted: the
characters 不 没 沒 未 無 无 非 别 別 (leaving out compounds that negate
nothing, such as 非常 "very", 特别 "especially", 性别 "gender"), and the
English words *not*, *never*, *no*, *cannot* and contractions in *n't*
(with or without the apostrophe).

``ColumnMatch.how`` is one of explicit, id, text, **text+number**, number,
metadata, ignored, unmapped, ambiguous, duplicate.  ``text+number``: the
text alone is ambiguous between close candidates (``1、总体满意`` and
``3、总体满意`` when two constructs share the wording) and the header's
usable question number names exactly one of them.

Close calls are reported as ambiguous rather than guessed; two columns
claiming one question keep the more trusted match and report the other.
"""
from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path

import pandas as pd
import yaml

from ..errors import MappingError
from ..messages import Note
from ..questionnaire import Questionnaire
from ..safeyaml import Bounded, load_yaml
from ..responses import ColumnMatch, MappingReport
from .platforms import Column

META_ROLES = ("respondent", "submitted", "duration", "ip")

# The mapping table in the reader's language (MappingReport.table() keeps the codes): its headers, how
# each column was matched and what a metadata column holds.
TABLE_HEADERS = {
    "column": {"zh-Hans": "文件中的列", "zh-Hant": "檔案中的欄", "en": "Column in the file"},
    "item": {"zh-Hans": "题目", "zh-Hant": "題目", "en": "Question"},
    "how": {"zh-Hans": "对应方式", "zh-Hant": "對應方式", "en": "Matched by"},
    "role": {"zh-Hans": "作答信息", "zh-Hant": "作答資訊", "en": "Response information"},
    "score": {"zh-Hans": "文字相似度", "zh-Hant": "文字相似度", "en": "Text similarity"},
    "candidates": {"zh-Hans": "可能的题目", "zh-Hant": "可能的題目", "en": "Possible questions"},
}
HOW_LABELS = {
    "explicit": {"zh-Hans": "手动指定", "zh-Hant": "手動指定", "en": "set by hand"},
    "id": {"zh-Hans": "列名即题目编号", "zh-Hant": "欄名即題目編號", "en": "column name is the question id"},
    "text": {"zh-Hans": "题目文字", "zh-Hant": "題目文字", "en": "question text"},
    "text+number": {"zh-Hans": "题目文字与题号", "zh-Hant": "題目文字與題號", "en": "question text and number"},
    "number": {"zh-Hans": "题号", "zh-Hant": "題號", "en": "question number"},
    "metadata": {"zh-Hans": "作答信息（不是题目）", "zh-Hant": "作答資訊（不是題目）",
                 "en": "response information (not a question)"},
    "ignored": {"zh-Hans": "已忽略", "zh-Hant": "已忽略", "en": "ignored"},
    "unmapped": {"zh-Hans": "未对应（请选择题目）", "zh-Hant": "未對應（請選擇題目）",
                 "en": "not matched (choose the question)"},
    "ambiguous": {"zh-Hans": "无法确定：几个题目同样接近", "zh-Hant": "無法確定：幾個題目同樣接近",
                  "en": "ambiguous: several questions are as close"},
    "duplicate": {"zh-Hans": "重复：该题目已由另一列对应", "zh-Hant": "重複：該題目已由另一欄對應",
                  "en": "duplicate: another column has this question"},
}
ROLE_LABELS = {
    "respondent": {"zh-Hans": "答卷编号", "zh-Hant": "答卷編號", "en": "respondent id"},
    "submitted": {"zh-Hans": "提交时间", "zh-Hant": "提交時間", "en": "time submitted"},
    "started": {"zh-Hans": "开始时间", "zh-Hant": "開始時間", "en": "time started"},
    "duration": {"zh-Hans": "作答时长", "zh-Hant": "作答時間", "en": "time taken"},
    "ip": {"zh-Hans": "IP 地址", "zh-Hant": "IP 位址", "en": "IP address"},
    "other": {"zh-Hans": "其他信息", "zh-Hant": "其他資訊", "en": "other information"},
}


def _label(labels: dict, code, lang: str):
    if code is None or code not in labels:
        return code
    return labels[code].get(lang, labels[code]["en"])


def how_label(how: str, lang: str) -> str:
    """How a column was matched (``ColumnMatch.how``, e.g. ``"text+number"``) in the reader's words."""
    return _label(HOW_LABELS, how, lang)


def mapping_table(report: MappingReport, lang: str, columns=None) -> pd.DataFrame:
    """``report.table()`` (only ``columns``, when given) for the reader: headers, how each column was
    matched and the metadata roles in ``lang``; columns, question ids and scores stay as they are.  The
    columns keep their order, so ``dict(zip(shown.columns, raw.columns))`` renames an edited copy back."""
    table = report.table()
    if columns is not None:
        table = table[list(columns)]
    table = table.copy()
    if "how" in table:
        table["how"] = [how_label(h, lang) for h in table["how"]]
    if "role" in table:
        table["role"] = [_label(ROLE_LABELS, r, lang) for r in table["role"]]
    return table.rename(columns={c: _label(TABLE_HEADERS, c, lang) for c in table.columns})
ACCEPT = 0.80
MARGIN = 0.05
NUMBER_AGREE = 0.5
SUGGEST = 0.6
_RANK = {"explicit": 4, "id": 3, "text": 2, "text+number": 2, "number": 1}
_STRIP = re.compile(r"[\s\W_]+", re.UNICODE)


def norm_text(text: str) -> str:
    """Text folded for comparison: NFKC, case, no spaces or punctuation."""
    return _STRIP.sub("", unicodedata.normalize("NFKC", text).casefold())


_NEGATION_ZH = re.compile(r"[不没沒未無无非别別]")
# compounds holding a negation character that negate nothing
_NOT_NEGATION_ZH = re.compile(r"非常|特别|特別|性别|性別|类别|類別|区别|區別|分别|分別|个别|個別|级别|級別|识别|識別|"
                              r"别人|別人|未来|未來|无论|無論|不仅|不僅|不断|不斷")
_NEGATION_EN = re.compile(r"\b(?:not|never|no|cannot|dont|doesnt|didnt|isnt|arent|wasnt|werent|cant|wont|"
                          r"hasnt|havent|hadnt|couldnt|shouldnt|wouldnt)\b|n['’]t\b", re.I)


def _negations(text: str) -> int:
    """How many negation markers a text holds (Chinese characters, English words)."""
    text = unicodedata.normalize("NFKC", text)
    return len(_NEGATION_ZH.findall(_NOT_NEGATION_ZH.sub("", text))) + len(_NEGATION_EN.findall(text))


class _RepeatedColumn(yaml.YAMLError):
    def __init__(self, key, line: int):
        super().__init__(key)
        self.key, self.line = key, line


class _TextLoader(Bounded, yaml.BaseLoader):
    """Reads every scalar as text (``true`` and ``1.50`` stay column names) and refuses a
    column named twice, which YAML would otherwise settle silently by keeping the last."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                repeated = key in seen
            except TypeError:  # an unhashable key: construct_mapping below reports it
                continue
            if repeated:
                raise _RepeatedColumn(key, key_node.start_mark.line + 1)
            seen.add(key)
        return super().construct_mapping(node, deep)


def read_mapping(mapping, questionnaire: Questionnaire, file=None) -> dict[str, str | None]:
    """A mapping as ``{column: id or None}``, from a dict, a YAML file's path or its bytes (an upload,
    named ``file`` in messages)."""
    if mapping is None:
        return {}
    if isinstance(mapping, (bytes, bytearray)):
        file = file or "<upload>"
        mapping = _load_text_yaml(bytes(mapping), file)
    elif isinstance(mapping, (str, Path)):
        path = Path(mapping)
        try:
            found = path.is_file()
        except (OSError, ValueError):  # a name too long for the file system, say
            found = False
        if not found:
            raise MappingError("mapping_file", file=str(path), detail=Note(en="file not found", zh_hans="找不到文件",
                                                                         zh_hant="找不到檔案"))
        file = path.name
        mapping = _load_text_yaml(path, file)
    if not isinstance(mapping, dict):
        raise MappingError("mapping_file", file=file, detail=Note(en="expected 'column: id' pairs",
                                                                  zh_hans="应为“列名: 编号”", zh_hant="應為「欄名: 編號」"))
    valid = set(_targets(questionnaire)) | set(META_ROLES)
    out = {}
    for column, target in mapping.items():
        target = None if target in (None, "", "ignore", "null", "~", "None") else str(target).strip()
        if target is not None and target not in valid:
            raise MappingError("mapping_file", file=file, column=str(column), value=target,
                               detail=Note(en=f"'{target}' is not an id of questionnaire '{questionnaire.id}'",
                                           zh_hans=f"“{target}”不是问卷“{questionnaire.id}”中的编号",
                                           zh_hant=f"「{target}」不是問卷「{questionnaire.id}」中的編號"))
        out[str(column)] = target
    return out


def _load_text_yaml(source, file: str):
    """A mapping YAML read within the limits, every scalar as text (a column called 1.50 or true keeps
    its name)."""
    try:
        return load_yaml(source, file, loader=_TextLoader, error=MappingError)
    except _RepeatedColumn as exc:
        raise MappingError("mapping_file", file=file, column=str(exc.key),
                           detail=Note(en=f"the column is mapped twice (line {exc.line})",
                                       zh_hans=f"这一列映射了两次（第 {exc.line} 行）",
                                       zh_hant=f"這一欄對應了兩次（第 {exc.line} 行）")) from None
    except OSError as exc:
        raise MappingError("mapping_file", file=file, detail=type(exc).__name__) from None


def _targets(q: Questionnaire) -> dict[str, dict]:
    """Every question that can receive a column: id -> texts by language."""
    return {x.id: x.text for x in q.questions}


def _numbers(q: Questionnaire) -> dict[int, str]:
    return {x.number: x.id for x in q.questions}


class _TextIndex:
    """Question texts, normalised, with a fuzzy best-match lookup."""

    def __init__(self, q: Questionnaire):
        self.exact: dict[str, set[str]] = {}
        negations: dict[str, int] = {}
        for qid, texts in _targets(q).items():
            for text in texts.values():
                n = norm_text(text)
                if n:
                    self.exact.setdefault(n, set()).add(qid)
                    negations.setdefault(n, _negations(text))
        self.entries = [(n, ids, negations[n]) for n, ids in self.exact.items()]

    def scores(self, texts) -> dict[str, float]:
        """Best similarity per question id over all the header's texts."""
        best: dict[str, float] = {}
        for text in texts:
            n = norm_text(text)
            if len(n) < 2:
                continue
            if n in self.exact:
                for qid in self.exact[n]:
                    best[qid] = 1.0
                continue
            negations = _negations(text)
            matcher = SequenceMatcher(None, autojunk=False)
            matcher.set_seq2(n)
            for target, ids, target_negations in self.entries:
                matcher.set_seq1(target)
                # cheap upper bounds first: most columns match nothing
                if matcher.real_quick_ratio() < SUGGEST or matcher.quick_ratio() < SUGGEST:
                    continue
                if negations != target_negations:
                    continue  # "运费不合理" is not "运费合理", however alike they look
                r = matcher.ratio()
                for qid in ids:
                    if r > best.get(qid, 0.0):
                        best[qid] = r
        return best


def match_columns(columns: list[Column], q: Questionnaire, mapping=None, file=None, *,
                  platform: str = "generic") -> MappingReport:
    """Match every column; ``platform`` (platforms.detect_platform) decides whether a
    number in a variable name (``Q5``) may stand for the printed question number."""
    explicit = read_mapping(mapping, q, file)
    by_header = {}
    for c in columns:
        for key in (c.name, c.label):
            if key:
                by_header.setdefault(key, c.index)
    for column in explicit:
        if column not in by_header:
            raise MappingError("mapping_file", file=file, column=column,
                               detail=Note(en="this column is not in the file", zh_hans="文件中没有这一列",
                                           zh_hant="檔案中沒有這一欄"))
    explicit_by_index = {by_header[k]: v for k, v in explicit.items()}

    ids = {qid.casefold(): qid for qid in _targets(q)}
    numbers = _numbers(q)
    index = _TextIndex(q)
    matches: list[ColumnMatch] = []
    for c in columns:
        if c.index in explicit_by_index:
            target = explicit_by_index[c.index]
            if target in META_ROLES:
                matches.append(ColumnMatch(c.name, None, "metadata", role=target))
            else:
                matches.append(ColumnMatch(c.name, target, "explicit" if target else "ignored"))
            continue
        if c.meta:
            matches.append(ColumnMatch(c.name, None, "metadata", role=c.meta))
            continue
        matches.append(_match_one(c, ids, numbers, index, platform))
    return MappingReport(tuple(_resolve_duplicates(matches)), missing=_missing(q, matches))


def _printed_number(c: Column, platform: str) -> int | None:
    """The header's number if it is the printed question number, else None."""
    if c.number is None or c.matrix:
        return None
    if c.number_from == "name" and platform == "qualtrics":
        return None  # Qualtrics Q<n>: creation order, not print order
    return c.number


def _match_one(c: Column, ids: dict, numbers: dict, index: _TextIndex, platform: str = "generic") -> ColumnMatch:
    for key in (c.header, c.label):
        qid = ids.get(key.strip().casefold()) if key else None
        if qid:
            return ColumnMatch(c.name, qid, "id")
    number = _printed_number(c, platform)
    scores = index.scores(c.texts)
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    if ranked:
        best_id, best = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        if best >= ACCEPT:
            if best - runner_up >= MARGIN:
                return ColumnMatch(c.name, best_id, "text", best)
            close = tuple(qid for qid, s in ranked if best - s < MARGIN)
            if number is not None and numbers.get(number) in close:
                qid = numbers[number]
                return ColumnMatch(c.name, qid, "text+number", scores[qid], close)
            return ColumnMatch(c.name, None, "ambiguous", best, close)
    if number is not None and number in numbers:
        qid = numbers[number]
        if not c.texts or scores.get(qid, 0.0) >= NUMBER_AGREE:
            return ColumnMatch(c.name, qid, "number", scores.get(qid, 0.0))
    suggestions = tuple(qid for qid, s in ranked[:3] if s >= SUGGEST)
    return ColumnMatch(c.name, None, "unmapped", ranked[0][1] if ranked else 0.0, suggestions)


def _resolve_duplicates(matches: list[ColumnMatch]) -> list[ColumnMatch]:
    winner: dict[str, int] = {}
    for k, m in enumerate(matches):
        if m.item is None:
            continue
        j = winner.get(m.item)
        if j is None or (_RANK[m.how], m.score) > (_RANK[matches[j].how], matches[j].score):
            winner[m.item] = k
    out = []
    for k, m in enumerate(matches):
        if m.item is not None and winner[m.item] != k:
            m = ColumnMatch(m.column, None, "duplicate", m.score, (m.item,))
        out.append(m)
    return out


def _missing(q: Questionnaire, matches) -> tuple[str, ...]:
    found = {m.item for m in matches if m.item}
    return tuple(qid for qid in _targets(q) if qid not in found)
