"""``research study``: studies in the study store (research.store) from the command line.

    export RESEARCH_STUDY_KEY=…            # the owner key: from the environment, not the command line
    research study create "Delivery 2026" --questionnaire lsq5
    research study list
    research study wave 1 --name "2026 Q1" --closes 2026-03-31 --quota 300 --base-url https://survey.example.org
    research study import 1 wjx_q2.xlsx --wave "2026 Q2"
    research study responses 1 -o responses.csv
    research study analyze 1 --waves "2026 Q2" -H "H1: REL -> SAT, +"
    research study trend 1 --report trend.docx
    research study export 1 -o study.zip ; research study import-zip study.zip

Thin, as every front end: it parses, calls ``research`` (the store, ``load_responses(store.source(…))``,
``analyze``, ``wave_trend``/``wave_change``, the report) and prints; bad input ends with a message in the
chosen language and exit status 2 (:func:`research.cli.main`).  A study is named by its id or its exact name,
a wave by its id or its name within the study.
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
from pathlib import Path

from .defaults import DEFAULT_SEED
from .errors import AccessDenied, FileReadError, invalid_option

KEY_ENV = "RESEARCH_STUDY_KEY"
DEFAULT_BASE_URL = "http://127.0.0.1:8000"
TREND_FILES = ("trend.json", "trend.png")

_ST = {
    "created": {"en": "Study {id} “{name}” created (questionnaire {q}, version {v}).",
                "zh-Hans": "已创建研究 {id}“{name}”（问卷 {q}，版本 {v}）。",
                "zh-Hant": "已建立研究 {id}「{name}」（問卷 {q}，版本 {v}）。"},
    "key_once": {"en": "Owner key — shown only this once; keep it safe (a password manager). Without it no one, "
                       "you included, can open the study's responses or results, and it cannot be recovered:",
                 "zh-Hans": "所有者密钥——只显示这一次，请妥善保存（例如密码管理器）。没有它，任何人（包括您）都无法打开本研究的答卷和结果，"
                            "且无法找回：",
                 "zh-Hant": "擁有者金鑰——只顯示這一次，請妥善保管（例如密碼管理器）。沒有它，任何人（包括您）都無法開啟本研究的答卷與結果，"
                            "且無法找回："},
    "key_env": {"en": "Give it to the next commands through the environment (export {env}=…), not on the command "
                      "line, where it would land in the shell history.",
                "zh-Hans": "之后的命令请通过环境变量传入（export {env}=…），不要写在命令行上，以免留在命令历史记录中。",
                "zh-Hant": "之後的命令請透過環境變數傳入（export {env}=…），不要寫在命令列上，以免留在命令歷史紀錄中。"},
    "key_given": {"en": "It is owned by the key you gave (one key may own several studies).",
                  "zh-Hans": "它归您提供的密钥所有（一个密钥可以拥有多个研究）。",
                  "zh-Hant": "它歸您提供的金鑰所有（一個金鑰可以擁有多個研究）。"},
    "imported": {"en": "Study ZIP imported as study {id} “{name}”: {waves} wave(s), {n} response(s), {a} analysis "
                       "record(s).",
                 "zh-Hans": "研究 ZIP 已导入为研究 {id}“{name}”：{waves} 个调查批次，{n} 份答卷，{a} 条分析记录。",
                 "zh-Hant": "研究 ZIP 已匯入為研究 {id}「{name}」：{waves} 個調查批次，{n} 份答卷，{a} 筆分析紀錄。"},
    "none": {"en": "This key owns no study in {db}.", "zh-Hans": "此密钥在 {db} 中没有任何研究。",
             "zh-Hant": "此金鑰在 {db} 中沒有任何研究。"},
    "study": {"en": "Study", "zh-Hans": "研究", "zh-Hant": "研究"},
    "name": {"en": "Name", "zh-Hans": "名称", "zh-Hant": "名稱"},
    "questionnaire": {"en": "Questionnaire", "zh-Hans": "问卷", "zh-Hant": "問卷"},
    "waves": {"en": "Waves", "zh-Hans": "调查批次", "zh-Hant": "調查批次"},
    "responses": {"en": "Responses", "zh-Hans": "答卷", "zh-Hant": "答卷"},
    "created_at": {"en": "Created (UTC)", "zh-Hans": "创建时间（UTC）", "zh-Hant": "建立時間（UTC）"},
    "wave": {"en": "Wave", "zh-Hans": "调查批次", "zh-Hant": "調查批次"},
    "kind": {"en": "Kind", "zh-Hans": "类型", "zh-Hant": "類型"},
    "state": {"en": "State", "zh-Hans": "状态", "zh-Hant": "狀態"},
    "web": {"en": "web form", "zh-Hans": "网页问卷", "zh-Hant": "網頁問卷"},
    "import": {"en": "imported file", "zh-Hans": "导入的文件", "zh-Hant": "匯入的檔案"},
    "open": {"en": "open", "zh-Hans": "进行中", "zh-Hant": "進行中"},
    "closed": {"en": "closed", "zh-Hans": "已结束", "zh-Hant": "已結束"},
    "link": {"en": "Link", "zh-Hans": "链接", "zh-Hant": "連結"},
    "wave_made": {"en": "Wave {id} “{name}” of study {study} opened: one response per {per}{closes}{quota}.",
                  "zh-Hans": "研究 {study} 的调查批次 {id}“{name}”已开放：每{per}一份{closes}{quota}。",
                  "zh-Hant": "研究 {study} 的調查批次 {id}「{name}」已開放：每{per}一份{closes}{quota}。"},
    "per_browser": {"en": "browser", "zh-Hans": "个浏览器", "zh-Hant": "個瀏覽器"},
    "per_token": {"en": "personal link", "zh-Hans": "个专属链接", "zh-Hant": "個專屬連結"},
    "per_none": {"en": "submission (no limit per person)", "zh-Hans": "次提交（不限每人份数）",
                 "zh-Hant": "次提交（不限每人份數）"},
    "closes": {"en": ", closes {at} UTC", "zh-Hans": "，截止于 {at}（UTC）", "zh-Hant": "，截止於 {at}（UTC）"},
    "quota": {"en": ", quota {n}", "zh-Hans": "，配额 {n} 份", "zh-Hant": "，配額 {n} 份"},
    "form_link": {"en": "Form link", "zh-Hans": "问卷链接", "zh-Hant": "問卷連結"},
    "serve_hint": {"en": "The link works while `research serve` runs at that address (--base-url: the public "
                         "address).",
                   "zh-Hans": "链接在 `research serve` 于该地址运行时有效（--base-url：对外公开的地址）。",
                   "zh-Hant": "連結在 `research serve` 於該位址執行時有效（--base-url：對外公開的位址）。"},
    "tokens": {"en": "{n} personal links (one response each) written to the link list.",
               "zh-Hans": "已将 {n} 个专属链接（每个限答一份）写入链接清单。",
               "zh-Hant": "已將 {n} 個專屬連結（每個限答一份）寫入連結清單。"},
    "closed_now": {"en": "Wave {id} “{name}” is closed: {n} response(s).",
                   "zh-Hans": "调查批次 {id}“{name}”已结束：共 {n} 份答卷。",
                   "zh-Hant": "調查批次 {id}「{name}」已結束：共 {n} 份答卷。"},
    "import_done": {"en": "File {file} added to study {study} as wave {id} “{name}”: {n} response(s).",
                    "zh-Hans": "文件 {file} 已作为调查批次 {id}“{name}”加入研究 {study}：{n} 份答卷。",
                    "zh-Hant": "檔案 {file} 已作為調查批次 {id}「{name}」加入研究 {study}：{n} 份答卷。"},
    "rows": {"en": "{n} response(s) of {waves}", "zh-Hans": "{waves}的 {n} 份答卷", "zh-Hant": "{waves}的 {n} 份答卷"},
    "all_waves": {"en": "all waves", "zh-Hans": "全部调查批次", "zh-Hant": "全部調查批次"},
    "excluded": {"en": "Response {id} excluded from the analyses (kept in the store, with the reason).",
                 "zh-Hans": "答卷 {id} 已排除于分析之外（仍保存在数据库中，并记录原因）。",
                 "zh-Hant": "答卷 {id} 已排除於分析之外（仍儲存在資料庫中，並記錄原因）。"},
    "saved": {"en": "Saved in the study as analysis {id} (waves: {waves}).",
              "zh-Hans": "已作为分析 {id} 保存到研究中（调查批次：{waves}）。",
              "zh-Hant": "已作為分析 {id} 儲存到研究中（調查批次：{waves}）。"},
    "one_wave": {"en": "Only one wave ({wave}): no change between waves to test.",
                 "zh-Hans": "只有一个调查批次（{wave}）：没有可检验的期间变化。",
                 "zh-Hant": "只有一個調查批次（{wave}）：沒有可檢定的期間變化。"},
}


def _t(key: str, lang: str, **values) -> str:
    return _ST[key][lang].format(**values)


def _sep(lang: str) -> str:
    return ", " if lang == "en" else "、"


# ----------------------------------------------------------------------------------------------------------
# the parser
# ----------------------------------------------------------------------------------------------------------

KEY_HELP = (f"the study's owner key. Prefer the environment variable ${KEY_ENV}: a key typed on the command line "
            "lands in the shell history and is visible to other users in the process list")
DB_HELP = ("the study store: sqlite:///PATH.db or postgresql+psycopg://USER@HOST/DB (default: "
           "$RESEARCH_DATABASE_URL, else studies.db in $RESEARCH_STORE_DIR or the current folder)")
WAVES_HELP = "waves to use, by id or name (repeatable or comma-separated; default: all)"


def add_study_parser(sub, common, force_help: str) -> None:
    """``research study ACTION …`` on the main parser's subparsers."""
    store = argparse.ArgumentParser(add_help=False, parents=[common])
    store.add_argument("--database", metavar="URL", help=DB_HELP)
    store.add_argument("--key", metavar="KEY", help=KEY_HELP)

    sp = sub.add_parser("study", help="studies in the study store: create, waves and links, imports, responses, "
                                      "analyses, trend across waves, export and import",
                        description=f"The owner key is read from ${KEY_ENV} (or --key, which lands in the shell "
                                    "history: prefer the environment).")
    ssub = sp.add_subparsers(dest="action", metavar="ACTION")

    p = ssub.add_parser("create", parents=[store], help="a new study with its questionnaire; prints its owner key once")
    p.add_argument("name", help="the study's name")
    p.add_argument("--questionnaire", "-q", default="lsq5", help="template name or YAML path (default lsq5)")

    ssub.add_parser("list", parents=[store], help="the studies the key owns, with their waves and responses")

    p = ssub.add_parser("waves", parents=[store], help="a study's waves with their links, states and responses")
    p.add_argument("study", help="study id or name")
    p.add_argument("--base-url", metavar="URL", default=DEFAULT_BASE_URL,
                   help=f"the public address of `research serve` (default {DEFAULT_BASE_URL})")

    p = ssub.add_parser("wave", parents=[store], help="open a wave of web collection: prints the form link, writes "
                                                      "its QR code (SVG) and, with --tokens, the link list (CSV)")
    p.add_argument("study", help="study id or name")
    p.add_argument("--name", required=True, help="the wave's name, e.g. \"2026 Q1\"")
    p.add_argument("--closes", metavar="ISO", help="closing time, e.g. 2026-03-31 or 2026-03-31T18:00 (local time "
                                                   "unless it carries an offset such as +08:00)")
    p.add_argument("--quota", type=int, help="stop after this many responses")
    p.add_argument("--one-per", choices=("browser", "token", "none"), default=None,
                   help="one response per browser (default), per personal link (token) or no limit (none)")
    p.add_argument("--tokens", type=int, metavar="N", help="issue N personal links (implies --one-per token) and "
                                                           "write them as a CSV")
    p.add_argument("--base-url", metavar="URL", default=DEFAULT_BASE_URL,
                   help=f"the public address of `research serve` used in the link and the QR code (default "
                        f"{DEFAULT_BASE_URL})")
    p.add_argument("--out", "-o", default=".", help="folder for qr-SLUG.svg and links-SLUG.csv (default: here)")
    p.add_argument("--force", action="store_true", help=force_help)

    p = ssub.add_parser("close", parents=[store], help="close a wave: it takes no more responses")
    p.add_argument("study", help="study id or name")
    p.add_argument("wave", help="wave id or name")

    p = ssub.add_parser("import", parents=[store], help="add a survey export (问卷星, Qualtrics, CSV …) as a wave")
    p.add_argument("study", help="study id or name")
    p.add_argument("file", help="CSV, XLSX, XLS or SPSS .sav export")
    p.add_argument("--wave", required=True, help="the new wave's name")
    p.add_argument("--mapping", help="YAML file of 'column header: question id' overrides")

    p = ssub.add_parser("responses", parents=[store], help="the responses as CSV (Excel-safe), corrections applied")
    p.add_argument("study", help="study id or name")
    p.add_argument("--waves", action="append", default=[], help=WAVES_HELP)
    p.add_argument("--include-excluded", action="store_true", help="also the excluded responses, with the reason")
    p.add_argument("--out", "-o", default="responses.csv", help="output CSV (default responses.csv)")
    p.add_argument("--force", action="store_true", help=force_help)

    p = ssub.add_parser("exclude", parents=[store], help="exclude a response from the analyses (recorded with the "
                                                         "reason; nothing is deleted)")
    p.add_argument("study", help="study id or name")
    p.add_argument("response", type=int, help="response id (the response_id column of `study responses`)")
    p.add_argument("--reason", required=True, help="why, e.g. \"same IP as response 12\"")

    p = ssub.add_parser("export", parents=[store], help="the whole study as a ZIP (questionnaire, waves, responses, "
                                                        "imports, analyses)")
    p.add_argument("study", help="study id or name")
    p.add_argument("--out", "-o", help="output ZIP (default study-ID.zip)")
    p.add_argument("--force", action="store_true", help=force_help)

    p = ssub.add_parser("import-zip", parents=[store], help="a study ZIP as a new study (with a new owner key unless "
                                                            "a key is given)")
    p.add_argument("file", help="a ZIP written by `research study export`")

    p = ssub.add_parser("analyze", parents=[store], help="`research analyze` on the study's responses → results.json, "
                                                         "saved in the study")
    p.add_argument("study", help="study id or name")
    p.add_argument("--waves", action="append", default=[], help=WAVES_HELP)
    p.add_argument("--hypothesis", "-H", action="append", default=[],
                   help="a hypothesis as in `research analyze` (repeatable), e.g. 'H1: REL -> SAT, +'")
    p.add_argument("--bootstrap", type=int, default=None, help="bootstrap resamples (0 = none; default as "
                                                               "`research analyze`)")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    p.add_argument("--group", help="a segment column, e.g. PLATFORM (as `research analyze --group`)")
    p.add_argument("--out", default="results", help="folder for results.json (default: results)")
    p.add_argument("--force", action="store_true", help=force_help)

    p = ssub.add_parser("trend", parents=[store], help="index, dimensions and drivers per wave, and the change "
                                                       "between two waves after measurement invariance")
    p.add_argument("study", help="study id or name")
    p.add_argument("--waves", action="append", default=[], help=WAVES_HELP)
    p.add_argument("--compare", nargs=2, metavar=("A", "B"),
                   help="the two waves whose change (B − A) is tested (default: the last two)")
    p.add_argument("--boot", type=int, default=1000, help="bootstrap resamples of the drivers' importance per wave "
                                                          "(0 = none; default 1000)")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    p.add_argument("--level", type=float, default=0.95, help="confidence level (default 0.95)")
    p.add_argument("--out", default="trend", help="folder for trend.json and trend.png (default: trend)")
    p.add_argument("--report", metavar="FILE", help="also write a report (.docx, .html or .md) of the trend")
    p.add_argument("--force", action="store_true", help=force_help)


