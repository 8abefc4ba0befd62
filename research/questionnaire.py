"""Questionnaires: load, validate and query the YAML templates.

The schema is documented in ``questionnaires/SCHEMA.md``.  A file is
validated once, when it is loaded; every problem raises
:class:`research.errors.QuestionnaireError` naming the file, the key (as a
path such as ``constructs.ECO.items[2].text``) and what is wrong.

YAML is read by :func:`research.safeyaml.load_yaml` (plain data, never code; size, nesting and
aliases bounded), refusing a key given twice in one mapping.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path


from .errors import QuestionnaireError
from .safeyaml import UniqueKeyLoader, is_yaml_text, load_yaml
from .scales import BUILTIN_SCALES, DEFAULT_IMPORTANCE_SCALE, DEFAULT_SCALE_FOR_POINTS, LANGS, Scale

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "questionnaires"
ROLES = ("driver", "mediator", "outcome")
SEGMENT_TYPES = ("single", "multi", "text", "number")
_IDENT = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,39}$")
_QID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,39}$")
# A structural line: "Y ~ X1 + X2" with plain identifiers only.
_PATH_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_]*)\s*~\s*([A-Za-z][A-Za-z0-9_]*(?:\s*\+\s*[A-Za-z][A-Za-z0-9_]*)*)\s*$")


def _text_in(texts: dict, lang: str, fallback: str = "") -> str:
    if not texts:
        return fallback
    if lang in texts:
        return texts[lang]
    for other in (("zh-Hant", "zh-Hans") if lang == "zh-Hans" else ("zh-Hans", "zh-Hant") if lang == "zh-Hant" else ()):
        if other in texts:
            return texts[other]
    return next(iter(texts.values()))


@dataclass(frozen=True)
class Item:
    id: str
    construct: str
    scale: Scale
    text: dict = field(default_factory=dict, compare=False)
    reverse: bool = False
    number: int = 0

    def label(self, lang: str = "en") -> str:
        return _text_in(self.text, lang, self.id)


@dataclass(frozen=True)
class Construct:
    id: str
    items: tuple[Item, ...]
    name: dict = field(default_factory=dict, compare=False)
    role: str | None = None
    source: str | None = None

    def label(self, lang: str = "en") -> str:
        return _text_in(self.name, lang, self.id)

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.items)


@dataclass(frozen=True)
class Option:
    code: int
    label: dict = field(default_factory=dict, compare=False)

    def text(self, lang: str = "en") -> str:
        return _text_in(self.label, lang, str(self.code))


@dataclass(frozen=True)
class Segment:
    """A descriptive question (gender, platform …) used to form groups."""

    id: str
    type: str
    options: tuple[Option, ...] = ()
    text: dict = field(default_factory=dict, compare=False)
    number: int = 0

    def label(self, lang: str = "en") -> str:
        return _text_in(self.text, lang, self.id)


@dataclass(frozen=True)
class AttentionCheck:
    """An instructed-response item: a careful respondent picks ``expected``."""

    id: str
    scale: Scale
    expected: int
    after: str | None = None
    text: dict = field(default_factory=dict, compare=False)
    number: int = 0

    def label(self, lang: str = "en") -> str:
        return _text_in(self.text, lang, self.id)


@dataclass(frozen=True)
class ImportanceItem:
    """A stated-importance question: how important one construct's aspect is to the respondent.

    Importance–performance analysis (Martilla & James 1977, Journal of
    Marketing 41(1), 77–79) puts each attribute's importance against its
    performance; asked directly ("物流费用对您有多重要？", 1 = 非常不重要 …
    5 = 非常重要) it is *stated* importance, as opposed to importance derived
    from effects on satisfaction.  It is not an indicator of ``construct``:
    it never enters the measurement model, reliability or screening.
    """

    id: str
    construct: str
    scale: Scale
    text: dict = field(default_factory=dict, compare=False)
    number: int = 0

    def label(self, lang: str = "en") -> str:
        return _text_in(self.text, lang, self.id)


@dataclass(frozen=True)
class Questionnaire:
    id: str
    constructs: tuple[Construct, ...]
    segments: tuple[Segment, ...] = ()
    attention_checks: tuple[AttentionCheck, ...] = ()
    paths: tuple[str, ...] = ()
    languages: tuple[str, ...] = LANGS
    title: dict = field(default_factory=dict, compare=False)
    intro: dict = field(default_factory=dict, compare=False)
    scales: dict = field(default_factory=dict, compare=False)
    source_file: str | None = field(default=None, compare=False)
    importance: tuple[ImportanceItem, ...] = ()   # stated-importance questions, at most one per construct

    # --- lookups ---------------------------------------------------------
    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(i for c in self.constructs for i in c.items)

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.items)

    def item(self, item_id: str) -> Item:
        for i in self.items:
            if i.id == item_id:
                return i
        raise KeyError(item_id)

    def construct(self, construct_id: str) -> Construct:
        for c in self.constructs:
            if c.id == construct_id:
                return c
        raise KeyError(construct_id)

    def importance_for(self, construct_id: str) -> ImportanceItem | None:
        """The stated-importance question of ``construct_id``, or None if it has none.

        Raises KeyError if ``construct_id`` is not a construct of the questionnaire.
        """
        self.construct(construct_id)
        return next((x for x in self.importance if x.construct == construct_id), None)

    @property
    def importance_ids(self) -> tuple[str, ...]:
        return tuple(x.id for x in self.importance)

    @property
    def questions(self) -> tuple:
        """Every question in the order a respondent sees it, numbered 1…n."""
        return tuple(sorted((*self.segments, *self.items, *self.attention_checks, *self.importance),
                            key=lambda q: q.number))

    def title_in(self, lang: str = "en") -> str:
        return _text_in(self.title, lang, self.id)

    def intro_in(self, lang: str = "en") -> str:
        return _text_in(self.intro, lang, "")

    @property
    def reverse_items(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.items if i.reverse)

    def without(self, item_ids) -> "Questionnaire":
        """The questionnaire with these items left out of its constructs (a construct left with no item is left
        out, and so are its paths): the model of the data when some questions have no column."""
        gone = set(item_ids)
        constructs = tuple(replace(c, items=tuple(i for i in c.items if i.id not in gone)) for c in self.constructs)
        constructs = tuple(c for c in constructs if c.items)
        kept = {c.id for c in constructs}
        paths = []
        for line in self.paths:
            lhs, _, rhs = line.partition("~")
            predictors = [p.strip() for p in rhs.split("+") if p.strip() in kept]
            if lhs.strip() in kept and predictors:
                paths.append(f"{lhs.strip()} ~ " + " + ".join(predictors))
        return replace(self, constructs=constructs, paths=tuple(paths))

    # --- lavaan syntax ---------------------------------------------------
    def measurement_model(self) -> str:
        return "\n".join(f"{c.id} =~ " + " + ".join(c.item_ids) for c in self.constructs)

    def structural_paths(self) -> tuple[str, ...]:
        """The stated paths, or the default: drivers → mediators → outcomes."""
        if self.paths:
            return self.paths
        by_role = {r: [c.id for c in self.constructs if c.role == r] for r in ROLES}
        drivers, mediators, outcomes = by_role["driver"], by_role["mediator"], by_role["outcome"]
        lines = []
        if mediators:
            if drivers:
                lines += [f"{m} ~ " + " + ".join(drivers) for m in mediators]
            lines += [f"{o} ~ " + " + ".join(mediators) for o in outcomes]
        elif drivers:
            lines += [f"{o} ~ " + " + ".join(drivers) for o in outcomes]
        return tuple(lines)

    def structural_model(self) -> str:
        return "\n".join(self.structural_paths())

    def lavaan(self) -> str:
        """Full lavaan model: measurement part, then the structural part."""
        parts = ["# measurement model", self.measurement_model()]
        structural = self.structural_model()
        if structural:
            parts += ["# structural model", structural]
        return "\n".join(parts) + "\n"


# --------------------------------------------------------------------------
# loading
# --------------------------------------------------------------------------

def list_templates() -> list[str]:
    """Names of the built-in questionnaire templates."""
    return sorted(p.stem for p in TEMPLATE_DIR.glob("*.yaml"))


def load_questionnaire(source, *, name: str | None = None) -> Questionnaire:
    """Load a questionnaire by built-in name, from a YAML path, YAML text or bytes, or a dict.

    ``load_questionnaire("lsq5")`` · ``load_questionnaire("my_study.yaml")`` ·
    ``load_questionnaire({"scale": 5, "constructs": {"ECO": ["ECO1", "ECO2"]}})`` ·
    ``load_questionnaire(upload.getvalue(), name=upload.name)`` (an uploaded file's bytes) ·
    ``load_questionnaire("scale: 5\nconstructs: ...")`` (text: it has a line break, or starts with
    ``{``).  ``name`` is the file name shown in messages (default: the path's name, ``<text>`` or
    ``<dict>``); a binary file object is read as its bytes, named by its ``name``.
    """
    if isinstance(source, Questionnaire):
        return source
    if isinstance(source, dict):
        return _build(source, name or "<dict>")
    if hasattr(source, "read"):
        name = name or Path(str(getattr(source, "name", "") or "<upload>")).name
        source = source.read()
    if is_yaml_text(source):
        return loads_questionnaire(source, name or ("<upload>" if not isinstance(source, str) else "<text>"))
    path = Path(str(source))
    if not path.suffix and not path.exists():
        candidate = TEMPLATE_DIR / f"{path.name}.yaml"
        if not candidate.exists():
            raise QuestionnaireError("q_not_found", name=str(source), templates=", ".join(list_templates()))
        path = candidate
    if not path.is_file():
        raise QuestionnaireError("q_not_found", file=path, name=str(source), templates=", ".join(list_templates()))
    return _build(load_yaml(path, name or path.name, loader=UniqueKeyLoader, error=QuestionnaireError),
                  name or path.name)


def loads_questionnaire(text: str | bytes, name: str = "<text>") -> Questionnaire:
    """Load a questionnaire from YAML text or bytes (``name`` is the file name used in messages)."""
    return _build(load_yaml(text, name, loader=UniqueKeyLoader, error=QuestionnaireError), name)


class _Checker:
    """Validates a parsed YAML document and builds the dataclasses."""

    def __init__(self, file: str):
        self.file = file

    def fail(self, key: str, en: str, zh_hans: str, zh_hant: str | None = None):
        raise QuestionnaireError("q_schema", file=self.file, yaml_key=key or "(top)",
                                 problem_en=en, problem_zh=zh_hans, problem_zh_hant=zh_hant or zh_hans)

    def mapping(self, value, key) -> dict:
        if not isinstance(value, dict):
            self.fail(key, f"expected a mapping (key: value), found {_kind(value)}",
                      f"应为映射（键: 值），实际为{_kind_zh(value)}", f"應為映射（鍵: 值），實際為{_kind_zh(value)}")
        return value

    def sequence(self, value, key) -> list:
        if not isinstance(value, list):
            self.fail(key, f"expected a list, found {_kind(value)}",
                      f"应为列表，实际为{_kind_zh(value)}", f"應為清單，實際為{_kind_zh(value)}")
        return value

    def ident(self, value, key) -> str:
        if not isinstance(value, str) or not _IDENT.match(value):
            self.fail(key, f"'{value}' is not a valid id (a letter, then letters, digits or _; at most 40)",
                      f"“{value}”不是有效编号（以字母开头，只含字母、数字或下划线，最多 40 个字符）",
                      f"「{value}」不是有效編號（以字母開頭，只含字母、數字或底線，最多 40 個字元）")
        return value

    def unknown_keys(self, value: dict, allowed, key):
        for k in value:
            if k not in allowed:
                self.fail(f"{key}.{k}" if key else str(k),
                          f"unknown key (allowed: {', '.join(allowed)})",
                          f"未知的键（允许：{'、'.join(allowed)}）", f"未知的鍵（允許：{'、'.join(allowed)}）")

    def texts(self, value, key, languages, required=False) -> dict:
        if value is None:
            if required:
                self.fail(key, "text is missing", "缺少文字", "缺少文字")
            return {}
        if isinstance(value, str):  # one text for every language
            if not value.strip():
                self.fail(key, "text must be a non-empty string", "文字不能为空", "文字不能為空")
            return {lang: value.strip() for lang in languages or LANGS}
        self.mapping(value, key)
        for lang, text in value.items():
            if lang not in LANGS:
                self.fail(f"{key}.{lang}", f"unknown language (use {', '.join(LANGS)})",
                          f"未知的语言（请用 {'、'.join(LANGS)}）", f"未知的語言（請用 {'、'.join(LANGS)}）")
            if not isinstance(text, str) or not text.strip():
                self.fail(f"{key}.{lang}", "text must be a non-empty string", "文字不能为空", "文字不能為空")
        for lang in languages:
            if lang not in value:
                self.fail(key, f"the '{lang}' text is missing (the file declares languages {', '.join(languages)})",
                          f"缺少“{lang}”文字（文件声明的语言为 {'、'.join(languages)}）",
                          f"缺少「{lang}」文字（檔案宣告的語言為 {'、'.join(languages)}）")
        return {k: v.strip() for k, v in value.items()}

    def scale(self, value, key, scales: dict) -> Scale:
        if isinstance(value, bool):
            value = None
        if isinstance(value, int) and value in DEFAULT_SCALE_FOR_POINTS:
            return BUILTIN_SCALES[DEFAULT_SCALE_FOR_POINTS[value]]
        if isinstance(value, str) and value in scales:
            return scales[value]
        names = sorted(scales)
        self.fail(key, f"'{value}' is not a scale (use 5, 7 or one of: {', '.join(names)})",
                  f"“{value}”不是量表（请用 5、7 或：{'、'.join(names)}）",
                  f"「{value}」不是量表（請用 5、7 或：{'、'.join(names)}）")


def _kind(v) -> str:
    return {dict: "a mapping", list: "a list", str: "text", type(None): "nothing"}.get(type(v), type(v).__name__)


def _kind_zh(v) -> str:
    return {dict: "映射", list: "列表", str: "文字", type(None): "空值"}.get(type(v), type(v).__name__)


_TOP_KEYS = ("schema_version", "id", "title", "intro", "languages", "scale", "scales", "constructs",
             "reverse", "segments", "attention_checks", "importance", "paths")


def _build(raw, file: str) -> Questionnaire:
    ck = _Checker(file)
    if raw is None:
        ck.fail("", "the file is empty", "文件是空的", "檔案是空的")
    ck.mapping(raw, "")
    ck.unknown_keys(raw, _TOP_KEYS, "")
    if raw.get("schema_version", 1) != 1:
        ck.fail("schema_version", "only schema_version 1 is known", "只支持 schema_version 1", "只支援 schema_version 1")

    languages = raw.get("languages") or []
    ck.sequence(languages, "languages")
    for i, lang in enumerate(languages):
        if lang not in LANGS:
            ck.fail(f"languages[{i}]", f"unknown language '{lang}' (use {', '.join(LANGS)})",
                    f"未知的语言“{lang}”", f"未知的語言「{lang}」")
    if len(set(languages)) != len(languages):
        ck.fail("languages", "a language is listed twice", "有语言重复列出", "有語言重複列出")
    languages = tuple(languages)

    if "id" in raw:
        qid = raw["id"]
        if not isinstance(qid, str) or not _QID.match(qid):
            ck.fail("id", f"'{qid}' is not a valid questionnaire id (a letter, then letters, digits, _ or -; "
                          f"at most 40)", f"“{qid}”不是有效的问卷编号（以字母开头，只含字母、数字、_ 或 -，最多 40 个字符）",
                    f"「{qid}」不是有效的問卷編號（以字母開頭，只含字母、數字、_ 或 -，最多 40 個字元）")
    else:  # the file name, when it makes a valid id
        stem = Path(file).stem
        qid = stem if _QID.match(stem) else "questionnaire"

    scales = dict(BUILTIN_SCALES)
    for name, spec in ck.mapping(raw.get("scales", {}) or {}, "scales").items():
        key = f"scales.{name}"
        ck.ident(name, key)
        if name in BUILTIN_SCALES:
            ck.fail(key, f"'{name}' is a built-in scale; give your scale another name",
                    f"“{name}”是内置量表，请给自定义量表另取名称", f"「{name}」是內建量表，請為自訂量表另取名稱")
        ck.mapping(spec, key)
        ck.unknown_keys(spec, ("points", "labels"), key)
        points = spec.get("points")
        if not isinstance(points, int) or isinstance(points, bool) or points not in (5, 7):
            ck.fail(f"{key}.points", f"points must be 5 or 7, found {points!r}",
                    f"points 必须是 5 或 7，实际为 {points!r}", f"points 必須是 5 或 7，實際為 {points!r}")
        labels = {}
        for lang, lab in ck.mapping(spec.get("labels", {}) or {}, f"{key}.labels").items():
            lkey = f"{key}.labels.{lang}"
            if lang not in LANGS:
                ck.fail(lkey, "unknown language", "未知的语言", "未知的語言")
            ck.sequence(lab, lkey)
            if len(lab) != points or not all(isinstance(x, str) and x.strip() for x in lab):
                ck.fail(lkey, f"needs exactly {points} non-empty labels, found {len(lab)}",
                        f"需要正好 {points} 个非空标签，实际 {len(lab)} 个",
                        f"需要正好 {points} 個非空標籤，實際 {len(lab)} 個")
            labels[lang] = tuple(x.strip() for x in lab)
        for lang in languages:
            if lang not in labels:
                ck.fail(f"{key}.labels", f"the '{lang}' labels are missing", f"缺少“{lang}”标签", f"缺少「{lang}」標籤")
        scales[name] = Scale(name, points, labels)

    default_scale = ck.scale(raw.get("scale", 5), "scale", scales)

    reverse_list = raw.get("reverse", []) or []
    ck.sequence(reverse_list, "reverse")
    reverse_set = set()
    for i, rid in enumerate(reverse_list):
        reverse_set.add(ck.ident(rid, f"reverse[{i}]"))

    raw_constructs = raw.get("constructs")
    if raw_constructs is None:
        ck.fail("constructs", "no constructs: name at least one construct and its items",
                "没有构念：请至少列出一个构念及其题目", "沒有構念：請至少列出一個構念及其題目")
    ck.mapping(raw_constructs, "constructs")
    if not raw_constructs:
        ck.fail("constructs", "no constructs: name at least one construct and its items",
                "没有构念：请至少列出一个构念及其题目", "沒有構念：請至少列出一個構念及其題目")

    seen_ids: dict[str, str] = {}

    def claim(qid_: str, key: str):
        if qid_ in seen_ids:
            ck.fail(key, f"id '{qid_}' is used twice (also at {seen_ids[qid_]})",
                    f"编号“{qid_}”重复（另见 {seen_ids[qid_]}）", f"編號「{qid_}」重複（另見 {seen_ids[qid_]}）")
        seen_ids[qid_] = key

    constructs = []
    for cid, spec in raw_constructs.items():
        ckey = f"constructs.{cid}"
        ck.ident(cid, ckey)
        claim(cid, ckey)
        if isinstance(spec, list):  # minimal form: a list of item ids
            spec = {"items": spec}
        ck.mapping(spec, ckey)
        ck.unknown_keys(spec, ("name", "role", "source", "scale", "items"), ckey)
        role = spec.get("role")
        if role is not None and role not in ROLES:
            ck.fail(f"{ckey}.role", f"role must be one of {', '.join(ROLES)}, found {role!r}",
                    f"role 必须是 {'、'.join(ROLES)} 之一", f"role 必須是 {'、'.join(ROLES)} 之一")
        source = spec.get("source")
        if source is not None and (not isinstance(source, str) or not source.strip()):
            ck.fail(f"{ckey}.source", "source must be a citation text", "source 应为文献引用文字", "source 應為文獻引用文字")
        cscale = ck.scale(spec["scale"], f"{ckey}.scale", scales) if "scale" in spec else default_scale
        raw_items = ck.sequence(spec.get("items"), f"{ckey}.items")
        if not raw_items:
            ck.fail(f"{ckey}.items", "a construct needs at least one item", "构念至少需要一个题目", "構念至少需要一個題目")
        items = []
        for j, it in enumerate(raw_items):
            ikey = f"{ckey}.items[{j}]"
            if isinstance(it, str):
                it = {"id": it}
            ck.mapping(it, ikey)
            ck.unknown_keys(it, ("id", "text", "reverse", "scale"), ikey)
            iid = ck.ident(it.get("id"), f"{ikey}.id")
            claim(iid, ikey)
            reverse = it.get("reverse", iid in reverse_set)
            if not isinstance(reverse, bool):
                ck.fail(f"{ikey}.reverse", "reverse must be true or false", "reverse 应为 true 或 false",
                        "reverse 應為 true 或 false")
            if iid in reverse_set and not reverse:
                ck.fail(f"{ikey}.reverse", f"'{iid}' is listed under the top-level reverse but says reverse: false",
                        f"“{iid}”列在顶层 reverse 中，却写了 reverse: false", f"「{iid}」列在頂層 reverse 中，卻寫了 reverse: false")
            iscale = ck.scale(it["scale"], f"{ikey}.scale", scales) if "scale" in it else cscale
            items.append(Item(iid, cid, iscale, ck.texts(it.get("text"), f"{ikey}.text", languages,
                                                            required=bool(languages)), reverse))
        constructs.append(Construct(cid, tuple(items), ck.texts(spec.get("name"), f"{ckey}.name", languages),
                                    role, source.strip() if source else None))
    item_ids = {i.id for c in constructs for i in c.items}
    for i, rid in enumerate(reverse_list):
        if rid not in item_ids:
            ck.fail(f"reverse[{i}]", f"'{rid}' is not an item of any construct", f"“{rid}”不是任何构念的题目",
                    f"「{rid}」不是任何構念的題目")

    segments = []
    for j, seg in enumerate(ck.sequence(raw.get("segments", []) or [], "segments")):
        skey = f"segments[{j}]"
        ck.mapping(seg, skey)
        ck.unknown_keys(seg, ("id", "text", "type", "options"), skey)
        sid = ck.ident(seg.get("id"), f"{skey}.id")
        claim(sid, skey)
        stype = seg.get("type", "single")
        if stype not in SEGMENT_TYPES:
            ck.fail(f"{skey}.type", f"type must be one of {', '.join(SEGMENT_TYPES)}",
                    f"type 必须是 {'、'.join(SEGMENT_TYPES)} 之一", f"type 必須是 {'、'.join(SEGMENT_TYPES)} 之一")
        options = []
        if stype in ("single", "multi"):
            raw_opts = ck.sequence(seg.get("options"), f"{skey}.options")
            if len(raw_opts) < 2:
                ck.fail(f"{skey}.options", "a choice question needs at least two options", "选择题至少需要两个选项",
                        "選擇題至少需要兩個選項")
            codes = set()
            for k, opt in enumerate(raw_opts):
                okey = f"{skey}.options[{k}]"
                if isinstance(opt, dict) and "label" in opt and "code" not in opt:
                    opt = {"code": k + 1, **opt}  # {label: …}: code by position
                elif isinstance(opt, str) or (isinstance(opt, dict) and "code" not in opt):
                    opt = {"code": k + 1, "label": opt}  # a bare text or a text mapping
                ck.mapping(opt, okey)
                ck.unknown_keys(opt, ("code", "label"), okey)
                code = opt.get("code")
                if not isinstance(code, int) or isinstance(code, bool) or code in codes:
                    ck.fail(f"{okey}.code", "each option needs a unique whole-number code",
                            "每个选项需要唯一的整数代码", "每個選項需要唯一的整數代碼")
                codes.add(code)
                options.append(Option(code, ck.texts(opt.get("label"), f"{okey}.label", languages, required=True)))
        elif "options" in seg:
            ck.fail(f"{skey}.options", f"a {stype} question has no options", f"{stype} 类型的题目没有选项",
                    f"{stype} 類型的題目沒有選項")
        segments.append(Segment(sid, stype, tuple(options),
                                ck.texts(seg.get("text"), f"{skey}.text", languages, required=bool(languages))))

    checks = []
    for j, chk in enumerate(ck.sequence(raw.get("attention_checks", []) or [], "attention_checks")):
        akey = f"attention_checks[{j}]"
        ck.mapping(chk, akey)
        ck.unknown_keys(chk, ("id", "text", "scale", "expected", "after"), akey)
        aid = ck.ident(chk.get("id"), f"{akey}.id")
        claim(aid, akey)
        ascale = ck.scale(chk["scale"], f"{akey}.scale", scales) if "scale" in chk else default_scale
        expected = chk.get("expected")
        if not isinstance(expected, int) or isinstance(expected, bool) or not 1 <= expected <= ascale.points:
            ck.fail(f"{akey}.expected", f"expected must be a code from 1 to {ascale.points}",
                    f"expected 必须是 1 到 {ascale.points} 之间的代码", f"expected 必須是 1 到 {ascale.points} 之間的代碼")
        after = chk.get("after")
        if after is not None and (not isinstance(after, str) or after not in item_ids):
            ck.fail(f"{akey}.after", f"'{after}' is not an item id", f"“{after}”不是题目编号", f"「{after}」不是題目編號")
        checks.append(AttentionCheck(aid, ascale, expected, after,
                                     ck.texts(chk.get("text"), f"{akey}.text", languages, required=bool(languages))))

    construct_ids = [c.id for c in constructs]
    importance = []
    asked: dict[str, str] = {}  # construct id -> key of its importance question
    for j, imp in enumerate(ck.sequence(raw.get("importance", []) or [], "importance")):
        mkey = f"importance[{j}]"
        ck.mapping(imp, mkey)
        ck.unknown_keys(imp, ("id", "construct", "text", "scale"), mkey)
        mid = ck.ident(imp.get("id"), f"{mkey}.id")
        claim(mid, mkey)
        cid = imp.get("construct")
        if cid is None:
            ck.fail(f"{mkey}.construct", f"missing: give the id of the construct whose importance is asked "
                                         f"(one of {', '.join(construct_ids)})",
                    f"缺少该键：请填写所询问重要性的构念编号（{'、'.join(construct_ids)} 之一）",
                    f"缺少此鍵：請填寫所詢問重要性的構念編號（{'、'.join(construct_ids)} 之一）")
        if not isinstance(cid, str) or cid not in construct_ids:
            ck.fail(f"{mkey}.construct", f"'{cid}' is not a construct of this questionnaire (constructs: "
                                         f"{', '.join(construct_ids)})",
                    f"“{cid}”不是本问卷的构念（构念有：{'、'.join(construct_ids)}）",
                    f"「{cid}」不是本問卷的構念（構念有：{'、'.join(construct_ids)}）")
        if cid in asked:
            ck.fail(f"{mkey}.construct", f"construct '{cid}' already has an importance question (at {asked[cid]}); "
                                         f"ask at most one per construct",
                    f"构念“{cid}”已有重要性题目（见 {asked[cid]}），每个构念最多一题",
                    f"構念「{cid}」已有重要性題目（見 {asked[cid]}），每個構念最多一題")
        asked[cid] = mkey
        mscale = ck.scale(imp["scale"], f"{mkey}.scale", scales) if "scale" in imp \
            else BUILTIN_SCALES[DEFAULT_IMPORTANCE_SCALE]
        importance.append(ImportanceItem(mid, cid, mscale, ck.texts(imp.get("text"), f"{mkey}.text", languages,
                                                                     required=bool(languages))))

    paths = []
    for j, line in enumerate(ck.sequence(raw.get("paths", []) or [], "paths")):
        pkey = f"paths[{j}]"
        m = _PATH_LINE.match(line) if isinstance(line, str) else None
        if not m:
            ck.fail(pkey, "a path is 'OUTCOME ~ PREDICTOR + PREDICTOR' with construct ids only",
                    "路径应写成“结果 ~ 前因 + 前因”，只能使用构念编号", "路徑應寫成「結果 ~ 前因 + 前因」，只能使用構念編號")
        names = [m.group(1)] + [p.strip() for p in m.group(2).split("+")]
        if names[0] in names[1:]:
            ck.fail(pkey, f"'{names[0]}' cannot predict itself", f"“{names[0]}”不能预测自身", f"「{names[0]}」不能預測自身")
        for name in names:
            if name not in construct_ids:
                ck.fail(pkey, f"'{name}' is not a construct of this questionnaire",
                        f"“{name}”不是本问卷的构念", f"「{name}」不是本問卷的構念")
        paths.append(f"{names[0]} ~ " + " + ".join(names[1:]))

    q = Questionnaire(
        id=qid, constructs=tuple(constructs), segments=tuple(segments), attention_checks=tuple(checks),
        paths=tuple(paths), importance=tuple(importance), languages=languages or LANGS,
        title=ck.texts(raw.get("title"), "title", languages), intro=ck.texts(raw.get("intro"), "intro", languages),
        scales={k: v for k, v in scales.items()
                if k not in BUILTIN_SCALES or k in _used_scales(constructs, checks, importance)},
        source_file=file,
    )
    return _numbered(q)


def _used_scales(constructs, checks, importance=()) -> set[str]:
    return {i.scale.name for c in constructs for i in c.items} | {a.scale.name for a in checks} \
        | {m.scale.name for m in importance}


def _numbered(q: Questionnaire) -> Questionnaire:
    """Number the questions as printed: segments, then items with each
    attention check after the item it follows (or at the end), then the
    stated-importance questions as a section of their own.  Importance
    questions come last so that adding them never renumbers a question
    (a 问卷星 header ``6、…`` keeps pointing at the same item)."""
    from dataclasses import replace

    n = 0
    segments = []
    for s in q.segments:
        n += 1
        segments.append(replace(s, number=n))
    checks_after: dict[str | None, list[AttentionCheck]] = {}
    for a in q.attention_checks:
        checks_after.setdefault(a.after, []).append(a)
    constructs, checks = [], []
    for c in q.constructs:
        items = []
        for i in c.items:
            n += 1
            items.append(replace(i, number=n))
            for a in checks_after.get(i.id, []):
                n += 1
                checks.append(replace(a, number=n))
        constructs.append(replace(c, items=tuple(items)))
    for a in checks_after.get(None, []):
        n += 1
        checks.append(replace(a, number=n))
    order = {a.id: k for k, a in enumerate(q.attention_checks)}
    checks.sort(key=lambda a: order[a.id])
    importance = []
    for m in q.importance:
        n += 1
        importance.append(replace(m, number=n))
    return replace(q, segments=tuple(segments), constructs=tuple(constructs), attention_checks=tuple(checks),
                   importance=tuple(importance))