# ----------------------------------------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------------------------------------

def _key(args, required: bool = True) -> str | None:
    key = args.key or os.environ.get(KEY_ENV) or None
    if key is None and required:
        raise invalid_option("--key", "∅", f"Set the study's owner key in the environment: export {KEY_ENV}=… "
                             "(or --key KEY, which lands in the shell history).",
                             f"请在环境变量中设置研究的所有者密钥：export {KEY_ENV}=…（或使用 --key，但它会留在命令历史记录中）。",
                             f"請在環境變數中設定研究的擁有者金鑰：export {KEY_ENV}=…（或使用 --key，但它會留在命令歷史紀錄中）。")
    return key


def _open(args):
    from .store import open_store
    return open_store(args.database)


def _study(store, key: str, ref: str):
    """The study named by id or exact name, when ``key`` owns it; AccessDenied otherwise (a wrong key learns
    nothing about which studies exist)."""
    ref = str(ref).strip()
    if ref.isdigit():
        return store.study(int(ref), key)
    found = [s for s in store.studies(key) if s.name == ref]
    if not found:
        raise AccessDenied("store_access_denied", study=ref[:80])
    if len(found) > 1:
        ids = ", ".join(str(s.id) for s in found)
        raise invalid_option("STUDY", f"{ref[:80]} → {ids}", "Several studies have this name; give the id.",
                             "有多个研究同名，请给出研究编号。", "有多個研究同名，請提供研究編號。")
    return found[0]


def _waves(store, study, key: str, refs) -> list:
    """The waves named (ids or names, repeatable or comma-separated), in the study's order; None for all."""
    from .cli import _split

    names = _split(refs)
    if not names:
        return None
    infos = store.waves(study.id, key)
    chosen = []
    for ref in names:
        hits = [w for w in infos if (ref.isdigit() and w.id == int(ref))] or [w for w in infos if w.name == ref]
        if len(hits) != 1:
            listed = "; ".join(f"{w.id} {w.name}" for w in infos) or "∅"
            detail = f"{ref[:60]} ∉ {{{listed[:300]}}}" if not hits else f"{ref[:60]} → {len(hits)}"
            raise invalid_option("--waves/WAVE", detail, "Name a wave of this study by its id or its name "
                                 "(`research study waves STUDY` lists them); give the id when two share a name.",
                                 "请用编号或名称指定本研究的调查批次（`research study waves 研究` 可列出）；重名时请给出编号。",
                                 "請用編號或名稱指定本研究的調查批次（`research study waves 研究` 可列出）；重名時請提供編號。")
        if hits[0] not in chosen:
            chosen.append(hits[0])
    return [w for w in infos if w in chosen]


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except (OSError, ValueError):
        raise FileReadError("file_not_found", file=str(path)) from None


def _closes(text: str | None):
    if text is None:
        return None
    try:
        when = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise invalid_option("--closes", text[:40], "Give a date or time as ISO 8601, e.g. 2026-03-31 or "
                             "2026-03-31T18:00+08:00.", "请以 ISO 8601 格式给出日期或时间，例如 2026-03-31 或 "
                             "2026-03-31T18:00+08:00。", "請以 ISO 8601 格式提供日期或時間，例如 2026-03-31 或 "
                             "2026-03-31T18:00+08:00。") from None
    return when if when.tzinfo is not None else when.astimezone()       # a time without offset: this machine's


def _link(base_url: str, slug: str, token: str | None = None) -> str:
    from .serve.page import form_path
    return base_url.rstrip("/") + form_path(slug, t=token)


def _check_base_url(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise invalid_option("--base-url", str(url)[:80], "Give the server's public address, e.g. "
                             "https://survey.example.org.", "请给出服务器对外公开的地址，例如 https://survey.example.org。",
                             "請提供伺服器對外公開的位址，例如 https://survey.example.org。")
    return url.rstrip("/")


def _when(value) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d %H:%M")


def _session(args, *inputs):
    from .cli import _files
    from .outputs import Outputs
    return Outputs(_files(*inputs), force=getattr(args, "force", False), command=f"study {args.action}")


# ----------------------------------------------------------------------------------------------------------
# the actions
# ----------------------------------------------------------------------------------------------------------

def study_command(args, lang: str, parser) -> int:
    if args.action is None:
        parser.parse_args(["study", "--help"])
    run = {"create": _create, "list": _list, "waves": _list_waves, "wave": _wave, "close": _close,
           "import": _import, "responses": _responses, "exclude": _exclude, "export": _export,
           "import-zip": _import_zip, "analyze": _analyze, "trend": _trend}[args.action]
    return run(args, lang)


def _print_key(info, key: str, given: bool, lang: str) -> None:
    if given:
        print(_t("key_given", lang))
        return
    print(_t("key_once", lang))
    print(f"  {key}")
    print(_t("key_env", lang, env=KEY_ENV))


def _create(args, lang: str) -> int:
    from .questionnaire import TEMPLATE_DIR, load_questionnaire

    given = _key(args, required=False)
    load_questionnaire(args.questionnaire)              # a template name or a path, checked before the store
    path = Path(args.questionnaire)
    text = _read(path if path.is_file() else TEMPLATE_DIR / f"{path.name}.yaml")   # the YAML as given, kept verbatim
    with _open(args) as store:
        info, key = store.create_study(args.name, text, key=given)
    print(_t("created", lang, id=info.id, name=info.name, q=info.questionnaire_id, v=info.questionnaire_version))
    _print_key(info, key, given is not None, lang)
    return 0


def _list(args, lang: str) -> int:
    from .cli import _columns

    key = _key(args)
    with _open(args) as store:
        infos = store.studies(key)
        if not infos:
            print(_t("none", lang, db=store.url_for_display))
            return 0
        rows = [[str(s.id), s.name, f"{s.questionnaire_id} v{s.questionnaire_version}",
                 str(len(store.waves(s.id, key))), str(store.count(study_id=s.id)), _when(s.created_at)]
                for s in infos]
    for line in _columns([_t(k, lang) for k in ("study", "name", "questionnaire", "waves", "responses",
                                                   "created_at")], rows):
        print(line)
    return 0


def _list_waves(args, lang: str) -> int:
    from .cli import _columns

    key = _key(args)
    base = _check_base_url(args.base_url)
    with _open(args) as store:
        study = _study(store, key, args.study)
        rows = [[str(w.id), w.name, _t(w.kind, lang), _t("open" if w.is_open else "closed", lang),
                 str(store.count(w.id)), _link(base, w.slug) if w.kind == "web" else ""]
                for w in store.waves(study.id, key)]
    print(f"{_t('study', lang)} {study.id}: {study.name}")
    for line in _columns([_t(k, lang) for k in ("wave", "name", "kind", "state", "responses", "link")], rows):
        print(line)
    return 0


def _wave(args, lang: str) -> int:
    import segno

    from .cli import _print_outputs
    from .export import csv_bytes
    from .outputs import output_folder
    from .store.store import MAX_TOKENS

    key = _key(args)
    base = _check_base_url(args.base_url)
    one_per = args.one_per
    if args.tokens is not None:
        if one_per not in (None, "token"):
            raise invalid_option("--tokens/--one-per", f"--one-per {one_per}", "Personal links need --one-per token "
                                 "(or leave --one-per out).", "专属链接需要 --one-per token（或不指定 --one-per）。",
                                 "專屬連結需要 --one-per token（或不指定 --one-per）。")
        one_per = "token"
    closes = _closes(args.closes)
    folder = output_folder(args.out, create=False)
    session = _session(args)
    with _open(args) as store:
        study = _study(store, key, args.study)
        if args.tokens is not None and not 1 <= args.tokens <= MAX_TOKENS:   # before the wave is made
            raise invalid_option("--tokens", str(args.tokens), f"Ask for 1 to {MAX_TOKENS} personal links.",
                                 f"请申请 1 至 {MAX_TOKENS} 个专属链接。", f"請申請 1 至 {MAX_TOKENS} 個專屬連結。")
        wave = store.create_wave(study.id, key, args.name, closes_at=closes, quota=args.quota,
                                 one_per=one_per or "browser")
        tokens = store.issue_tokens(wave.id, key, args.tokens) if args.tokens else []
    link = _link(base, wave.slug)
    closes_text = _t("closes", lang, at=_when(wave.closes_at)) if wave.closes_at else ""
    quota_text = _t("quota", lang, n=wave.quota) if wave.quota else ""
    print(_t("wave_made", lang, id=wave.id, name=wave.name, study=study.id, per=_t(f"per_{wave.one_per}", lang),
             closes=closes_text, quota=quota_text))
    print(f"{_t('form_link', lang)}: {link}")
    print(_t("serve_hint", lang))
    qr, links = folder / f"qr-{wave.slug}.svg", folder / f"links-{wave.slug}.csv"
    targets = [qr] + ([links] if tokens else [])
    output_folder(folder)
    session.check(targets)
    buf = io.BytesIO()
    segno.make(link, error="m", micro=False).save(buf, kind="svg", scale=8, border=4, xmldecl=True, title=link)
    session.write_bytes(qr, buf.getvalue())
    if tokens:
        import pandas as pd

        frame = pd.DataFrame({"token": tokens, "link": [_link(base, wave.slug, t) for t in tokens]})
        session.write_bytes(links, csv_bytes(frame))
        print(_t("tokens", lang, n=len(tokens)))
    _print_outputs(session, lang)
    return 0


def _close(args, lang: str) -> int:
    key = _key(args)
    with _open(args) as store:
        study = _study(store, key, args.study)
        wave = _waves(store, study, key, [args.wave])[0]
        store.close_wave(wave.id, key)
        n = store.count(wave.id)
    print(_t("closed_now", lang, id=wave.id, name=wave.name, n=n))
    return 0


def _import(args, lang: str) -> int:
    from .io.mapping import read_mapping
    from .questionnaire import loads_questionnaire

    key = _key(args)
    data = _read(args.file)
    with _open(args) as store:
        study = _study(store, key, args.study)
        mapping = None
        if args.mapping:
            version, text = store.questionnaire(study.id)
            mapping = read_mapping(args.mapping, loads_questionnaire(text, f"questionnaire_v{version}.yaml"))
        wave = store.add_import(study.id, key, args.wave, Path(args.file).name, data, mapping)
        n = store.count(wave.id)
    print(_t("import_done", lang, file=Path(args.file).name, study=study.id, id=wave.id, name=wave.name, n=n))
    return 0


def _wave_names(waves, lang: str) -> str:
    return _t("all_waves", lang) if waves is None else _sep(lang).join(w.name for w in waves)


def _responses(args, lang: str) -> int:
    from .cli import _print_outputs
    from .export import csv_bytes

    key = _key(args)
    session = _session(args)
    session.check([Path(args.out)])
    with _open(args) as store:
        study = _study(store, key, args.study)
        waves = _waves(store, study, key, args.waves)
        frame = store.responses(study.id, key, None if waves is None else [w.id for w in waves],
                                include_excluded=args.include_excluded)
    print(_t("rows", lang, n=len(frame), waves=_wave_names(waves, lang)))
    session.write_bytes(Path(args.out), csv_bytes(frame))
    _print_outputs(session, lang)
    return 0


def _exclude(args, lang: str) -> int:
    key = _key(args)
    with _open(args) as store:
        study = _study(store, key, args.study)
        store.exclude(study.id, key, args.response, args.reason)
    print(_t("excluded", lang, id=args.response))
    return 0


def _export(args, lang: str) -> int:
    from .cli import _print_outputs

    key = _key(args)
    session = _session(args)
    with _open(args) as store:
        study = _study(store, key, args.study)
        out = Path(args.out or f"study-{study.id}.zip")
        session.check([out])
        data = store.export_study(study.id, key)
    session.write_bytes(out, data)
    _print_outputs(session, lang)
    return 0


def _import_zip(args, lang: str) -> int:
    given = _key(args, required=False)
    data = _read(args.file)
    with _open(args) as store:
        info, key, _ = imported = store.import_study(data, key=given)
        waves = store.waves(info.id, key)
        n = store.count(study_id=info.id)
        a = len(store.analyses(info.id, key))
    print(_t("imported", lang, id=info.id, name=info.name, waves=len(waves), n=n, a=a))
    for note in imported.notes():          # a wave whose link name was taken here has a new link
        print(note.texts[lang])
    _print_key(info, key, given is not None, lang)
    return 0


def _analyze(args, lang: str) -> int:
    from .analyze import analyze
    from .cli import (_is_results_json, _print_diagnostics, _print_marketing, _print_outputs, _print_pls,
                      _print_summary)
    from .io import load_responses
    from .outputs import output_folder

    key = _key(args)
    session = _session(args)
    target = output_folder(args.out, create=False) / "results.json"
    session.check([target], own=_is_results_json)                 # before the work, and again before writing
    with _open(args) as store:
        study = _study(store, key, args.study)
        waves = _waves(store, study, key, args.waves)
        ids = None if waves is None else [w.id for w in waves]
        responses = load_responses(store.source(study.id, key, waves=ids))
        result = analyze(responses, questionnaire=responses.questionnaire, hypotheses=tuple(args.hypothesis),
                         bootstrap=args.bootstrap, seed=args.seed, group=args.group)
        text = result.to_json()
        d = json.loads(text)
        used = ids if ids is not None else [w.id for w in store.waves(study.id, key)]
        spec = {**d["meta"]["spec"], "study": study.id, "waves": used, "command": "study analyze"}
        analysis_id = store.save_analysis(study.id, key, spec=spec, results_json=text, seed=d["meta"].get("seed"),
                                          versions=d["meta"].get("versions") or {}, waves=used)
    output_folder(args.out)
    session.check([target], own=_is_results_json)
    session.write_text(target, text)
    _print_summary(d, lang)
    _print_pls(d, lang)
    _print_diagnostics(d, lang)
    _print_marketing(d, lang)
    for w in d["warnings"]:
        print(f"! [{w.get('where', '')}] " + (w.get(lang) or w.get("en", "")))
    print(_t("saved", lang, id=analysis_id, waves=_wave_names(waves, lang)))
    _print_outputs(session, lang)
    return 0


def _own_trend_file(folder: Path):
    """Whether a file in ``folder`` is an earlier `research study trend` output: its trend.json (a trend block
    and meta.command "study trend"), or the figure it lists with the SHA-256 it still has."""
    import hashlib

    from .errors import ResearchError
    from .results_file import read_json

    try:
        earlier = read_json(folder / "trend.json", max_mb=50) if (folder / "trend.json").is_file() else None
    except ResearchError:
        earlier = None
    meta = earlier.get("meta") if isinstance(earlier, dict) else None
    ours = isinstance(meta, dict) and meta.get("command") == "study trend" and isinstance(earlier.get("trend"), dict)

    def own(path: Path) -> bool:
        if not ours:
            return False
        if path.name == "trend.json":
            return True
        files = meta.get("files")
        return isinstance(files, dict) and files.get(path.name) == hashlib.sha256(path.read_bytes()).hexdigest()
    return own


def trend_summary(d: dict, lang: str = "en") -> str:
    """The trend block (``{"trend": …, "change": …}``) as the console shows it: the report's tables (names, not
    codes; numbers by research.report.apa), then the invariance verdict and the warnings in ``lang``."""
    from .cli import _columns
    from .report.trend_tables import change_of, level_name, trend_report_tables

    lines = []
    for table in trend_report_tables({"trend": d}, lang):
        lines += ["", table.title, *_columns(table.columns, table.rows), "  " + table.note]
    ch = change_of(d)
    if ch is not None:
        verdict = {True: {"en": "the mean comparison is warranted", "zh-Hans": "均值比较有依据",
                          "zh-Hant": "平均數比較有依據"},
                   False: {"en": "the mean comparison is NOT warranted", "zh-Hans": "均值比较缺乏依据",
                           "zh-Hant": "平均數比較缺乏依據"},
                   None: {"en": "invariance not tested", "zh-Hans": "未检验测量不变性", "zh-Hant": "未檢定測量不變性"}}
        head = {"en": "Measurement invariance across {a} and {b}: {level} — {verdict}",
                "zh-Hans": "{a}与{b}两期间的测量不变性：{level}——{verdict}",
                "zh-Hant": "{a}與{b}兩期間的測量不變性：{level}——{verdict}"}
        lines += ["", head[lang].format(a=ch["a"], b=ch["b"], level=level_name(ch, lang),
                                        verdict=verdict[ch.get("warranted")][lang])]
        for w in ch.get("warnings") or []:
            lines.append("! " + (w.get(lang) or w.get("en", "")))
    for n in d["trend"].get("notes") or []:
        lines.append("* " + (n.get(lang) or n.get("en", "")))
    return "\n".join(lines).lstrip("\n")


def _trend(args, lang: str) -> int:
    import hashlib

    from .cli import _print_outputs
    from .figures import to_bytes
    from .marketing.trend import plot, wave_change, wave_trend, waves_from_store
    from .outputs import output_folder

    key = _key(args)
    folder = output_folder(args.out, create=False)
    targets = [folder / name for name in TREND_FILES]
    session = _session(args)
    session.check(targets, own=_own_trend_file(folder))
    fmt = None
    if args.report:
        from .report import check_report_name

        suffix = Path(args.report).suffix.lower()
        fmt = {".docx": "docx", ".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}.get(suffix)
        if fmt is None:
            raise invalid_option("--report", suffix or Path(args.report).name, "Name a .docx, .html or .md file.",
                                 "请给出 .docx、.html 或 .md 文件名。", "請提供 .docx、.html 或 .md 檔名。")
        check_report_name(args.report, fmt)
    with _open(args) as store:
        study = _study(store, key, args.study)
        chosen = _waves(store, study, key, args.waves)
        infos = chosen if chosen is not None else store.waves(study.id, key)
        compare = _waves(store, study, key, args.compare) if args.compare else None
        if compare is not None and (len(compare) != 2 or any(w not in infos for w in compare)):
            raise invalid_option("--compare", " ".join(args.compare)[:80], "Name two different waves among those "
                                 "analysed.", "请给出所分析的调查批次中两个不同的批次。", "請提供所分析的調查批次中兩個不同的批次。")
        waves = waves_from_store(store, study.id, key, waves=[w.id for w in infos])
    labels = dict(zip([w.id for w in infos], waves))                     # wave id → its label in the results
    trend = wave_trend(waves, boot=args.boot, seed=args.seed, level=args.level)
    change = None
    if len(waves) >= 2:
        a, b = [labels[w.id] for w in _ordered(compare, args.compare)] if compare else list(waves)[-2:]
        change = wave_change(waves[a], waves[b], labels=(a, b), level=args.level)
    block = {"trend": trend.to_dict(), "change": None if change is None else change.to_dict()}
    print(f"{_t('study', lang)} {study.id}: {study.name}")
    print(trend_summary(block, lang))
    if change is None:
        print(_t("one_wave", lang, wave=trend.waves[0]))
    png = to_bytes(plot(trend, lang=lang), "png")
    used = [w.id for w in infos]
    doc = {"trend": block, "meta": {"command": "study trend", "study": study.id, "waves": used,
                                    "seed": args.seed, "boot": args.boot, "level": args.level, "lang": lang,
                                    "versions": _versions(), "files": {"trend.png": hashlib.sha256(png).hexdigest()}}}
    output_folder(folder)
    session.check(targets, own=_own_trend_file(folder))
    session.write_bytes(targets[1], png)
    session.write_text(targets[0], json.dumps(doc, ensure_ascii=False, indent=1, allow_nan=False))
    if args.report:
        from .report import report

        report({"trend": block}, language=lang, format=fmt, path=args.report, outputs=session)
    _print_outputs(session, lang)
    return 0


def _ordered(compare, refs):
    """The two --compare waves in the order given (A first), not the study's order."""
    from .cli import _split

    out = []
    for ref in _split(refs):
        out.append(next(w for w in compare if (ref.isdigit() and w.id == int(ref)) or w.name == ref))
    return out


def _versions() -> dict:
    from .analyze import _versions as versions
    return versions()
