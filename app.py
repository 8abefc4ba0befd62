"""Web app: upload a survey export, see the factor effects, download the results.

    streamlit run app.py          (or: bash scripts/start.sh)

A thin front end over ``research``: reading, screening, every statistic, the
tables (``research.tables``), the figures (``research.figures``) and the
downloads come from the package; this file only lays them out.  The first
visit shows the bundled sample study, already analysed.  Results are kept
per (file SHA-256, settings), so switching pages or languages never
recomputes, and the same file, settings and seed give the numbers
``research analyze`` gives.

Whatever a user sends is handled as hostile: reading a file, parsing an
uploaded questionnaire, the analysis and each report are done in a worker
process with a memory ceiling and a time limit (``research.appworker``), each
ending in a message on the page; the server's caches are bounded
(``research.appcache``); and every text that came from the user (file and
column names, labels, data values) is shown as text, never as Markdown
(``research.ui_text.plain``).
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import NamedTuple

import pandas as pd
import streamlit as st
import yaml

import research
from research import appworker, figures, limits, tables
from research.appcache import Failed, KeyedLocks, LRUStore
from research.defaults import DEFAULT_BOOTSTRAP, DEFAULT_MISSING, DEFAULT_PLS_BOOTSTRAP, DEFAULT_SEED
from research.errors import ResearchError
from research.sem.fit import ORDINAL_CHOICES, ORDINAL_ESTIMATORS
from research.evaluation import figures as efig
from research.evaluation import tables as etab
from research.evaluation.study import (DERIVED_SOURCES, construct_children, default_outcome, derived_available,
                                      method_name, reads_items)
from research.evaluation.system import METHODS as EVAL_METHODS
from research.evaluation.system import list_systems, load_system
from research.export import csv_bytes, xlsx_bytes
from research.io.mapping import how_label
from research.io.platforms import platform_name
from research.process import figures as pfig
from research.process import tables as ptab
from research.analyze import ESTIMATORS as ANALYZE_ESTIMATORS
from research.ordinal_check import OrdinalCheck
from research.report import apa
from research.report.tables import scores_sentence
from research.report.text import results_text
from research.ui_text import LANGUAGES, plain, t

ROOT = Path(__file__).resolve().parent
SAMPLE = ROOT / "datasets" / "lsq5_wjx_gbk.csv"
METHODS = ("cbsem", "pls")         # research.analyze(method=…): covariance-based SEM or PLS-SEM
MAX_UPLOAD_MB = 50                 # the same as server.maxUploadSize in .streamlit/config.toml
ROLES = ("driver", "mediator", "outcome", "none")
VIEWS = ("survey", "process", "evaluation", "study")   # the survey model's pages, mediation and moderation,
#                                                        evaluation index, the open study's waves and trend
SURVEY_INPUTS = ("bootstrap", "seed", "hypotheses", "model")     # the survey settings keyed by their widgets


# ----------------------------------------------------------------------------------------------
# state that outlives a rerun
# ----------------------------------------------------------------------------------------------
@st.cache_resource
def _stores() -> SimpleNamespace:
    """Finished analyses, files as read and the figures and downloads made, shared by every session of this
    server, each bounded by entries and bytes (least recently used out first)."""
    mb = 2**20
    appworker.warm_up()
    return SimpleNamespace(
        results=LRUStore(limits.APP_RESULTS_KEPT, limits.APP_RESULTS_MB * mb),
        reads=LRUStore(limits.APP_READS_KEPT, limits.APP_READS_MB * mb),
        made=LRUStore(limits.APP_MADE_KEPT, limits.APP_MADE_MB * mb),
        locks=KeyedLocks())


@st.cache_resource(scope="session", on_release=appworker.SessionArea.close)
def _area() -> appworker.SessionArea:
    """This session's private temporary directory, where a worker may write (the .sav reader's copy of an
    upload); removed when the session disconnects (and, failing that, when the object is collected)."""
    return appworker.SessionArea()


def _key(data: bytes, settings: dict) -> str:
    return hashlib.sha256(data).hexdigest() + ":" + hashlib.sha256(
        json.dumps(settings, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def _questionnaire_key(qspec) -> str:
    """What identifies a questionnaire in a cache key: its whole content (two uploaded YAML files
    without an ``id`` share the default id)."""
    return json.dumps(qspec, sort_keys=True, ensure_ascii=False, default=str) if isinstance(qspec, dict) \
        else hashlib.sha256(repr(qspec).encode("utf-8")).hexdigest()


def _job(fn, *args, lang: str, label: str):
    """``fn`` in a worker process (``research.appworker``), with a progress bar that always goes away:
    the elapsed time against the limit, the bootstrap's progress when there is one."""
    bounds = appworker.Limits.from_env()
    shown = {"value": 0.0, "label": label}
    bar = st.progress(0.0, text=label)

    def progress(done, total):
        shown["value"] = min(done / max(total, 1), 1.0)
        shown["label"] = t("boot_progress", lang, done=done, total=total)
        bar.progress(shown["value"], text=shown["label"])

    def tick(state, seconds):
        text = t("waiting_slot", lang) if state == "waiting" else t(
            "elapsed", lang, label=shown["label"], s=f"{seconds:.0f}", limit=f"{bounds.seconds:g}")
        bar.progress(shown["value"], text=text)

    try:
        return appworker.run(fn, *args, limits=bounds, area=_area(), progress=progress, tick=tick)
    finally:
        bar.empty()


def _load(data: bytes, name: str, qspec, mapping: dict, lang: str):
    """``research.load_responses`` (in a worker) once per (file, name, questionnaire, mapping); the last few
    are kept, shared by the sessions of the server."""
    reads = _stores().reads
    key = ("responses", _key(data, {"name": name, "q": _questionnaire_key(qspec), "mapping": mapping}))
    responses = reads.get(key)
    if responses is None:
        responses = _job(appworker.read_responses, data, name, qspec, mapping, lang=lang, label=t("reading", lang))
        reads.put(key, responses)
    return responses


def _reason(err: BaseException, lang: str) -> str:
    """Why something failed, in ``lang``, as Markdown-safe text."""
    if isinstance(err, ResearchError):
        return plain(err.message(lang))
    if isinstance(err, appworker.OutOfMemory):
        return t("limit_memory", lang, mb=err.memory_mb)
    if isinstance(err, appworker.TimeLimit):
        if err.estimate and err.fraction is not None and st.session_state.get("bootstrap"):
            fits = int(st.session_state["bootstrap"] * err.fraction * 0.9) // 100 * 100
            return t("limit_time_estimate", lang, minutes=f"{err.estimate / 60:.0f}", limit=f"{err.seconds:g}",
                     fits=f"{fits:,}")
        return t("limit_time", lang, limit=f"{err.seconds:g}")
    if isinstance(err, appworker.WorkerCrashed):
        return t("limit_crashed", lang, how=err.signal_name or f"exit code {err.exitcode}", mb=err.memory_mb)
    if isinstance(err, appworker.Unexpected):
        return t("reason_unexpected", lang, kind=err.type_name, detail=plain(err.detail[:300]))
    return t("reason_unexpected", lang, kind=type(err).__name__, detail=plain(str(err)[:300]))


def _show_error(err: Exception, lang: str) -> None:
    """A ResearchError or a limit in the user's language; anything else as a short note, never a traceback."""
    if isinstance(err, ResearchError):
        st.error(t("error", lang, message=plain(err.message(lang))))
    elif isinstance(err, appworker.JobError) and not isinstance(err, appworker.Unexpected):
        st.error(t("error", lang, message=_reason(err, lang)))
    else:
        st.error(t("error_unexpected", lang, kind=getattr(err, "type_name", type(err).__name__)))


# ----------------------------------------------------------------------------------------------
# sidebar: language, data, questionnaire, settings
# ----------------------------------------------------------------------------------------------
def _choose(widget, label: str, options: list, key: str, lang: str, format_func, **kwargs):
    """A radio or select box whose choice outlives a language switch.  The widget is keyed per language
    (``source@zh-Hant``): a widget keeping its key while its option labels change keeps showing the old
    language's labels, or none selected, in the browser.  The choice itself lives in ``st.session_state[key]``,
    language-free, and starts each new widget."""
    value = st.session_state.get(key, options[0])
    index = options.index(value) if value in options else 0
    chosen = widget(label, options, index=index, key=f"{key}@{lang}", format_func=format_func, **kwargs)
    st.session_state[key] = chosen
    return chosen


def _boot_default(method: str) -> int:
    return DEFAULT_PLS_BOOTSTRAP if method == "pls" else DEFAULT_BOOTSTRAP


def _switch_resamples():
    """On a change of method (before the rerun): keep the resamples chosen for the method left and show those of
    the method chosen — each method its own default (research/defaults.py: 1000 for CB-SEM, 5000 for PLS-SEM as
    SmartPLS).  One input, so the sidebar never shows two while the page reruns."""
    lang = st.session_state.get("lang", "zh-Hans")
    old, new = st.session_state.get("method", METHODS[0]), st.session_state.get(f"method@{lang}")
    if new is None or new == old:
        return
    st.session_state[f"bootstrap@{old}"] = st.session_state.get("bootstrap", _boot_default(old))
    st.session_state["bootstrap"] = st.session_state.get(f"bootstrap@{new}", _boot_default(new))


def _sidebar():
    sb = st.sidebar
    codes = list(LANGUAGES)
    lang = sb.radio("语言 · 語言 · Language", codes, format_func=LANGUAGES.get, key="lang", horizontal=True)
    view = _choose(sb.radio, t("view", lang), list(VIEWS), "view", lang, lambda v: t(f"view_{v}", lang))
    sb.header(t("data", lang))
    source = _choose(sb.radio, t("source", lang), ["sample", "upload", "study"], "source", lang,
                     lambda s: t(f"source_{s}", lang))
    data, name = None, None
    if source == "sample":
        data, name = SAMPLE.read_bytes(), SAMPLE.name
    elif source == "study" or view == "study":
        # the study's responses are read in main() once the key has opened it (and only then)
        sb.subheader(t("study", lang))
        _study_sidebar(sb, lang)
    if source == "upload":
        up = sb.file_uploader(t("upload", lang), key="upload", help=t("upload_help", lang, mb=MAX_UPLOAD_MB))
        if up is not None:
            data, name = up.getvalue(), up.name
    choice, yaml_file = st.session_state.get("qchoice"), None
    if source != "study":           # a study brings its own questionnaire (the waves' version): nothing to choose
        sb.header(t("questionnaire", lang))
        templates = research.list_templates()
        options = [f"template:{n}" for n in templates] + ["yaml", "manual"]
        choice = _choose(sb.selectbox, t("questionnaire", lang), options, "qchoice", lang,
                         lambda o: t("q_template", lang, name=o.split(":", 1)[1]) if o.startswith(
                             "template:") else t("q_yaml" if o == "yaml" else "q_manual", lang),
                         label_visibility="collapsed", disabled=source == "sample")
        if choice == "yaml" and source == "upload":
            yaml_file = sb.file_uploader(t("q_yaml_file", lang), key="yaml")
    fixed = {"sample": "template:lsq5", "study": "study"}
    if view in ("process", "evaluation", "study"):
        # the mediation and moderation page and the evaluation page have their own options; the survey model's settings wait, unchanged
        # (a widget that is not drawn would lose its value at the end of the run: it is kept by hand)
        for key in SURVEY_INPUTS:
            if key in st.session_state:
                st.session_state[key] = st.session_state[key]
        _about(sb, lang)
        return lang, view, source, data, name, fixed.get(source, choice), yaml_file, {}, None
    sb.header(t("settings", lang))
    method = _choose(sb.radio, t("method", lang), list(METHODS), "method", lang, lambda m: t(f"method_{m}", lang),
                     on_change=_switch_resamples)
    group_slot = sb.container()           # the grouping column: its choices are known once the data are read
    # the method's default the first time; afterwards the value in the session (set by _switch_resamples)
    first = {} if "bootstrap" in st.session_state else {"value": _boot_default(method)}
    settings = {
        "bootstrap": int(sb.number_input(t("bootstrap", lang), 0, limits.APP_MAX_BOOTSTRAP, step=500, key="bootstrap",
                                         **first)),
        "seed": int(sb.number_input(t("seed", lang), 0, 2**32 - 1, DEFAULT_SEED, key="seed")),
    }
    if method == "pls":
        settings.update(_pls_settings(sb, lang))
    else:
        missing = [DEFAULT_MISSING, *(m for m in ("auto", "fiml", "listwise") if m != DEFAULT_MISSING)]
        settings["estimator"] = _choose(sb.selectbox, t("estimator", lang), ["ML", "MLR", *ORDINAL_CHOICES],
                                        "estimator", lang, lambda e: t(f"est_{e}", lang),
                                        help=t("estimator_help", lang))
        if settings["estimator"] in ORDINAL_CHOICES:    # ordered items: lavaan's listwise (default) or pairwise
            settings["missing"] = _choose(sb.selectbox, t("missing", lang), ["listwise", "pairwise"], "wls_missing",
                                          lang, lambda m: t(f"missing_{m}", lang))
            # lavaan's delta parameterization (default) or theta (residual variances of the latent responses)
            settings["parameterization"] = _choose(sb.selectbox, t("parameterization", lang), ["delta", "theta"],
                                                   "wls_param", lang, lambda m: t(f"param_{m}", lang),
                                                   help=t("parameterization_help", lang))
            # which items are ordinal: their choices are known once the questionnaire and the data are read
            settings["ordered_slot"] = sb.container()
        else:
            settings["missing"] = _choose(sb.selectbox, t("missing", lang), missing, "missing", lang,
                                          lambda m: t(f"missing_{m}", lang))
        settings["scores"] = _choose(sb.selectbox, t("scores", lang), ["mean", "factor"], "scores", lang,
                                     lambda k: t(f"scores_{k}", lang), help=t("scores_help", lang))
    settings["hypotheses"] = [h.strip() for h in sb.text_area(t("hypotheses", lang), key="hypotheses").splitlines()
                              if h.strip()]
    with sb.expander(t("advanced", lang)):
        settings["model"] = st.text_area("lavaan", key="model", help=t("model_help", lang)).strip() or None
    _about(sb, lang)
    return lang, view, source, data, name, fixed.get(source, choice), yaml_file, settings, group_slot


def _tick(container, label: str, key: str, lang: str) -> bool:
    """A checkbox whose choice outlives a language switch and the checkbox being away (PLS-SEM's options while
    CB-SEM is chosen): kept in ``st.session_state[key]``, the widget keyed per language as in :func:`_choose`."""
    chosen = container.checkbox(label, value=bool(st.session_state.get(key, False)), key=f"{key}@{lang}")
    st.session_state[key] = chosen
    return chosen


def _pls_settings(sb, lang: str) -> dict:
    """PLS-SEM's options (``research.analyze(method="pls", scheme=, consistent=, predict=)``): the inner
    weighting scheme, PLSc, PLSpredict, and the missing answers as PLS treats them (mean replacement or
    casewise deletion: FIML is a covariance-based method).  The CB-SEM part that ``research.analyze`` still
    computes uses ML, whatever was chosen for CB-SEM, so a hidden choice never changes the results."""
    return {
        "method": "pls",
        "scheme": _choose(sb.selectbox, t("scheme", lang), ["path", "factorial", "centroid"], "scheme", lang,
                          lambda s: t(f"scheme_{s}", lang)),
        "consistent": _tick(sb, t("consistent", lang), "consistent", lang),
        "predict": _tick(sb, t("predict", lang), "predict", lang),
        "estimator": "ML",
        "missing": _choose(sb.selectbox, t("missing", lang), ["auto", "listwise"], "pls_missing", lang,
                           lambda m: t(f"missing_pls_{m}", lang)),
    }


def _about(sb, lang: str) -> None:
    """The toolkit's version, the guide in the user's language and a link to the README's guide (the app's own
    page ``?guide=web-app``, which shows that section of README.md)."""
    sb.divider()
    sb.caption(t("version", lang, version=research.__version__))
    with sb.expander(t("guide", lang)):
        st.markdown(t("guide_text", lang))
        st.markdown(t("wjx_guide", lang))
    sb.markdown(f"[{t('guide_link', lang)}](?guide=web-app)")


def _readme_section(title: str = "## The web app") -> str:
    """A section of README.md (up to the next ``## `` heading): the guide as the repository gives it."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.find(title)
    if start < 0:
        return ""
    end = text.find("\n## ", start + len(title))
    return text[start:end if end > 0 else None]


def _guide_page(lang: str) -> None:
    st.title(t("guide", lang))
    st.markdown(t("guide_text", lang))
    st.markdown(t("wjx_guide", lang))
    st.divider()
    st.caption(t("guide_readme", lang))
    st.markdown(_readme_section())


# ----------------------------------------------------------------------------------------------
# questionnaire and mapping
# ----------------------------------------------------------------------------------------------
def _questionnaire(choice: str, yaml_file, lang: str):
    if choice.startswith("template:"):
        return research.load_questionnaire(choice.split(":", 1)[1])
    if choice == "yaml":
        if yaml_file is None:
            return None
        # the toolkit's own loader, in a worker (an alias bomb meets the memory ceiling there): its errors
        # name the uploaded file and the line
        data, name = yaml_file.getvalue(), yaml_file.name
        reads = _stores().reads
        key = ("questionnaire", hashlib.sha256(data).hexdigest(), name)
        q = reads.get(key)
        if q is None:
            q = _job(appworker.read_questionnaire, data, name, lang=lang, label=t("reading", lang))
            reads.put(key, q)
        return q
    return None


def _guess_construct(column: str) -> str:
    m = re.match(r"^([A-Za-z_]+?)_?\d+$", str(column))
    return m.group(1).upper() if m else ""


def _manual_questionnaire(data: bytes, name: str, lang: str, file_key: str = ""):
    """Columns → constructs and roles, edited on the page; returns a questionnaire dict or None."""
    reads = _stores().reads
    key = ("columns", _key(data, {"name": name}))
    summary = reads.get(key)
    if summary is None:               # the file is read in a worker; only its column summary comes back
        summary = _job(appworker.read_columns, data, name, lang=lang, label=t("reading", lang))
        reads.put(key, summary)
    numeric = summary["numeric"]
    st.caption(t("manual_help", lang))
    base = pd.DataFrame({"column": numeric, "construct": [_guess_construct(c) for c in numeric]})
    edited = st.data_editor(base, key="manual_map", hide_index=True, disabled=["column"], column_config={
        "column": st.column_config.TextColumn(t("map_column", lang)),
        "construct": st.column_config.TextColumn(t("construct", lang))})
    constructs: dict[str, list] = {}
    for col, con in zip(edited["column"], edited["construct"]):
        con = str(con or "").strip()
        if con:
            constructs.setdefault(con, []).append(col)
    constructs = {c: items for c, items in constructs.items() if len(items) >= 2}
    if len(constructs) < 2:
        st.warning(t("no_constructs", lang))
        return None
    top = max((summary["max"].get(c) or 0 for cols in constructs.values() for c in cols), default=0)
    points = int(st.number_input(t("scale_points", lang), 2, 11, int(min(max(top, 2), 11)), key="manual_points"))
    names = list(constructs)
    default_roles = {c: ("outcome" if c == names[-1] else "driver") for c in names}
    roles = _roles_editor(names, default_roles, lang, key="manual_roles", file_key=file_key)
    spec = {"scale": points, "constructs": {}}
    for c, items in constructs.items():
        entry = {"items": [str(i) for i in items]}
        if roles[c] != "none":
            entry["role"] = roles[c]
        spec["constructs"][c] = entry
    # the other columns with a few distinct values can group the respondents (platform, gender …):
    # segments G1, G2 … whose text is the column name, mapped explicitly
    used = {i for items in constructs.values() for i in items}
    mapping = {}
    for col in summary["columns"]:
        if col in used or not str(col).strip():
            continue
        k = summary["distinct"].get(col, 0)
        if 2 <= k <= 30:
            sid = f"G{len(mapping) + 1}"
            mapping[str(col)] = sid
            spec.setdefault("segments", []).append(
                {"id": sid, "type": "text", "text": {"zh-Hans": str(col), "zh-Hant": str(col), "en": str(col)}})
    return spec, mapping


def _roles_editor(ids, defaults: dict, lang: str, key: str, labels: dict | None = None,
                  file_key: str = "") -> dict:
    """The role of each construct (driver, mediator, outcome, measured only), by name; the choices are kept
    for the file across reruns and languages."""
    st.caption(t("roles", lang))
    kept = _kept(key, file_key)
    labels = labels or {}
    frame = pd.DataFrame({"construct": [labels.get(c, c) for c in ids],
                          "role": [kept.get(c) or defaults.get(c) or "none" for c in ids]}, index=list(ids))
    edited = st.data_editor(
        frame, key=f"{key}_{lang}", hide_index=True, disabled=["construct"],
        column_config={"construct": st.column_config.TextColumn(t("construct", lang)),
                       "role": st.column_config.SelectboxColumn(t("role", lang), options=list(ROLES), required=True,
                                                                format_func=lambda r: t(f"role_{r}", lang))})
    roles = {c: (r if r in ROLES else "none") for c, r in zip(ids, edited["role"])}
    kept.clear()
    kept.update({c: r for c, r in roles.items() if r != (defaults.get(c) or "none")})
    return roles


def _kept(name: str, file_key: str) -> dict:
    """Choices made in an editor for this file (the mapping's overrides, the roles), kept in the session:
    an editor whose table changes (a new language relabels it) starts again from them, so nothing is lost."""
    kept = st.session_state.setdefault("kept", {})
    if kept.get("file") != file_key:
        kept.clear()
        kept["file"] = file_key
    return kept.setdefault(name, {})


def _clean(v) -> str:
    return "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)


def _mapping_editor(responses, questionnaire, lang: str, file_key: str) -> dict:
    """The suggested column → question match, editable; returns the overrides ({column: id or None})."""
    st.caption(t("mapping_help", lang))
    overrides = _kept("mapping", file_key)
    auto = responses.mapping.table()[["column", "item", "how"]]
    texts = {x.id: x.text.get(lang) or x.text.get("en") or x.id for x in questionnaire.questions}
    items = [_clean(overrides.get(str(c), i)) if str(c) in overrides else _clean(i)
             for c, i in zip(auto["column"], auto["item"])]
    how = [t("how_edited", lang) if str(c) in overrides else how_label(h, lang)
           for c, h in zip(auto["column"], auto["how"])]
    shown = pd.DataFrame({"column": auto["column"].astype(str), "item": items, "how": how})

    def label(i: str) -> str:
        if not i:
            return t("ignore_column", lang)
        return f"{texts.get(i, i)} ({i})"

    edited = st.data_editor(
        shown, key=f"mapping_edit_{lang}", hide_index=True, disabled=["column", "how"], width="stretch",
        column_config={"column": st.column_config.TextColumn(t("map_column", lang)),
                       "item": st.column_config.SelectboxColumn(t("map_item", lang), options=["", *texts],
                                                                format_func=label),
                       "how": st.column_config.TextColumn(t("map_how", lang))})
    for col, old, new in zip(auto["column"], auto["item"], edited["item"]):
        col = str(col)
        if _clean(new) == _clean(old):
            overrides.pop(col, None)
        else:
            overrides[col] = _clean(new) or None
    return dict(overrides)


# ----------------------------------------------------------------------------------------------
# the analysis (cached)
# ----------------------------------------------------------------------------------------------
def _ordered_choice(slot, q, responses, model: str | None, lang: str) -> list | None:
    """The items WLSMV or ULSMV treat as ordinal, chosen in the sidebar (``slot``) among the model's observed variables
    that are in the data: the questionnaire's items with a column, or those of the model typed under Advanced.
    Ticked at first: research.analyze's default, every indicator of the model's factors (an observed variable used
    only in the regressions stays continuous until ticked).  None when the choice is that default, else the chosen
    ones in the model's order ([] when none is)."""
    options = [i.id for i in q.items if i.id not in set(responses.mapping.missing)]
    default = options
    if model:
        from research.sem.partable import build_partable

        try:
            pt = build_partable(research.sem.parse_model(model))
        except ResearchError:
            pt = None                   # the model's own error is shown when it is fitted
        if pt is not None:
            options = [v for v in pt.ov_names if v in responses.items.columns]
            indicators = {r.rhs for r in pt.rows if r.op == "=~"}
            default = [v for v in options if v in indicators]
    if slot is None or not options:
        return None
    if not set(st.session_state.get("ordered", ())) & set(options):
        st.session_state.pop("ordered", None)       # another questionnaire, file or model: its default again
    labels = {i.id: i.label(lang) for i in q.items}
    chosen = _choose_many(t("ordered_items", lang), options, "ordered", lang,
                          lambda v: f"{v} · {labels[v]}" if labels.get(v) and labels[v] != v else v,
                          default=default, container=slot, help=t("ordered_items_help", lang))
    return None if set(chosen) == set(default) else [v for v in options if v in chosen]


def _analyse(data: bytes, name: str, qspec, mapping: dict, roles: dict | None, settings: dict, lang: str):
    """Results dict for (data, settings): computed once in a worker (``research.analyze``, the bootstrap's
    progress on the page), then served from the server's store."""
    results = _stores().results
    key = _key(data, {"name": name, "q": _questionnaire_key(qspec), "mapping": mapping, "roles": roles, **settings})
    d = results.get(key)
    if d is not None:
        return d
    q = research.load_questionnaire(qspec) if isinstance(qspec, dict) else qspec
    model = settings["model"]
    responses = _load(data, name, qspec, mapping, lang)
    if model is None and roles:
        # the questionnaire's model with the roles chosen on the page; questions without a column are left out
        # (research.analyze does the same, with a warning, for the questionnaire's own model)
        items = {i.id for i in q.items}
        q_used = q.without([m for m in responses.mapping.missing if m in items])
        q_roles = replace(q_used, paths=(), constructs=tuple(
            replace(c, role=None if roles.get(c.id, "none") == "none" else roles[c.id]) for c in q_used.constructs))
        model = q_roles.lavaan()
    options = {"model": model, "hypotheses": tuple(settings["hypotheses"]), "bootstrap": settings["bootstrap"],
               "seed": settings["seed"], "estimator": settings["estimator"], "missing": settings["missing"],
               "group": settings.get("group"), "scores": settings.get("scores", "mean")}
    if settings.get("estimator") in ORDINAL_CHOICES:
        options["parameterization"] = settings.get("parameterization", "delta")
        options["ordered"] = settings.get("ordered")
    if settings.get("method") == "pls":
        options.update(method="pls", scheme=settings["scheme"], consistent=settings["consistent"],
                       predict=settings["predict"])
    if options["group"]:
        # segments added to an analysis already made: its bootstrap, diagnostics and method-bias checks are
        # taken over (research.analyze(reuse=…)), only the segment steps run
        options["reuse"] = results.get(_key(data, {"name": name, "q": _questionnaire_key(qspec), "mapping": mapping,
                                                   "roles": roles, **settings, "group": None}))
    d = _job(appworker.analyse, responses, q, options, lang=lang, label=t("running", lang))
    d["meta"]["app_key"] = key
    results.put(key, d)
    return d


# ----------------------------------------------------------------------------------------------
# pages
# ----------------------------------------------------------------------------------------------
def _table(frame: pd.DataFrame, name: str, lang: str, key: str, index: bool = False, note: bool = False) -> None:
    """The table as a journal prints it (``research.report.apa.display``: p as "< .001" or ".042", fixed decimals
    per column, "—" for a value that is not there); its CSV keeps the full numbers.  ``note``: the table's own
    note (``frame.attrs["note"]``: the settings behind it, a verdict) under it."""
    st.dataframe(apa.display(frame, lang), hide_index=not index, width="stretch")
    if note and frame.attrs.get("note"):
        st.caption(plain(frame.attrs["note"]))
    _csv_download(frame, name, lang, key)


def _csv_download(frame: pd.DataFrame, name: str, lang: str, key: str) -> None:
    """The table's CSV (made now: it is small); if it cannot be made, the reason instead of the button."""
    try:
        data = csv_bytes(frame)
    except Exception as err:                           # noqa: BLE001 — said on the page, the page goes on
        st.error(t("download_failed", lang, file=plain(f"{name}.csv"), reason=_reason(err, lang)))
        return
    st.download_button(t("download_csv", lang), data, file_name=f"{name}.csv", mime="text/csv", key=f"csv_{key}")


def _once(d: dict, what, lang: str, make, stores: SimpleNamespace | None = None):
    """``make()`` once per (analysis, what, language); later calls are served from the store.  Two threads
    asking at once (a download's click makes its file in a server thread while the page reruns) make it
    once.  A failure of the file or the analysis is kept too and raised again; running out of memory or time,
    or a crashed worker, is raised but not kept (a later click, on a quieter server, may succeed)."""
    stores = stores or _stores()
    cache_key = (d["meta"].get("app_key"), what, lang)
    made = stores.made.get(cache_key)
    if made is None:
        with stores.locks(cache_key):
            made = stores.made.get(cache_key)
            if made is None:
                try:
                    made = make()
                except (appworker.OutOfMemory, appworker.TimeLimit, appworker.WorkerCrashed):
                    raise                          # the server's state at the time, not the file's: may succeed later
                except Exception as err:           # noqa: BLE001 — kept and raised to every caller
                    made = Failed(err)
                stores.made.put(cache_key, made)
    if isinstance(made, Failed):
        raise made.err
    return made


def _failure(d: dict, what, lang: str) -> Exception | None:
    made = _stores().made.get((d["meta"].get("app_key"), what, lang))
    return made.err if isinstance(made, Failed) else None


def _figure(make, d: dict, name: str, lang: str, key: str) -> None:
    """A figure of the results: drawn once per (analysis, figure, language); if it cannot be drawn, the
    page says why and goes on."""
    def draw() -> dict:
        fig = make(d, lang=lang)
        return {fmt: figures.to_bytes(fig, fmt) for fmt in ("png", "svg")}

    try:
        data = _once(d, name, lang, draw)
    except Exception as err:                           # noqa: BLE001 — a message, the rest of the page stays
        st.error(t("figure_failed", lang, reason=_reason(err, lang)))
        return
    st.image(data["png"], width="stretch")
    c1, c2 = st.columns(2)
    c1.download_button(t("download_png", lang), data["png"], file_name=f"{name}.png", mime="image/png",
                       key=f"png_{key}")
    c2.download_button(t("download_svg", lang), data["svg"], file_name=f"{name}.svg", mime="image/svg+xml",
                       key=f"svg_{key}")


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Cells as the file gave them, as text (a column mixing numbers and words is shown as it is, not coerced);
    an empty cell is empty, and a whole number read into a column with gaps (pandas makes it 3.0) is 3."""
    def cell(v):
        if v is None or (isinstance(v, float) and pd.isna(v)):
            return ""
        if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
            return str(int(v))
        return str(v)

    return frame.map(cell)


def _problems(problems: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Answers that are not options of their scale: row, column, value as written, why — in ``lang``."""
    msg = "message" if lang == "en" else "message_zh_hant" if (
        lang == "zh-Hant" and "message_zh_hant" in problems) else "message_zh"
    shown = _as_text(problems[["column", "value", msg]])
    shown.insert(0, "row", problems["row"].astype(int).to_numpy())
    return shown.rename(columns={"row": t("map_row", lang), "column": t("map_column", lang),
                                 "value": t("map_value", lang), msg: t("map_problem", lang)})


def _page_data(d, lang, preview, info, problems=None):
    if info:
        st.caption(info)
    if problems is not None and len(problems):
        st.subheader(t("problems", lang, n=len(problems)))
        _table(_problems(problems, lang), "problems", lang, "problems")
    st.write(t("n_analysed", lang, n=d["n"], excluded=len(d["excluded"])))
    _ordinal_hint(d, lang)
    st.subheader(t("samples", lang))
    _table(tables.samples(d, lang), "samples", lang, "samples")
    if preview is not None:
        st.subheader(t("preview", lang))
        st.dataframe(_as_text(preview), width="stretch")
    st.subheader(t("excluded_rows", lang))
    _table(tables.excluded(d, lang), "excluded", lang, "excluded")
    notes = [w for w in d["warnings"]]
    if notes:
        st.subheader(t("warnings", lang))
        for w in notes:
            st.info(plain(tables.local(w, lang)))


def _ordinal_hint(d, lang: str) -> None:
    """Items that look ordinal-unsafe for ML (``research.ordinal_check``: at most five categories with
    |skewness| > 1, or one answer above 80 %): the verdict and what to choose when one is flagged; the check of
    every item in an expander.  Not for PLS-SEM, which assumes no distribution."""
    block = (d.get("diagnostics") or {}).get("ordinal_check")
    if _pls(d) or not isinstance(block, dict) or not block.get("items"):
        return
    check = OrdinalCheck.from_dict(block)
    names = {i.item: tables.name(d, i.item, lang) for i in check.items}
    if check.flagged:
        shown = {c: c if n == c else f"{n} ({c})" for c, n in names.items()}
        estimator = str((d.get("cfa") or {}).get("estimator") or "ML").upper()
        if estimator in ORDINAL_ESTIMATORS:      # the items were already fitted as ordinal
            st.info(plain(check.verdict_text(lang, names=shown, advice=False)) + "\n\n"
                    + t("ordinal_hint_WLS", lang, est=estimator))
        else:
            # the analysis offers WLSMV once research.analyze does: then the hint says to choose it
            offer = "_offer" if "WLSMV" in ANALYZE_ESTIMATORS else ""
            hint = t(("ordinal_hint_MLR" if estimator == "MLR" else "ordinal_hint_ML") + offer, lang)
            st.warning(plain(check.verdict_text(lang, names=shown)) + "\n\n" + hint)
    with st.expander(t("ordinal_check", lang)):
        _table(check.table(lang, names=names), "ordinal_check", lang, "ordinal_check")


def _page_reliability(d, lang):
    st.subheader(t("reliability", lang))
    _table(tables.reliability(d, lang), "reliability", lang, "rel")
    notes = tables.reliability_notes(d, lang)
    if notes:
        st.caption(t("rel_notes", lang))
        colon = ": " if lang == "en" else "："
        st.markdown("\n".join(f"- **{plain(c)}**{colon}{plain(why)}" for c, why in notes.items()))
    st.subheader(t("htmt", lang))
    if d.get("htmt"):
        _table(tables.htmt(d, lang), "htmt", lang, "htmt")
    else:
        st.info(t("no_htmt", lang))
    left = (d.get("validity") or {}).get("left_out")
    if left:
        st.caption(t("left_out", lang, list=plain((", " if lang == "en" else "、").join(left.get("constructs") or [])),
                     reason=plain(tables.local(left.get("reason"), lang))))
    fl = d.get("fornell_larcker")
    if fl:
        st.subheader(t("fornell_larcker", lang))
        why = tables.not_applicable(fl, lang)
        if why:
            st.info(t("not_computed", lang, reason=plain(why)))
        elif fl.get("matrix"):
            _table(tables.fornell_larcker(d, lang), "fornell_larcker", lang, "fl")


def _page_measurement(d, lang):
    st.subheader(t("fit", lang))
    _table(tables.fit(d, "cfa", lang), "cfa_fit", lang, "cfa_fit")
    st.subheader(t("loadings", lang))
    _table(tables.loadings(d, "cfa", lang), "loadings", lang, "loadings")
    _figure(figures.loading_heatmap, d, "loadings", lang, "heat")
    st.divider()
    st.header(t("diagnostics", lang))
    st.caption(t("diag_help", lang))
    _model_diagnostics(d, "cfa", lang)
    _mardia(d, lang)
    _method_bias(d, lang)


def _model_diagnostics(d, which: str, lang: str) -> None:
    """Modification indices and the largest standardized residuals of the CFA or the SEM."""
    why = tables.diagnostics_reason(d, which, "", lang)
    if why:
        st.info(t("not_computed", lang, reason=plain(why)))
        return
    raw = ((d.get("diagnostics") or {}).get(which) or {}).get("modindices")
    mi = tables.modindices(d, which, lang)
    st.subheader(t("modindices", lang))
    why = tables.diagnostics_reason(d, which, "modindices", lang)
    if why:
        st.info(t("not_computed", lang, reason=plain(why)))
    elif len(mi):
        rows = sorted(raw, key=lambda r: -(r.get("mi") or 0))
        big = [r for r in rows if (r.get("mi") or 0) > tables.MI_CUTOFF]
        if big:
            kind = {op: k[lang] for op, k in tables.OP_KIND.items()}
            items = [t("mi_item", lang, par=plain(f"{r['lhs']} {r['op']} {r['rhs']}"),
                       kind=plain(kind.get(r["op"], r["op"])),
                       mi=apa.num(r.get("mi"), 2), sepc=apa.num(r.get("sepc.all"), 2)) for r in big[:3]]
            st.markdown(t("mi_some", lang, k=len(big)) + "\n" + "\n".join(f"- {i}" for i in items))
        else:
            st.write(t("mi_none", lang))
        _table(mi, f"{which}_modindices", lang, f"{which}_mi")
    else:
        st.caption(t("mi_off", lang))
    st.subheader(t("residuals", lang))
    why = tables.diagnostics_reason(d, which, "largest_residuals", lang)
    res = tables.largest_residuals(d, which, lang)
    if why:
        st.info(t("not_computed", lang, reason=plain(why)))
    elif len(res):
        _table(res, f"{which}_largest_residuals", lang, f"{which}_res")
    else:
        st.write(t("residuals_none", lang))


def _mardia(d, lang: str) -> None:
    st.subheader(t("mardia", lang))
    why = tables.diagnostics_reason(d, "mardia", "", lang)
    m = (d.get("diagnostics") or {}).get("mardia")
    if why or not m:
        st.info(t("not_computed", lang, reason=plain(why or "—")))
        return
    st.markdown(t("mardia_summary", lang, b1p=apa.num(m.get("b1p"), 2), df=apa.num(m.get("skew_df"), 0),
                  skew=apa.num(m.get("skew"), 2), p_skew=apa.p_text(m.get("p_skew")), b2p=apa.num(m.get("b2p"), 2),
                  expected=apa.num(m.get("b2p_expected"), 0), z=apa.num(m.get("kurtosis"), 2),
                  p_kurt=apa.p_text(m.get("p_kurtosis")), n=m.get("n"), k=m.get("p")))
    if m.get("n_dropped"):
        st.caption(t("mardia_dropped", lang, k=m["n_dropped"]))
    zmax = (m.get("thresholds") or {}).get("kurtosis_z_above", 5.0)
    pvals = [x for x in (m.get("p_skew"), m.get("p_kurtosis")) if x is not None]
    non_normal = any(x < .05 for x in pvals) or abs(m.get("kurtosis") or 0) > zmax
    estimator = (d.get("cfa") or {}).get("estimator", "ML")
    st.write(t("mardia_ok" if not non_normal else "mardia_mlr" if estimator == "MLR" else "mardia_ml", lang))
    _table(tables.mardia(d, lang), "mardia", lang, "mardia")


def _method_bias(d, lang: str) -> None:
    st.subheader(t("method_bias", lang))
    st.caption(t("method_bias_help", lang))
    summary = tables.method_bias(d, lang)
    if not len(summary):
        return
    cols = list(summary.columns)
    colon, po, pc = (": ", " (", ")") if lang == "en" else ("：", "（", "）")

    def line(r) -> str:
        if r[cols[4]] == tables.NOT_DECIDED[lang] and r[cols[2]]:        # not run: say why
            return f"- **{plain(r[cols[0]])}**{colon}{t('not_computed', lang, reason=plain(r[cols[2]]))}"
        return f"- **{plain(r[cols[0]])}**{colon}{plain(r[cols[4]])}" + (
            f"{po}{plain(r[cols[5]])}{pc}" if r[cols[5]] else "")

    st.markdown("\n".join(line(r) for _, r in summary.iterrows()))
    _table(summary, "method_bias", lang, "method_bias")
    items = tables.method_factor_items(d, lang)
    if len(items):
        with st.expander(t("method_factor_items", lang)):
            _table(items, "method_factor_items", lang, "mf_items")
            notes = ((d.get("method_bias") or {}).get("method_factor") or {}).get("warnings") or []
            if notes:
                st.caption(t("method_factor_warnings", lang))
                st.markdown("\n".join(f"- {plain(tables.local(w, lang))}" for w in notes))
    vif = tables.full_collinearity(d, lang)
    if len(vif):
        with st.expander(t("full_collinearity", lang)):
            _table(vif, "full_collinearity_vif", lang, "fc_vif")
    pairs = tables.marker_pairs(d, lang)
    if len(pairs):
        with st.expander(t("marker_pairs", lang)):
            _table(pairs, "marker_correlations", lang, "marker")


def _page_structural(d, lang):
    if not d.get("sem"):
        st.info(t("no_structural", lang))
        return
    _figure(figures.path_diagram, d, "path_diagram", lang, "path")
    st.subheader(t("fit", lang))
    f = d["sem"]["fit"]
    if d["sem"].get("test"):          # WLSMV: lavaan's scaled-shifted χ² and robust indices, by their names
        st.markdown(f"chisq.scaled({apa.num(f.get('df.scaled'), 0)}) = {apa.num(f.get('chisq.scaled'), 2)}, "
                    f"{apa.p_text(f.get('pvalue.scaled'))}, cfi.robust = {apa.unit(f.get('cfi.robust'))}, "
                    f"tli.robust = {apa.num(f.get('tli.robust'), 3)}, rmsea.robust = {apa.unit(f.get('rmsea.robust'))}, "
                    f"SRMR = {apa.unit(f.get('srmr'))}")
    else:
        st.markdown(f"χ²({apa.num(f['df'], 0)}) = {apa.num(f['chisq'], 2)}, CFI = {apa.unit(f['cfi'])}, "
                    f"TLI = {apa.num(f['tli'], 3)}, RMSEA = {apa.unit(f['rmsea'])}, SRMR = {apa.unit(f['srmr'])}")
    _table(tables.fit(d, "sem", lang), "sem_fit", lang, "sem_fit")
    st.subheader(t("paths", lang))
    path_table = tables.paths(d, lang)
    colon = ": " if lang == "en" else "："
    st.markdown("\n".join(f"- **{plain(r.iloc[0])}**{colon}β = {apa.unit(r['β'])}{plain(r.iloc[-1])}, "
                           f"{apa.p_text(r['p'])}"
                           for _, r in path_table.iterrows()))
    _table(path_table, "paths", lang, "paths")
    st.subheader(t("effects", lang))
    _table(tables.effects(d, lang), "effects", lang, "effects")
    st.subheader(t("r2", lang))
    _table(tables.r2(d, lang), "r2", lang, "r2")
    if d["hypotheses"]:
        st.subheader(t("hypotheses_result", lang))
        _table(tables.hypotheses(d, lang), "hypotheses", lang, "hyp")
    if (d.get("diagnostics") or {}).get("sem"):
        st.divider()
        st.header(t("diagnostics_sem", lang))
        _model_diagnostics(d, "sem", lang)


def _page_regression(d, lang):
    for k, entry in enumerate(d["regression"]):
        st.subheader(f"{plain(tables.name(d, entry['outcome'], lang))}  (R² = {apa.unit(entry['r2'])}, "
                     f"n = {entry['n']})")
        _table(tables.regression(entry, lang, d), f"regression_{entry['outcome']}", lang, f"reg{k}")
        st.caption(plain(scores_sentence(d, entry, lang)))


def _page_drivers(d, lang):
    if not d.get("drivers") or "overall" not in d["drivers"]:
        st.info(t("no_structural", lang))
        return
    st.subheader(t("importance", lang, target=plain(tables.name(d, d["drivers"]["target"], lang))))
    _figure(figures.importance_bars, d, "importance", lang, "imp")
    _table(tables.drivers(d, lang), "drivers", lang, "drivers")
    st.subheader(t("ipa", lang))
    _figure(figures.ipa_map, d, "ipa", lang, "ipa")
    _table(tables.ipa(d, lang), "ipa", lang, "ipa_t")
    if (d.get("ipa") or {}).get("stated"):
        st.subheader(t("ipa_stated", lang))
        _figure(lambda res, lang: figures.ipa_map(res, lang=lang, which="stated"), d, "ipa_stated", lang, "ipa_s")


def _segment_comparison(d, lang) -> bool:
    """The constructs compared across the segments (both methods); False when no grouping column was chosen."""
    if not d.get("groups"):
        st.info(t("choose_group", lang))
        return False
    st.subheader(t("group_tests", lang))
    if "tests" in d["groups"]:
        _figure(figures.segment_chart, d, "segments", lang, "seg")
        _table(tables.group_tests(d, lang), "groups", lang, "groups")
    return True


def _page_segments(d, lang):
    if not _segment_comparison(d, lang):
        return
    inv = d.get("invariance", {})
    st.subheader(t("invariance", lang))
    if inv.get("small_groups"):
        sep = ", " if lang == "en" else "、"
        named = (f"{plain(tables.group_name(d, s['group'], lang))} (n = {s['n']})" for s in inv["small_groups"])
        st.caption(t("small_groups", lang, groups=sep.join(named)))
    m = inv.get("measurement")
    if m:
        def level(name):
            return plain(tables.LEVEL.get(name, {}).get(lang, str(name)))

        st.write(t("invariance_highest", lang, level=level(m["highest"])))
        est = m.get("estimator") or inv.get("estimator") or "ML"
        robust = tables.invariance_indices(d)["cfi"] != "cfi"
        if est in ORDINAL_CHOICES:       # ordered items: Wu & Estabrook's steps, scaled Δχ² (no Δ-fit rule)
            st.caption(t("invariance_rule_wls", lang, est=t(f"est_{est}", lang)))
        else:
            st.caption(t("invariance_rule", lang, est=t(f"est_{est}", lang) if est in ("ML", "MLR") else plain(est),
                         indices=t("indices_MLR" if robust else "indices_ML", lang),
                         source=plain((m.get("criteria") or {}).get("source", "Chen 2007"))))
        _table(tables.invariance(d, lang), "invariance", lang, "inv")
        if any(c.get("holds") is None for c in m.get("comparisons") or []):
            st.caption(t("invariance_undecided", lang))
        sep = ", " if lang == "en" else "、"
        for lev, params in (m.get("released") or {}).items():
            if params:
                st.write(t("invariance_released", lang, level=level(lev), list=plain(sep.join(params))))
        for sug in m.get("suggestions") or []:
            names = [c.get("parameter") for c in sug.get("candidates") or [] if c.get("parameter")]
            if names:
                text = t("invariance_suggest", lang, level=level(sug.get("level")), list=plain(sep.join(names)))
                st.warning(text[:1].upper() + text[1:])
        release = tables.invariance_release(d, lang)
        if len(release):
            st.subheader(t("invariance_partial", lang))
            _table(release, "invariance_partial", lang, "inv_partial")
    elif inv.get("skipped"):
        st.info(plain(inv["skipped"].get(lang, inv["skipped"]["en"])))


def _page_index(d, lang):
    idx = d.get("index")
    if not idx or "overall" not in idx:
        st.info(t("no_structural", lang))
        return
    o = idx["overall"]
    # no arrow: an index alone compares with nothing; each segment is compared with the whole sample
    st.metric(t("tab_index", lang), f"{o['mean']:.1f} · {o['grade_names'][lang]}")
    segments = idx.get("segments") or []
    if segments:
        st.caption(t("index_segments", lang))
        for row in range(0, len(segments), 4):
            for col, seg in zip(st.columns(4), segments[row:row + 4]):
                col.metric(plain(tables.group_name(d, seg["segment"], lang)),
                           f"{seg['mean']:.1f} · {seg['grade_names'][lang]}",
                           f"{seg['mean'] - o['mean']:+.1f}", help=t("index_delta_help", lang))
    st.write(t("index_overall", lang, mean=o["mean"], lo=o["ci"][0], hi=o["ci"][1],
               grade=plain(o["grade_names"][lang])))
    colon, sep = (": ", ", ") if lang == "en" else ("：", "、")
    st.caption(t("index_weights", lang) + colon + sep.join(f"{plain(tables.name(d, k, lang))} {v:.2f}"
                                                           for k, v in idx["weights"].items()))
    _table(tables.index(d, lang), "index", lang, "index")


# ----------------------------------------------------------------------------------------------
# the pages with PLS-SEM (research.analyze(method="pls"): results["pls"], research.tables.pls_*)
# ----------------------------------------------------------------------------------------------
def _pls(d: dict) -> bool:
    """True when the user chose PLS-SEM and the results hold its study."""
    spec = (d.get("meta") or {}).get("spec") or {}
    return spec.get("method") == "pls" and isinstance(d.get("pls"), dict)


def _pls_boot(d: dict) -> int:
    return int(((d["pls"].get("bootstrap") or {}).get("n_boot")) or 0)


def _pls_step_missing(d: dict, step: str, lang: str) -> None:
    """A PLS step that was asked for but could not run: its note (the study keeps going without it)."""
    notes = [n for n in d["pls"].get("notes") or [] if str(n.get("en", "")).startswith(step)]
    if notes:
        st.info(t("not_computed", lang, reason=plain(tables.local(notes[0], lang))))


def _pls_reliability(d, lang):
    """Construct reliability, convergent and discriminant validity of the PLS study (Hair et al. 2019)."""
    st.subheader(t("pls_reliability", lang))
    st.caption(t("pls_reliability_rule", lang))
    _table(tables.pls_reliability(d, lang), "pls_reliability", lang, "pls_rel")
    st.subheader(t("htmt", lang))
    st.caption(t("pls_htmt_rule", lang))
    _table(tables.pls_htmt(d, lang), "pls_htmt", lang, "pls_htmt")
    if _pls_boot(d):
        st.subheader(t("pls_htmt_tests", lang))
        _table(tables.pls_htmt_tests(d, lang), "pls_htmt_tests", lang, "pls_htmt_tests", note=True)
    else:
        st.caption(t("pls_htmt_no_boot", lang))
    st.subheader(t("fornell_larcker", lang))
    _table(tables.pls_fornell_larcker(d, lang), "pls_fornell_larcker", lang, "pls_fl")
    st.subheader(t("pls_cross_loadings", lang))
    _table(tables.pls_cross_loadings(d, lang), "pls_cross_loadings", lang, "pls_cross")


def _pls_measurement(d, lang):
    """The indicators: outer loadings and weights, indicator reliability and VIF; then the common-method-bias
    checks, which do not depend on the method (Kock's full-collinearity VIFs are PLS's own)."""
    st.subheader(t("pls_loadings", lang))
    st.caption(t("pls_loadings_rule", lang))
    _table(tables.pls_loadings(d, lang), "pls_loadings", lang, "pls_loadings", note=True)
    st.divider()
    _method_bias(d, lang)


def _pls_structural(d, lang):
    """SmartPLS's path diagram, the paths with bootstrap t, p, CI and f², the effects, R²/Q², the model fit and,
    when asked for, PLSpredict and CVPAT."""
    pls = d["pls"]
    if not pls.get("paths"):
        st.info(t("no_structural", lang))
        return
    _figure(figures.pls_path_diagram, d, "pls_path_diagram", lang, "pls_path")
    st.subheader(t("paths", lang))
    boot = _pls_boot(d)
    st.caption(t("pls_paths_rule", lang, boot=f"{boot:,}") if boot else t("pls_no_boot", lang))
    _table(tables.pls_paths(d, lang), "pls_paths", lang, "pls_paths", note=True)
    st.subheader(t("effects", lang))
    _table(tables.pls_effects(d, lang), "pls_effects", lang, "pls_effects")
    st.subheader(t("pls_r2", lang))
    st.caption(t("pls_r2_rule", lang))
    _table(tables.pls_r2(d, lang), "pls_r2", lang, "pls_r2")
    if d.get("hypotheses"):                  # research.analyze tests them on the PLS paths and bootstrap
        st.subheader(t("hypotheses_result", lang))
        _table(tables.hypotheses(d, lang), "hypotheses", lang, "hyp")
    st.subheader(t("pls_fit", lang))
    st.caption(t("pls_fit_rule", lang))
    _table(tables.pls_model_fit(d, lang), "pls_model_fit", lang, "pls_fit")
    if (pls.get("settings") or {}).get("predict"):
        st.divider()
        st.header(t("pls_prediction", lang))
        st.subheader(t("pls_predict", lang))
        st.caption(t("pls_predict_rule", lang))
        if pls.get("predict"):
            _table(tables.pls_predict(d, lang), "pls_predict", lang, "pls_predict", note=True)
            _table(tables.pls_predict_summary(d, lang), "pls_predict_summary", lang, "pls_predict_sum")
        else:
            _pls_step_missing(d, "PLSpredict", lang)
        st.subheader(t("pls_cvpat", lang))
        st.caption(t("pls_cvpat_rule", lang))
        if pls.get("cvpat"):
            _table(tables.pls_cvpat(d, lang), "pls_cvpat", lang, "pls_cvpat")
        else:
            _pls_step_missing(d, "CVPAT", lang)


def _pls_ipma_map(d, lang):
    """The PLS study's IPMA drawn by the app's importance–performance map (research.figures.ipa_map)."""
    return figures.ipa_map({**d, "ipa": {"map": d["pls"]["ipma"]}}, lang=lang)


def _pls_drivers(d, lang):
    """The drivers' relative importance (the regressions, as with CB-SEM), then the PLS study's IPMA in place of
    the CB-SEM's importance–performance map."""
    if d.get("drivers") and "overall" in d["drivers"]:
        st.subheader(t("importance", lang, target=plain(tables.name(d, d["drivers"]["target"], lang))))
        _figure(figures.importance_bars, d, "importance", lang, "imp")
        _table(tables.drivers(d, lang), "drivers", lang, "drivers")
    ipma = d["pls"].get("ipma")
    target = (d["pls"].get("settings") or {}).get("target")
    if target:
        st.subheader(t("pls_ipma", lang, target=plain(tables.name(d, target, lang))))
    if ipma:
        st.caption(t("pls_ipma_rule", lang))
        _figure(_pls_ipma_map, d, "pls_ipma", lang, "pls_ipma")
        _table(tables.pls_ipma(d, lang), "pls_ipma", lang, "pls_ipma_t")
    elif target:
        _pls_step_missing(d, "IPMA", lang)
    else:
        st.info(t("no_structural", lang))
    if (d.get("ipa") or {}).get("stated"):
        st.subheader(t("ipa_stated", lang))
        _figure(lambda res, lang: figures.ipa_map(res, lang=lang, which="stated"), d, "ipa_stated", lang, "ipa_s")


def _pls_segments(d, lang):
    """The constructs compared across the segments (as with CB-SEM), then MICOM and the multi-group analysis of
    the PLS study in place of the CB-SEM's measurement invariance."""
    if not _segment_comparison(d, lang):
        return
    pls = d["pls"]
    st.subheader(t("pls_micom", lang))
    st.caption(t("pls_micom_rule", lang))
    if pls.get("micom"):
        _table(tables.pls_micom(d, lang), "pls_micom", lang, "pls_micom")
    else:
        _pls_step_missing(d, "MICOM", lang)
    st.subheader(t("pls_mga", lang))
    st.caption(t("pls_mga_rule", lang))
    if pls.get("mga"):
        _table(tables.pls_mga(d, lang), "pls_mga", lang, "pls_mga", note=True)
    else:
        _pls_step_missing(d, "MGA", lang)


DOWNLOADS = (("json", "download_json", "results.json", "application/json", "dl_json"),
             ("xlsx", "download_xlsx", "results.xlsx",
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "dl_xlsx"),
             (("report", "html"), "download_html", "report.html", "text/html", "dl_html"),
             (("report", "docx"), "download_docx", "report.docx",
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "dl_docx"))


def _page_downloads(d, lang):
    """The results as files, made in a worker when a button is clicked (Streamlit calls ``data`` in a server
    thread), once per analysis.  The click also reruns the page: the rerun waits for the file and, if it
    could not be made, says why under its button (and goes on saying it)."""
    stores, area = _stores(), _area()

    def maker(what):
        def build() -> bytes:
            return appworker.run(appworker.build_download, what, d, lang, area=area)
        return lambda: _once(d, what, lang, build, stores)

    for what, label, file_name, mime, key in DOWNLOADS:
        make = maker(what)
        clicked = st.download_button(t(label, lang), make, file_name=file_name, mime=mime, key=key)
        err = _failure(d, what, lang)
        if clicked and err is None:
            with st.spinner(t("making", lang, file=file_name)):
                try:
                    make()
                except Exception as failed:        # noqa: BLE001 — said below
                    err = failed
        if err is not None:
            st.error(t("download_failed", lang, file=file_name, reason=_reason(err, lang)))


# ----------------------------------------------------------------------------------------------
# mediation and moderation (issue 16): Hayes' PROCESS on the questionnaire's construct scores
# ----------------------------------------------------------------------------------------------
class Card(NamedTuple):
    """One model of the gallery: its PROCESS number, how many mediators (``"none"``, ``"one"``, ``"some"`` — one
    or more in parallel —, ``"parallel"`` — two or more —, ``"serial"``) and its moderators."""
    id: str
    model: int
    mediators: str
    moderators: tuple = ()


CARDS = (Card("simple_mediation", 4, "one"), Card("parallel_mediation", 4, "parallel"),
         Card("serial_mediation", 6, "serial"),
         Card("moderation", 1, "none", ("W",)), Card("two_moderators", 2, "none", ("W", "Z")),
         Card("three_way", 3, "none", ("W", "Z")),
         Card("first_stage", 7, "some", ("W",)), Card("second_stage", 14, "some", ("W",)),
         Card("both_stages", 58, "some", ("W",)), Card("first_stage_direct", 8, "some", ("W",)),
         Card("second_stage_direct", 15, "some", ("W",)), Card("full", 59, "some", ("W",)))
CARD_GROUPS = (("proc_group_mediation", CARDS[0:3]), ("proc_group_moderation", CARDS[3:6]),
               ("proc_group_moderated", CARDS[6:12]))
SE_CHOICES = ("hc3", "ols", "hc0", "hc1", "hc2", "hc4")
CENTER_CHOICES = {"none": False, "all": True, "continuous": "continuous"}
PROCESS_TABLES = ("summary", "coefficients", "interactions", "direct", "interaction_at", "indirect", "indices",
                  "total", "standardized", "contrasts", "jn")


def _card(card_id: str) -> Card:
    return next((c for c in CARDS if c.id == card_id), CARDS[0])


def _process_data(data: bytes, name: str, qspec, mapping: dict, responses, lang: str) -> dict:
    """The screened construct scores and segment codes (``appworker.process_data``), once per file,
    questionnaire and mapping."""
    reads = _stores().reads
    key = ("process_data", _key(data, {"name": name, "q": _questionnaire_key(qspec), "mapping": mapping}))
    found = reads.get(key)
    if found is None:
        found = _job(appworker.process_data, responses, qspec, lang=lang, label=t("reading", lang))
        found["key"] = key[1]
        reads.put(key, found)
    return found


def _process_names(q, segments: list, lang: str) -> tuple[dict, dict]:
    """(column → name in ``lang``: constructs by their label, segments by their question; segment → {code: the
    option's label}) — what the page shows in place of codes."""
    names = {c.id: c.label(lang) or c.id for c in q.constructs}
    levels = {}
    for s in q.segments:
        if s.id in segments:
            names[s.id] = s.text.get(lang) or s.text.get("en") or s.id
            levels[s.id] = {str(o.code): o.label.get(lang) or o.label.get("en") or str(o.code)
                            for o in (getattr(s, "options", None) or ())}
    return names, levels


def _choose_many(label: str, options: list, key: str, lang: str, format_func, default: list, container=None,
                 **kwargs) -> list:
    """A multiselect (in ``container``, default the page) whose choice outlives a language switch (as
    :func:`_choose`)."""
    value = [v for v in st.session_state.get(key, default) if v in options]
    chosen = (container or st).multiselect(label, options, default=value, key=f"{key}@{lang}",
                                           format_func=format_func, placeholder=t("proc_choose_options", lang),
                                           **kwargs)
    st.session_state[key] = list(chosen)
    return list(chosen)


def _pick(container, label: str, options: list, key: str, lang: str, format_func, default) -> str:
    """A select box of the page (in ``container``) starting at ``default`` the first time."""
    if key not in st.session_state and default in options:
        st.session_state[key] = default
    return _choose(container.selectbox, label, options, key, lang, format_func)


def _model_diagram(model: int, lang: str, names: dict | None = None, mediators: int = 1):
    """The conceptual diagram of a PROCESS model as PNG bytes (``research.process.figures.model_diagram``), drawn
    once per (model, language, names)."""
    key = ("process_diagram", model, lang, json.dumps(names or {}, sort_keys=True, ensure_ascii=False), mediators)
    made = _stores().made
    png = made.get(key)
    if png is None:
        png = _uniform(figures.to_bytes(pfig.model_diagram(model, lang, names, mediators=mediators, title=False),
                                        "png"))
        made.put(key, png)
    return png


# a fixed style sheet (no user text): the card's column a full-height flex box, its button pushed to the foot
GALLERY_CSS = """<style>
[class*="st-key-proc_gallery_"] [data-testid="stColumn"] > [data-testid="stVerticalBlock"] {height: 100%;}
[class*="st-key-proc_gallery_"] [class*="st-key-proc_card_"] {margin-top: auto;}
</style>"""


def _uniform(png: bytes, aspect: float = 1.6) -> bytes:
    """A diagram on a white canvas of one aspect ratio (width / height), centred: every card's drawing is then
    as tall as the others at the same width, so the cards of a row line up."""
    from PIL import Image
    with Image.open(io.BytesIO(png)) as img:
        w, h = img.size
        width, height = max(w, int(round(h * aspect))), max(h, int(round(w / aspect)))
        canvas = Image.new("RGB", (width, height), "white")
        canvas.paste(img.convert("RGB"), ((width - w) // 2, (height - h) // 2))
        out = io.BytesIO()
        canvas.save(out, format="PNG")
    return out.getvalue()


def _gallery(lang: str) -> Card:
    """The models as cards (a diagram, a name, one line, "PROCESS model n" as secondary text), three to a row;
    the chosen one is kept in ``st.session_state["proc_card"]``."""
    st.subheader(t("proc_gallery", lang))
    chosen = st.session_state.setdefault("proc_card", CARDS[0].id)
    # each card's button at the foot of its box, so the buttons of a row line up whatever the lines above
    st.markdown(GALLERY_CSS, unsafe_allow_html=True)

    def choose(card_id):
        st.session_state["proc_card"] = card_id

    for heading, cards in CARD_GROUPS:
        st.markdown(f"**{t(heading, lang)}**")
        for row in range(0, len(cards), 3):
            for col, card in zip(st.container(key=f"proc_gallery_{heading}_{row}").columns(3, border=True),
                                 cards[row:row + 3]):
                with col:
                    st.image(_model_diagram(card.model, lang, None, 2 if card.mediators in ("parallel", "serial") else 1),
                             width="stretch")
                    st.markdown(f"**{t('proc_card_' + card.id, lang)}**")
                    st.markdown(t("proc_desc_" + card.id, lang))
                    st.caption(t("proc_model_number", lang, n=card.model))
                    selected = card.id == chosen
                    st.button(t("proc_chosen" if selected else "proc_choose", lang), key=f"proc_card_{card.id}",
                              type="primary" if selected else "secondary", on_click=choose, args=(card.id,),
                              width="stretch")
    return _card(st.session_state["proc_card"])


def _process_variables(card: Card, q, pdata: dict, names: dict, lang: str) -> dict:
    """The roles of the chosen model, each a select box of construct names (a moderator may also be a grouping
    column, taken as categorical); the defaults follow the questionnaire's roles."""
    constructs, segments = pdata["constructs"], pdata["segments"]
    role = {c.id: c.role for c in q.constructs}
    drivers = [c for c in constructs if role.get(c) == "driver"] or constructs
    mediators = [c for c in constructs if role.get(c) == "mediator"]
    outcomes = [c for c in constructs if role.get(c) == "outcome"] or constructs[-1:]
    others = [c for c in drivers[1:]] + [c for c in constructs if c not in drivers]

    def label(c):
        return names.get(c, c)

    def mod_label(c):
        return t("proc_group_option", lang, name=names.get(c, c)) if c in segments else names.get(c, c)

    st.subheader(t("proc_variables", lang))
    st.caption(t("proc_chosen_model", lang, name=t("proc_card_" + card.id, lang), n=card.model))
    cols = st.columns(3)
    chosen: dict = {"x": _pick(cols[0], t("proc_x", lang), constructs, "proc_x", lang, label, drivers[0])}
    if card.mediators == "one":
        chosen["m"] = [_pick(cols[1], t("proc_m", lang), constructs, "proc_m", lang, label,
                             (mediators or constructs[1:2] or constructs)[0])]
    elif card.mediators != "none":
        text = {"some": "proc_ms", "parallel": "proc_ms_parallel", "serial": "proc_ms_serial"}[card.mediators]
        default = mediators[:1] if card.mediators == "some" else (mediators + [c for c in others
                                                                               if c not in mediators])[:2]
        with cols[1]:
            chosen["m"] = _choose_many(t(text, lang), constructs, f"proc_ms_{card.mediators}", lang, label, default,
                                       max_selections=6 if card.mediators == "serial" else None)
    chosen["y"] = _pick(cols[2], t("proc_y", lang), constructs, "proc_y", lang, label, outcomes[0])
    if card.moderators:
        mcols = st.columns(3)
        pool = [*constructs, *segments]
        for k, letter in enumerate(card.moderators):
            default = (others[k:k + 1] or constructs)[0]
            chosen[letter.lower()] = _pick(mcols[k], t(f"proc_{letter.lower()}", lang), pool, f"proc_{letter.lower()}",
                                           lang, mod_label, default)
    chosen["covariates"] = _choose_many(t("proc_covariates", lang), constructs, "proc_covariates", lang, label, [])
    return chosen


def _process_options(lang: str) -> dict:
    """Bootstrap resamples (5000 by default), seed, interval type, standard errors, probe values, centring."""
    st.subheader(t("proc_options", lang))
    c1, c2, c3 = st.columns(3)
    boot = int(c1.number_input(t("proc_boot", lang), 0, limits.APP_MAX_BOOTSTRAP, step=1000, key="proc_boot",
                               help=t("proc_boot_help", lang),
                               **({} if "proc_boot" in st.session_state else {"value": 5000})))
    seed = int(c2.number_input(t("proc_seed", lang), 0, 2**32 - 1, key="proc_seed",
                               **({} if "proc_seed" in st.session_state else {"value": DEFAULT_SEED})))
    ci = _choose(c3.radio, t("proc_ci", lang), ["percentile", "bc"], "proc_ci", lang,
                 lambda c: t(f"proc_ci_{c}", lang))
    c4, c5, c6 = st.columns(3)
    se = _choose(c4.selectbox, t("proc_se", lang), list(SE_CHOICES), "proc_se", lang, lambda s: t(f"proc_se_{s}", lang),
                 help=t("proc_se_help", lang))
    probe = _choose(c5.radio, t("proc_probe", lang), ["sd", "percentile"], "proc_probe", lang,
                    lambda p: t(f"proc_probe_{p}", lang))
    center = _choose(c6.radio, t("proc_center", lang), list(CENTER_CHOICES), "proc_center", lang,
                     lambda c: t(f"proc_center_{c}", lang))
    return {"boot": boot, "seed": seed, "ci": ci, "se": se, "probe": probe, "center": CENTER_CHOICES[center]}


def _process_page(data: bytes, name: str, qspec, mapping: dict, responses, q, lang: str) -> None:
    """The mediation and moderation page: the model from a gallery, the variables by their names, the options,
    a run in a worker, then the tables, figures, an interpretation and the downloads."""
    st.header(t("proc_title", lang))
    st.caption(t("proc_intro", lang))
    pdata = _process_data(data, name, qspec, mapping, responses, lang)
    if len(pdata["constructs"]) < 2:
        st.info(t("proc_no_constructs", lang))
        return
    st.caption(t("proc_scores_info", lang, kept=pdata["kept"], n=pdata["n"]))
    names, level_names = _process_names(q, pdata["segments"], lang)
    card = _gallery(lang)
    st.divider()
    chosen = _process_variables(card, q, pdata, names, lang)
    st.divider()
    options = {"model": card.model, "x": chosen["x"], "y": chosen["y"], "m": chosen.get("m"), "w": chosen.get("w"),
               "z": chosen.get("z"), "covariates": chosen["covariates"],
               "categorical": [chosen[r] for r in ("w", "z") if chosen.get(r) in pdata["segments"]],
               **_process_options(lang)}
    if st.button(t("proc_run", lang), type="primary", key="proc_run"):
        st.session_state["proc_last"] = {"data": pdata["key"], "options": options}
    last = st.session_state.get("proc_last")
    if not last or last.get("data") != pdata["key"]:
        return
    st.divider()
    st.header(t("proc_results", lang))
    if last["options"] != options:
        st.info(t("proc_stale", lang))
    try:
        res, run_key = _process_result(pdata, last["options"], lang)
    except Exception as err:                # noqa: BLE001 — the engine's message in the user's language
        _show_error(err, lang)
        return
    _process_results(res, run_key, names, level_names, lang)


def _process_result(pdata: dict, options: dict, lang: str):
    """The :class:`~research.process.ProcessResult` of ``options`` on the page's data: computed once in a
    worker, then served from the server's store (an error of the engine is kept and raised again; running out
    of time or memory is not kept)."""
    results = _stores().results
    run_key = "process:" + hashlib.sha256(json.dumps([pdata["key"], options], sort_keys=True, ensure_ascii=False,
                                                     default=str).encode()).hexdigest()
    found = results.get(run_key)
    if found is None:
        try:
            found = _job(appworker.process_run, pdata["frame"], options, lang=lang, label=t("proc_running", lang))
        except (appworker.OutOfMemory, appworker.TimeLimit, appworker.WorkerCrashed):
            raise
        except Exception as err:            # noqa: BLE001 — kept and raised to every later rerun
            found = Failed(err)
        results.put(run_key, found)
    if isinstance(found, Failed):
        raise found.err
    return found, run_key


def _process_interpretation(block: dict, names: dict, lang: str) -> tuple[str, str]:
    """(method, interpretation): the two paragraphs ``research.report`` writes for the run (its "Mediation and
    Moderation" section)."""
    found = [s for s in results_text({"process": [block]}, lang, names=names) if s["key"] == "process"]
    paragraphs = found[0]["paragraphs"] if found else []
    if not paragraphs:
        return "", ""
    return (paragraphs[0] if len(paragraphs) > 1 else ""), paragraphs[-1]


# the figures of research.process.figures: (heading, function name, whether the model has one)
PROCESS_FIGURES = (("proc_fig_slopes", "simple_slopes", lambda res: bool(len(res.interactions))),
                   ("proc_fig_jn", "johnson_neyman", lambda res: bool(res.jn)),
                   ("proc_fig_indirect", "conditional_indirect", lambda res: bool(len(res.indirect)) and any(
                       res.roles.get(r) in res.indirect.columns for r in ("W", "Z", "V", "Q"))))


def _figure_labels(res, names: dict, level_names: dict) -> dict:
    """Names for the figures: every column by its name, and each level of a categorical moderator of this
    result by its option's label (the figures look levels up in the same mapping)."""
    labels = dict(names)
    for role in res.levels:
        labels.update(level_names.get(res.roles[role], {}))
    return labels


def _process_figures(res, run_key: str, names: dict, level_names: dict, lang: str) -> None:
    """Simple slopes, the Johnson–Neyman plot and the conditional indirect effects
    (``research.process.figures``), each drawn once per run and language, with PNG and SVG downloads."""
    shown = [(head, getattr(pfig, fn)) for head, fn, has in PROCESS_FIGURES if has(res)]
    if not shown:
        return
    labels = _figure_labels(res, names, level_names)
    st.subheader(t("proc_figures", lang))
    for k, (head, draw) in enumerate(shown):
        if k % 2 == 0:
            cols = st.columns(2)
        with cols[k % 2]:
            _process_figure(res, head, draw, labels, run_key, lang)


def _process_figure(res, head: str, draw, labels: dict, run_key: str, lang: str) -> None:
    """One figure of the run under its heading (half the page wide: a figure drawn for print reads at that size)."""
    st.markdown(f"**{t(head, lang)}**")
    _figure(lambda _d, lang: draw(res, lang=lang, labels=labels), {"meta": {"app_key": run_key}},
            f"process_{draw.__name__}", lang, f"proc_{draw.__name__}")


def _process_json(block: dict) -> bytes:
    """The run as results.json holds it (``{"process": [entry]}``: ``research report`` reads it), with the
    toolkit's version."""
    from research.jsonsafe import jsonable
    doc = {"process": [block], "meta": {"version": research.__version__}}
    return json.dumps(jsonable(doc), ensure_ascii=False, indent=1).encode("utf-8")


def _process_kind(res) -> str:
    mediators = any(r.startswith("M") for r in res.roles)
    moderators = any(r in res.roles for r in ("W", "Z", "V", "Q"))
    return "moderated mediation" if mediators and moderators else "mediation" if mediators else "moderation"


def _process_block(res, names: dict, level_names: dict) -> dict:
    """The run as a ``process`` entry of results.json (``research analyze`` writes the same): the result's
    dictionary, the kind of analysis, the scores, and the names of the grouping columns and their categories
    (``variable_labels``, ``level_labels``) that the tables and the report read."""
    used = set(res.roles.values())
    return {"kind": _process_kind(res), "scores": "mean", **res.to_dict(),
            "variable_labels": {c: names[c] for c in level_names if c in used and c in names},
            "level_labels": {c: dict(level_names[c]) for c in level_names if c in used}}


def _process_results(res, run_key: str, names: dict, level_names: dict, lang: str) -> None:
    """The run's settings, notes, interpretation, tables (each with its CSV), figures and downloads."""
    block = _process_block(res, names, level_names)
    info = "proc_run_info_moderation" if _process_kind(res) == "moderation" else \
        "proc_run_info" if res.boot else "proc_run_info_no_boot"
    st.caption(t(info, lang, model=res.model, n=res.n, se=res.se.upper(), boot=f"{res.boot:,}",
                 ci=t(f"proc_ci_name_{res.ci}", lang), seed=res.seed))
    for note in res.notes:
        st.info(plain(tables.local(research.messages.note_texts(note), lang)))
    method, text = _process_interpretation(block, names, lang)
    if text:
        st.subheader(t("proc_interpretation", lang))
        st.markdown(plain(text))
        if method:
            with st.expander(t("proc_method", lang)):
                st.markdown(plain(method))
    book = _process_shown_tables(block, names, lang)
    _process_figures(res, run_key, names, level_names, lang)
    st.subheader(t("proc_downloads", lang))
    pseudo = {"meta": {"app_key": run_key}}
    c1, c2 = st.columns(2)
    try:
        doc = _once(pseudo, "process_json", lang, lambda: _process_json(block))
        sheets = _once(pseudo, "process_xlsx", lang, lambda: xlsx_bytes(book))
    except Exception as err:                # noqa: BLE001 — said on the page
        st.error(t("download_failed", lang, file="process", reason=_reason(err, lang)))
        return
    c1.download_button(t("proc_download_json", lang), doc, file_name="process.json", mime="application/json",
                       key="proc_dl_json")
    c2.download_button(t("proc_download_xlsx", lang), sheets, file_name="process.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="proc_dl_xlsx")


def _process_shown_tables(block: dict, names: dict, lang: str) -> dict:
    """Every display table of the run (``research.process.tables``: key → frame with its title and note) on the
    page with its CSV download; returns them by title (the XLSX)."""
    book = {}
    for k, (key, frame) in enumerate(ptab.display_tables(block, lang, labels=names).items()):
        title = frame.attrs.get("title") or key
        st.markdown(f"**{plain(title)}**")
        st.dataframe(ptab.shown(frame, lang), hide_index=True, width="stretch")
        if frame.attrs.get("note"):
            st.caption(plain(frame.attrs["note"]))
        safe = re.sub(r"[^A-Za-z0-9_]+", "_", key).strip("_")
        _csv_download(frame, f"process_{safe}", lang, f"proc_t{k}")
        book[title] = frame
    return book


# ----------------------------------------------------------------------------------------------
# evaluation index systems (issue 17): indicator trees, AHP and data weights, fuzzy evaluation, rankings
# ----------------------------------------------------------------------------------------------
EVAL_WEIGHTS = ("system", *EVAL_METHODS)     # "system": each indicator weighted as the index system's file says
EVAL_LEVELS = (0.90, 0.95, 0.99)
EVAL_SYSTEM_DEFAULT = "template:lsq5-index"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# the display tables of research.evaluation.tables on each tab of the results (the report shows the same)
EVAL_TABLES = {"eval_tab_weights": ("system", "consistency", "experts"), "eval_tab_scores": ("scores", "segments"),
               "eval_tab_fuzzy": ("fuzzy", "fuzzy_segments"), "eval_tab_ranking": ("ranking", "sensitivity")}


class EvalInputs(NamedTuple):
    """What one evaluation is made of: the data (``appworker.evaluation_data`` or ``evaluation_table``), the index
    system and its key, the experts' judgements (None, {node: matrix}, or several experts') with their
    workbooks' names and a key of their contents."""
    data: dict
    system: object
    system_key: str
    books: object
    experts: tuple
    books_key: str


@st.cache_resource(show_spinner=False)
def _template_system(name: str):
    """A shipped index-system template (``research.evaluation.load_system``), loaded once per server."""
    return load_system(name)


def _kept_job(store: LRUStore, key, make):
    """``make()`` once per ``key`` in ``store``: a failure of the user's input is kept and raised again on every
    rerun; running out of memory or time, or a crashed worker, is raised but not kept."""
    found = store.get(key)
    if found is None:
        try:
            found = make()
        except (appworker.OutOfMemory, appworker.TimeLimit, appworker.WorkerCrashed):
            raise
        except Exception as err:            # noqa: BLE001 — kept and raised to every later rerun
            found = Failed(err)
        store.put(key, found)
    if isinstance(found, Failed):
        raise found.err
    return found


def _evaluation_system(lang: str):
    """The page's heading and step 1, the index system: a shipped template or an uploaded YAML (parsed as data
    only, in a worker; its errors in the user's language).  Returns (system, key), or (None, None) while the
    upload is awaited."""
    st.header(t("eval_title", lang))
    st.caption(t("eval_intro", lang))
    st.subheader(t("eval_system", lang))
    options = [f"template:{n}" for n in list_systems()] + ["upload", "alternatives"]

    def label(o: str) -> str:
        if o == "upload":
            return t("eval_system_upload", lang)
        if o == "alternatives":
            return t("eval_system_alternatives", lang)
        name = o.split(":", 1)[1]
        return t("eval_system_template", lang, title=_template_system(name).title_in(lang), name=name)

    choice = _pick(st, t("eval_system_choice", lang), options, "eval_system", lang, label, EVAL_SYSTEM_DEFAULT)
    if choice == "alternatives":               # no index system: an alternatives × criteria table (_alternatives_page)
        return None, "alternatives"
    if choice == "upload":
        up = st.file_uploader(t("eval_system_file", lang), key="eval_yaml", help=t("eval_system_file_help", lang))
        if up is None:
            st.info(t("eval_system_upload_first", lang))
            return None, None
        data, name = up.getvalue(), up.name
        digest = hashlib.sha256(data).hexdigest()
        system = _kept_job(_stores().made, ("eval_system", digest, name), lambda: _job(
            appworker.evaluation_system, data, name, lang=lang, label=t("reading", lang)))
        key = f"upload:{digest}:{name}"
    else:
        system, key = _template_system(choice.split(":", 1)[1]), choice
    st.caption(t("eval_system_info", lang, title=plain(system.title_in(lang)), first=len(system.children(system.root)),
                 leaves=len(system.leaves), depth=system.depth,
                 grades=plain(etab.grade_bands({"system": system.to_dict()}, lang))))
    st.caption(t("eval_reads_items" if reads_items(system) else "eval_reads_table", lang))
    return system, key


def _evaluation_data(data: bytes, name: str, qspec, mapping: dict, responses, system, lang: str) -> dict:
    """A survey evaluated with an item-bound system: the screened answers as given, segments and the columns the
    leaves read (``appworker.evaluation_data``), once per file, questionnaire, mapping and columns read."""
    reads = _stores().reads
    key = ("evaluation_data", _key(data, {"name": name, "q": _questionnaire_key(qspec), "mapping": mapping,
                                          "columns": list(system.columns)}))
    found = reads.get(key)
    if found is None:
        found = _job(appworker.evaluation_data, responses, system, lang=lang, label=t("reading", lang))
        found["key"] = key[1]
        reads.put(key, found)
    return found


def _evaluation_table(data: bytes, name: str, system, lang: str) -> dict:
    """The uploaded table as it is, for a system of expert-scored or column leaves (``appworker.evaluation_table``),
    once per file."""
    reads = _stores().reads
    key = ("evaluation_table", _key(data, {"name": name, "columns": list(system.columns)}))
    found = reads.get(key)
    if found is None:
        found = _job(appworker.evaluation_table, data, name, list(system.columns), lang=lang,
                     label=t("reading", lang))
        found["key"] = key[1]
        reads.put(key, found)
    return found


def _books_changed() -> None:
    """Workbooks uploaded while the weights ignore them: switch to AHP (before the rerun); combined weights, which
    use them, stay."""
    lang = st.session_state.get("lang", "zh-Hans")
    if st.session_state.get("eval_books") and st.session_state.get("eval_weights", "system") not in (
            "ahp", "combined"):
        st.session_state["eval_weights"] = "ahp"
        st.session_state[f"eval_weights@{lang}"] = "ahp"


def _safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", str(text)).strip("._") or "index"


def _evaluation_experts(system, system_key: str, lang: str) -> tuple:
    """Step 2: the experts' filled AHP workbooks (read in a worker; an unreadable one named in the error) and
    the blank workbook of the chosen system.  Returns (judgements, experts' file names, key of the files):
    None without workbooks, {node: matrix} for one, {file name: {node: matrix}} (a list when names repeat or
    name a node) for several — group AHP."""
    st.subheader(t("eval_experts", lang))
    st.caption(t("eval_experts_help", lang))
    c1, c2 = st.columns([3, 2])
    if system.ahp_nodes():
        blank = _kept_job(_stores().made, ("eval_ahp_template", system_key), lambda: _job(
            appworker.evaluation_template, system, lang=lang, label=t("reading", lang)))
        c2.download_button(t("eval_download_template", lang), blank, file_name=f"{_safe_name(system.id)}_ahp.xlsx",
                           mime=XLSX_MIME, key="eval_dl_template")
    ups = c1.file_uploader(t("eval_workbooks", lang), key="eval_books", type=["xlsx"], accept_multiple_files=True,
                           on_change=_books_changed)
    if not ups:
        return None, (), ""
    files = [(u.name, u.getvalue()) for u in ups]
    books_key = hashlib.sha256(json.dumps([[n, hashlib.sha256(b).hexdigest()] for n, b in files],
                                          ensure_ascii=False).encode()).hexdigest()
    books = _kept_job(_stores().made, ("eval_books", books_key), lambda: _job(
        appworker.evaluation_workbooks, files, lang=lang, label=t("reading", lang)))
    names = tuple(n for n, _ in files)
    sep = ", " if lang == "en" else "、"
    c1.caption(t("eval_experts_read", lang, k=len(books), names=plain(sep.join(names))))
    if len(books) == 1:
        return books[0], names, books_key
    if len(set(names)) == len(names) and not any(n in system.nodes for n in names):
        return dict(zip(names, books)), names, books_key
    return list(books), names, books_key


def _evaluation_groups(edata: dict, q, lang: str) -> dict:
    """{column: name in ``lang``} of the columns that can group the data: the questionnaire's segment questions by
    their text, a table's columns by their names."""
    texts = {s.id: s.text.get(lang) or s.text.get("en") or s.id for s in q.segments} if q is not None else {}
    return {c: texts.get(c, str(c)) for c in edata["segments"]}


def _evaluation_options(system, edata: dict, books, groups: dict, lang: str) -> dict:
    """Step 3: the weights (named in the language), how several experts are combined, the grouping, the fuzzy
    operator; the confidence level, TOPSIS's normalisation and the smallest segment ranked under "more"."""
    st.subheader(t("eval_settings", lang))
    own = list(dict.fromkeys(system.method_of(k) for k in system.internal if len(system.children(k)) >= 2))
    sep = ", " if lang == "en" else "、"
    short = etab.SHORT_METHOD

    def wlabel(w: str) -> str:
        if w == "system":
            return t("eval_w_system", lang, methods=sep.join(method_name(m, lang) for m in own))
        if w == "combined":
            c = system.combine
            return t("eval_w_combined", lang, a=short.get(c["subjective"], {}).get(lang, c["subjective"]),
                     b=short.get(c["objective"], {}).get(lang, c["objective"]))
        return t(f"eval_w_{w}", lang)

    # SEM/LMG weights when the survey carries a questionnaire whose satisfaction construct the index's
    # dimensions (constructs) predict (research.evaluation.study.derived_available)
    derived = bool(edata.get("items")) and derived_available(system)
    c1, c2, c3 = st.columns(3)
    weights = _choose(c1.selectbox, t("eval_weights", lang),
                      [*EVAL_WEIGHTS, *(DERIVED_SOURCES if derived else ())], "eval_weights", lang, wlabel)
    group = _choose(c2.selectbox, t("eval_group", lang), ["", *groups], "eval_group", lang,
                    lambda g: groups[g] if g else t("none", lang))
    operator = _choose(c3.selectbox, t("eval_operator", lang), list(etab.OPERATOR_NAMES), "eval_operator", lang,
                       lambda o: f"{etab.OPERATOR_SYMBOLS[o]} {etab.OPERATOR_NAMES[o][lang]}")
    aggregate = "judgements"
    several = isinstance(books, list) or (isinstance(books, dict) and not set(books) <= set(system.nodes))
    if several:
        aggregate = _choose(st.radio, t("eval_aggregate", lang), ["judgements", "priorities"], "eval_aggregate",
                            lang, lambda a: etab.NOTES["aij" if a == "judgements" else "aip"][lang], horizontal=True)
    with st.expander(t("eval_more", lang)):
        c4, c5, c6 = st.columns(3)
        level = _pick(c4, t("eval_level", lang), list(EVAL_LEVELS), "eval_level", lang, lambda v: f"{v * 100:g}%",
                      0.95)
        normalisation = _choose(c5.radio, t("eval_normalisation", lang), ["vector", "minmax"], "eval_norm", lang,
                                lambda n: etab.NORMALISATIONS[n][lang])
        min_n = int(c6.number_input(t("eval_min_n", lang), 2, 100_000, key="eval_min_n",
                                    **({} if "eval_min_n" in st.session_state else {"value": 30})))
    uses_books = weights in ("ahp", "combined") or (weights == "system" and any(m in ("ahp", "combined") for m in own))
    if weights in DERIVED_SOURCES:
        q = system.questionnaire
        outcome = default_outcome(q)
        st.caption(t("eval_derived_note", lang, nodes=("、" if lang != "en" else ", ").join(
            system.name(k, lang) for k in construct_children(system)), outcome=q.construct(outcome).label(lang)))
    if books is not None and not uses_books:
        st.info(t("eval_books_unused", lang))
    if books is None and weights == "ahp" and any(system.nodes[k].ahp is None for k in system.ahp_nodes()):
        st.info(t("eval_ahp_needs_books", lang))
    return {"weights": None if weights == "system" else weights, "aggregate": aggregate, "group": group or None,
            "operator": operator, "level": level, "normalisation": normalisation, "min_n": min_n}


def _evaluation_result(inputs: EvalInputs, options: dict, lang: str):
    """The :class:`~research.evaluation.study.EvaluationStudy` of the inputs and options: computed once in a
    worker, then served from the server's store (an error of the engine is kept and raised again)."""
    run_key = "evaluation:" + hashlib.sha256(json.dumps(
        [inputs.data["key"], inputs.system_key, inputs.books_key, list(inputs.experts), options], sort_keys=True,
        ensure_ascii=False, default=str).encode()).hexdigest()
    d = inputs.data
    study = _kept_job(_stores().results, run_key, lambda: _job(
        appworker.evaluation_run, d["frame"], d["ids"], d["excluded"], inputs.system, inputs.books, inputs.experts,
        options, lang=lang, label=t("eval_running", lang)))
    return study, run_key


def _expected_columns(system, frame: pd.DataFrame, lang: str) -> None:
    """The columns the system's leaves read, each with its indicator, parent and what to enter; said when some
    are missing from the data, with a blank table of them to download."""
    missing = [c for c in system.columns if c not in frame.columns]
    if not missing:
        return
    grades = ("、" if lang != "en" else ", ").join(system.grade_names(lang))
    rows = []
    for leaf in system.leaves:
        node = system.nodes[leaf]
        lo, hi = (f"{x:g}" for x in node.range) if node.range else ("?", "?")
        for c in node.columns:
            if node.binding == "standards":
                fill = t("eval_fill_standards", lang, grades=grades)
            elif node.binding in ("item", "items", "construct"):
                fill = t("eval_fill_item", lang, item=c, lo=lo, hi=hi)
            else:
                fill = t("eval_fill_cost" if node.direction == "cost" else "eval_fill_range", lang, lo=lo, hi=hi)
            rows.append({t("eval_col_column", lang): c, t("eval_col_indicator", lang): system.name(leaf, lang),
                         t("eval_col_parent", lang): system.name(node.parent, lang) if node.parent else "",
                         t("eval_col_fill", lang): fill,
                         t("eval_col_found", lang): t("eval_no" if c in missing else "eval_yes", lang)})
    st.markdown(t("eval_expected", lang, k=len(missing)))
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.download_button(t("eval_download_blank", lang), csv_bytes(pd.DataFrame(columns=list(system.columns))),
                       file_name=f"{_safe_name(system.id)}_data.csv", mime="text/csv", key="eval_dl_blank")


def _evaluation_page(d: dict, system, system_key: str, groups: dict, lang: str) -> None:
    """What was read, steps 2 and 3 and the results of an evaluation with the chosen system."""
    if d["items"]:
        st.caption(t("eval_data_items", lang, kept=d["kept"], n=d["n"], excluded=len(d["excluded"])))
    else:
        st.caption(t("eval_data_table", lang, file=plain(d.get("file", "")), n=d["n"]))
    books, experts, books_key = _evaluation_experts(system, system_key, lang)
    inputs = EvalInputs(d, system, system_key, books, experts, books_key)
    options = _evaluation_options(system, d, books, groups, lang)
    st.divider()
    try:
        study, run_key = _evaluation_result(inputs, options, lang)
    except Exception as err:                # noqa: BLE001 — the engine's message in the user's language
        _show_error(err, lang)
        _expected_columns(system, d["frame"], lang)
        return
    _evaluation_results(study, run_key, lang)


def _evaluation_flags(block: dict, lang: str) -> None:
    """A warning for every judgement matrix with CR ≥ its threshold (each expert's, and a group's aggregated
    one), naming the most inconsistent judgement (research.evaluation.tables.worst_judgement)."""
    for node, entry in (block.get("ahp") or {}).items():
        if not isinstance(entry, dict):
            continue
        parts = [("", entry)] if "experts" not in entry else [
            (t("eval_who", lang, expert=str(name)), res) for name, res in (entry.get("experts") or {}).items()] + [
            (t("eval_group_matrix", lang), entry.get("group"))]
        for who, res in parts:
            if isinstance(res, dict) and res.get("consistent") is False:
                st.warning(t("eval_inconsistent", lang, matrix=plain(etab.node_name(block, node, lang)),
                             who=plain(who), cr=f"{res['CR']:.3f}",
                             worst=plain(etab.worst_judgement(block, res, lang))))


def _evaluation_tables(frames: dict, keys, run_key: str, lang: str) -> None:
    """Display tables of ``keys`` (those the evaluation has) with their titles, notes and CSV downloads."""
    for key in keys:
        frame = frames.get(key)
        if frame is None:
            continue
        st.markdown(f"**{plain(frame.attrs.get('title') or key)}**")
        # every row in sight up to about forty (the indicator system of a three-level tree), then a scroll bar
        st.dataframe(etab.shown(frame, lang), hide_index=True, width="stretch",
                     height=min(35 * (len(frame) + 1) + 3, 1430))
        if frame.attrs.get("note"):
            st.caption(plain(frame.attrs["note"]))
        _csv_download(frame, f"evaluation_{key}", lang, f"eval_t_{key}")


def _evaluation_figure(block: dict, draw, name: str, run_key: str, lang: str, **kwargs) -> None:
    _figure(lambda _d, lang: draw(block, lang, **kwargs), {"meta": {"app_key": run_key}}, f"evaluation_{name}",
            lang, f"eval_{name}")


def _evaluation_json(study) -> bytes:
    """The run as ``research evaluate`` writes results.json (``research report`` reads it), with the toolkit's
    version."""
    doc = study.to_dict()
    doc["meta"] = {**doc.get("meta", {}), "version": research.__version__}
    return json.dumps(doc, ensure_ascii=False, indent=1, allow_nan=False).encode("utf-8")


def _evaluation_results(study, run_key: str, lang: str) -> None:
    """The headline (index score, CI, grade, fuzzy grade), the inconsistent matrices, then the tables and figures
    on tabs and the downloads."""
    res = study.result
    block = study.block()
    st.header(t("eval_results", lang))
    level = f"{res.level * 100:g}%"
    method = method_name(study.derived.source if study.derived is not None else res.method, lang) \
        if res.method or study.derived is not None else t("eval_method_nodes", lang)
    if res.method == "ahp" and len(study.experts) > 1:
        method = etab.METHOD_NAMES["group_ahp"][lang].format(
            agg="AIJ" if res.settings.get("aggregate", "judgements") == "judgements" else "AIP", k=len(study.experts))
    top = res.overall
    st.caption(t("eval_run_info", lang, n=res.n, valid=int(top["n"]), method=method,
                 operator=etab.operator_name(block, lang), level=level))
    if study.derived is not None:
        st.caption(t("eval_derived_source", lang, text=study.derived.description(res.system, lang)))
    for w in study.warnings:
        st.info(plain(tables.local(w, lang)))
    fuzzy = next((e for e in ((block.get("fuzzy") or {}).get("overall") or {}).get("nodes") or []
                  if e.get("node") == res.system.root), None)
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(t("eval_m_score", lang), apa.num(top["mean"], 2))
    m2.metric(t("eval_m_ci", lang, level=level), f"[{apa.num(top['ci_low'], 2)}, {apa.num(top['ci_high'], 2)}]")
    m3.metric(t("eval_m_grade", lang), etab.grade_name(block, top["grade"], lang) or "—")
    m4.metric(t("eval_m_fuzzy", lang), (etab.fuzzy_grade(block, fuzzy, lang) if fuzzy else "") or "—")
    _evaluation_flags(block, lang)
    frames = etab.display_tables(block, lang)
    tabs = st.tabs([t(k, lang) for k in (*EVAL_TABLES, "eval_tab_downloads")])
    with tabs[0]:
        st.markdown(f"**{t('eval_fig_tree', lang)}**")
        _evaluation_figure(block, efig.indicator_tree, "tree", run_key, lang)
        _evaluation_tables(frames, EVAL_TABLES["eval_tab_weights"], run_key, lang)
    with tabs[1]:
        _evaluation_tables(frames, EVAL_TABLES["eval_tab_scores"], run_key, lang)
        c1, c2 = st.columns(2)
        with c1:
            st.markdown(f"**{t('eval_fig_radar', lang)}**")
            _evaluation_figure(block, efig.radar, "radar", run_key, lang)
        with c2:
            st.markdown(f"**{t('eval_fig_shares', lang)}**")
            _evaluation_figure(block, efig.grade_shares, "grade_shares", run_key, lang)
    with tabs[2]:
        _evaluation_tables(frames, EVAL_TABLES["eval_tab_fuzzy"], run_key, lang)
    with tabs[3]:
        if res.group is None:
            st.info(t("eval_no_group", lang))
        elif res.ranking is None:
            st.info(t("eval_no_ranking", lang, min_n=res.settings.get("min_n", 30)))
        else:
            _evaluation_tables(frames, EVAL_TABLES["eval_tab_ranking"], run_key, lang)
            c1, c2 = st.columns(2)
            with c1:
                st.markdown(f"**{t('eval_fig_topsis', lang)}**")
                _evaluation_figure(block, efig.ranking_bars, "topsis", run_key, lang, method="topsis")
            with c2:
                st.markdown(f"**{t('eval_fig_grey', lang)}**")
                _evaluation_figure(block, efig.ranking_bars, "grey", run_key, lang, method="grey_relational")
    with tabs[4]:
        _evaluation_downloads(study, run_key, lang)


def _evaluation_downloads(study, run_key: str, lang: str) -> None:
    """Every respondent's scores (CSV), results.json and evaluation.xlsx, as ``research evaluate`` writes them."""
    pseudo = {"meta": {"app_key": run_key}}
    try:
        scores = _once(pseudo, "evaluation_scores", lang, lambda: csv_bytes(study.scores_table()))
        doc = _once(pseudo, "evaluation_json", lang, lambda: _evaluation_json(study))
        book = _once(pseudo, "evaluation_xlsx", lang, lambda: xlsx_bytes(study.workbook_tables(lang)))
    except Exception as err:                # noqa: BLE001 — said on the page
        st.error(t("download_failed", lang, file="evaluation", reason=_reason(err, lang)))
        return
    st.caption(t("eval_dl_help", lang))
    c1, c2, c3 = st.columns(3)
    c1.download_button(t("eval_dl_scores", lang), scores, file_name="evaluation_scores.csv", mime="text/csv",
                       key="eval_dl_scores")
    c2.download_button(t("eval_dl_json", lang), doc, file_name="evaluation.json", mime="application/json",
                       key="eval_dl_json")
    c3.download_button(t("eval_dl_xlsx", lang), book, file_name="evaluation.xlsx", mime=XLSX_MIME,
                       key="eval_dl_xlsx")


# ----------------------------------------------------------------------------------------------
# the evaluation page's third choice: an alternatives × criteria table ranked (research.evaluation.alternatives)
# ----------------------------------------------------------------------------------------------
ALT_WEIGHTS = ("entropy", "entropy_raw", "critic", "cv", "equal", "ahp")
_ALT_VALUES = ("18,1.2,0.5,4.6", "10,2.5,1.2,4.0", "9,2.8,1.5,3.8", "16,1.0,0.4,4.7", "11,3.0,0.9,3.9")
_ALT_NAMES = {"zh-Hans": ("快递公司,价格（元）,时效（天）,破损率（%）,满意度", "顺丰", "中通", "圆通", "京东", "邮政"),
              "zh-Hant": ("物流業者,價格（元）,時效（天）,破損率（%）,滿意度", "順豐", "中通", "圓通", "京東", "郵政"),
              "en": ("Courier,Price (CNY),Delivery time (days),Damage rate (%),Satisfaction", "SF Express", "ZTO",
                     "YTO", "JD Logistics", "China Post")}
# an example table in each language: five couriers, price, time and damage rate (cost criteria), satisfaction
ALT_EXAMPLE = {lang: "\n".join([head, *(f"{n},{v}" for n, v in zip(names, _ALT_VALUES))]).encode("utf-8-sig") + b"\n"
               for lang, (head, *names) in _ALT_NAMES.items()}


def _alternatives_books(criteria: list, lang: str):
    """The blank AHP workbook of the chosen criteria and the experts' filled ones (read in a worker): None, one
    expert's {node: matrix}, or several experts' ({file: …} when the names differ, else a list)."""
    st.caption(t("alt_ahp_help", lang))
    c1, c2 = st.columns([3, 2])
    blank = _kept_job(_stores().made, ("alt_ahp_template", tuple(criteria)), lambda: _job(
        appworker.alternatives_template, list(criteria), lang=lang, label=t("reading", lang)))
    c2.download_button(t("eval_download_template", lang), blank, file_name="criteria_ahp.xlsx", mime=XLSX_MIME,
                       key="alt_dl_template")
    ups = c1.file_uploader(t("eval_workbooks", lang), key="alt_books", type=["xlsx"], accept_multiple_files=True)
    if not ups:
        return None, ""
    files = [(u.name, u.getvalue()) for u in ups]
    books_key = hashlib.sha256(json.dumps([[n, hashlib.sha256(b).hexdigest()] for n, b in files],
                                          ensure_ascii=False).encode()).hexdigest()
    books = _kept_job(_stores().made, ("eval_books", books_key), lambda: _job(
        appworker.evaluation_workbooks, files, lang=lang, label=t("reading", lang)))
    names = [n for n, _ in files]
    c1.caption(t("eval_experts_read", lang, k=len(books), names=plain((", " if lang == "en" else "、").join(names))))
    if len(books) == 1:
        return books[0], books_key
    return (dict(zip(names, books)) if len(set(names)) == len(names) else list(books)), books_key


def _alternatives_page(lang: str) -> None:
    """The table uploaded (read in a worker as every upload), the name column, criteria, cost criteria, weights
    (AHP workbooks) and ranking options, then the weights, TOPSIS and grey relational tables, the sensitivity, the
    ranking bars and the downloads — research.evaluation.alternatives, as research evaluate --alternatives."""
    st.caption(t("alt_intro", lang))
    up = st.file_uploader(t("alt_file", lang), key="alt_file", help=t("alt_file_help", lang),
                          type=["csv", "txt", "xlsx", "xls"])
    if up is None:
        st.info(t("alt_upload_first", lang))
        st.download_button(t("alt_example", lang), ALT_EXAMPLE[lang], file_name="alternatives_example.csv",
                           mime="text/csv", key="alt_dl_example")
        return
    data, name = up.getvalue(), up.name
    if len(data) > MAX_UPLOAD_MB * 1024 * 1024:
        st.error(t("too_large", lang, mb=len(data) / 2**20, limit=MAX_UPLOAD_MB))
        return
    try:
        table = _kept_job(_stores().reads, ("alternatives_table", _key(data, {"name": name})), lambda: _job(
            appworker.alternatives_table, data, name, lang=lang, label=t("reading", lang)))
    except Exception as err:                # noqa: BLE001 — the reader's message in the user's language
        _show_error(err, lang)
        return
    st.caption(t("alt_read", lang, file=plain(name), m=table["rows"], k=len(table["columns"])))
    file_key = table["sha"][:16]
    st.subheader(t("alt_step_columns", lang))
    c1, c2 = st.columns([1, 2])
    names = ["", *table["columns"]]
    name_col = _pick(c1, t("alt_name", lang), names, f"alt_name:{file_key}", lang,
                     lambda c: plain(c) if c else t("alt_name_rows", lang), (table["text"] or [""])[0])
    with c2:
        criteria = _choose_many(t("alt_criteria", lang), [c for c in table["columns"] if c != name_col],
                                f"alt_criteria:{file_key}", lang, plain,
                                [c for c in table["numbers"] if c != name_col])
        cost = _choose_many(t("alt_cost", lang), criteria, f"alt_cost:{file_key}", lang, plain, [],
                            help=t("alt_cost_help", lang))
    st.subheader(t("alt_step_weights", lang))
    c3, c4, c5 = st.columns(3)
    weights = _choose(c3.selectbox, t("alt_weights", lang), list(ALT_WEIGHTS), "alt_weights", lang,
                      lambda w: t(f"alt_w_{w}", lang), help=t("alt_weights_help", lang))
    normalisation = _choose(c4.radio, t("eval_normalisation", lang), ["vector", "minmax"], "alt_norm", lang,
                            lambda n: etab.NORMALISATIONS[n][lang])
    rho = float(c5.number_input(t("alt_rho", lang), 0.05, 1.0, step=0.05, key="alt_rho",
                                **({} if "alt_rho" in st.session_state else {"value": 0.5})))
    books, books_key, aggregate = None, "", "judgements"
    if weights == "ahp":
        try:
            books, books_key = _alternatives_books(criteria, lang)
        except Exception as err:            # noqa: BLE001 — an unreadable workbook, named in the message
            _show_error(err, lang)
            return
        if books is None:
            st.info(t("alt_ahp_needs_books", lang))
            return
        if not isinstance(books, dict) or len(books) != 1:
            aggregate = _choose(st.radio, t("eval_aggregate", lang), ["judgements", "priorities"], "alt_aggregate",
                                lang, lambda a: etab.NOTES["aij" if a == "judgements" else "aip"][lang],
                                horizontal=True)
    options = {"name": name_col or None, "criteria": criteria, "cost": cost, "weights": weights,
               "normalisation": normalisation, "rho": rho, "aggregate": aggregate}
    st.divider()
    run_key = "alternatives:" + hashlib.sha256(json.dumps([table["sha"], books_key, options], sort_keys=True,
                                                          ensure_ascii=False, default=str).encode()).hexdigest()
    try:
        res = _kept_job(_stores().results, run_key, lambda: _job(
            appworker.alternatives_run, table["frame"], options, books, lang=lang, label=t("alt_running", lang)))
    except Exception as err:                # noqa: BLE001 — rank_alternatives' message in the user's language
        _show_error(err, lang)
        return
    _alternatives_results(res, run_key, name, table["sha"], lang)


def _alternatives_results(res, run_key: str, file_name: str, sha: str, lang: str) -> None:
    from research.evaluation.alternatives import ranking_figure

    st.header(t("alt_results", lang))
    st.caption(t("alt_run_info", lang, m=len(res.alternatives), k=len(res.criteria), source=res.source(lang),
                 norm=etab.NORMALISATIONS[res.normalisation][lang], rho=f"{res.rho:g}"))
    sep = ", " if lang == "en" else "、"
    m1, m2, m3 = st.columns(3)
    top = res.topsis_sensitivity.summary
    m1.metric(t("alt_m_top_topsis", lang), sep.join(str(a) for a in res.alternatives if res.topsis.rank[a] == 1))
    m2.metric(t("alt_m_top_grey", lang), sep.join(str(a) for a in res.alternatives if res.grey.rank[a] == 1))
    k = top["n_feasible"]
    m3.metric(t("alt_m_stable", lang, pct=f"{res.change * 100:g}"),
              t("alt_m_stable_value", lang, a=round(top["share_top_unchanged"] * k), k=k) if k else "—")
    for note in res.notes:
        st.info(plain(note[lang]))
    frames = res.display_tables(lang)
    d = {"meta": {"app_key": run_key}}
    tabs = st.tabs([t(k, lang) for k in ("alt_tab_ranking", "alt_tab_weights", "alt_tab_sensitivity", "alt_tab_data",
                                         "eval_tab_downloads")])
    with tabs[0]:
        _evaluation_tables(frames, ("ranking",), run_key, lang)
        c1, c2 = st.columns(2)
        for col, method, head in ((c1, "topsis", "alt_fig_topsis"), (c2, "grey_relational", "alt_fig_grey")):
            with col:
                st.markdown(f"**{t(head, lang)}**")
                _figure(lambda _d, lang, m=method: ranking_figure(res, lang, m), d, f"alternatives_{method}", lang,
                        f"alt_{method}")
    with tabs[1]:
        _evaluation_tables(frames, ("weights",), run_key, lang)
    with tabs[2]:
        _evaluation_tables(frames, ("sensitivity_topsis", "sensitivity_grey"), run_key, lang)
    with tabs[3]:
        _evaluation_tables(frames, ("data",), run_key, lang)
    with tabs[4]:
        try:
            book = _once(d, "alternatives_xlsx", lang, lambda: xlsx_bytes(res.workbook_tables(lang)))
            doc = _once(d, "alternatives_json", lang, lambda: json.dumps(
                {"alternatives": res.to_dict(), "meta": {"command": "evaluate", "mode": "alternatives",
                                                         "data": file_name, "data_sha256": sha,
                                                         "version": research.__version__}},
                ensure_ascii=False, indent=1, allow_nan=False).encode("utf-8"))
            ranking = _once(d, "alternatives_csv", lang, lambda: csv_bytes(res.table()))
        except Exception as err:            # noqa: BLE001 — said on the page
            st.error(t("download_failed", lang, file="alternatives", reason=_reason(err, lang)))
            return
        st.caption(t("alt_dl_help", lang))
        c1, c2, c3 = st.columns(3)
        c1.download_button(t("alt_dl_xlsx", lang), book, file_name="alternatives.xlsx", mime=XLSX_MIME,
                           key="alt_dl_xlsx")
        c2.download_button(t("alt_dl_json", lang), doc, file_name="alternatives.json", mime="application/json",
                           key="alt_dl_json")
        c3.download_button(t("alt_dl_csv", lang), ranking, file_name="alternatives_ranking.csv", mime="text/csv",
                           key="alt_dl_csv")


# ----------------------------------------------------------------------------------------------
# studies (issue 18): the study store — open or create a study with its owner key, its waves, the trend
# ----------------------------------------------------------------------------------------------
DEFAULT_FORM_URL = "http://127.0.0.1:8000"     # research serve's own default address
ONE_PER = ("browser", "token", "none")
TREND_BOOT = 1000                              # research study trend's default
MAX_QUOTA = 1_000_000                          # research.store.store.MAX_QUOTA (the store refuses more)


def _store_url() -> str:
    """The store to open, by the rule ``research serve`` follows: $RESEARCH_DATABASE_URL, else ``studies.db`` in
    $RESEARCH_STORE_DIR or the current folder — a form server and the app on one machine share it."""
    from research.store.db import database_url
    return database_url(None).render_as_string(hide_password=False)


@st.cache_resource(show_spinner=False)
def _open_study_store(url: str):
    from research.store import open_store
    return open_store(url)


def _study_store():
    """(store, URL): one open store per URL for the whole server (its engine keeps the connections)."""
    url = _store_url()
    return _open_study_store(url), url


def _study_key() -> str | None:
    """The owner key of this session: held in its state only, never shown, logged or put in a URL."""
    return st.session_state.get("study_key") or None


def _key_tag(key: str) -> str:
    """What stands for the key in the server's shared caches (never the key itself)."""
    return hashlib.sha256(("study-key:" + key).encode("utf-8")).hexdigest()


def _open_key() -> None:
    """The Open button: the key typed moves from the password field into the session, and the field is emptied."""
    st.session_state["study_key"] = (st.session_state.get("study_key_field") or "").strip() or None
    st.session_state["study_key_field"] = ""
    st.session_state["study_tried"] = True
    for k in ("study_id", "study_waves", "study_snapshot", "trend_last"):
        st.session_state.pop(k, None)


def _forget_key() -> None:
    for k in ("study_key", "study_id", "study_waves", "study_snapshot", "study_new_key", "study_tried",
              "trend_last", "study_tokens"):
        st.session_state.pop(k, None)


def _refresh() -> None:
    st.session_state["study_nonce"] = st.session_state.get("study_nonce", 0) + 1


def _template_text(name: str) -> str:
    from research.questionnaire import TEMPLATE_DIR
    return (TEMPLATE_DIR / f"{name}.yaml").read_text(encoding="utf-8")


def _studies(store, key: str) -> list:
    return store.studies(key)


def _study_sidebar(sb, lang: str) -> None:
    """The study source: the owner key (a password field), the key's studies, the waves analysed with their live
    counts, and the creation of a study (name, questionnaire template or uploaded YAML)."""
    try:
        store, _ = _study_store()
    except Exception as err:                 # noqa: BLE001 — the store's own message, in the language
        with sb:
            _show_error(err, lang)
        return
    key = _study_key()
    studies = _studies(store, key) if key else []
    if not studies:
        sb.text_input(t("study_key", lang), type="password", key="study_key_field", help=t("study_key_help", lang))
        sb.button(t("study_open", lang), key="study_open", on_click=_open_key)
        if key or st.session_state.get("study_tried"):
            sb.error(t("study_wrong_key", lang))
    else:
        ids = [s.id for s in studies]
        names = {s.id: s.name for s in studies}
        study_id = _choose(sb.selectbox, t("study_choose", lang), ids, "study_id", lang,
                           lambda i: t("study_label", lang, name=names.get(i, "?"), id=i))
        waves = store.waves(study_id, key)
        counts = {w.id: store.count(w.id) for w in waves}
        options = ["all", *counts]
        wave_names = {w.id: w.name for w in waves}
        _choose(sb.selectbox, t("study_waves", lang), options, "study_waves", lang,
                lambda w: t("study_all_waves", lang) if w == "all" else t(
                    "study_wave_label", lang, name=wave_names.get(w, "?"), n=counts.get(w, 0)))
        sb.caption(t("study_count", lang, n=sum(counts.values())))
        sb.button(t("study_refresh", lang), key="study_refresh", on_click=_refresh, width="stretch")
        sb.button(t("study_forget", lang), key="study_forget", on_click=_forget_key, width="stretch")
    with sb.expander(t("study_create", lang), expanded=not studies):
        _study_create(store, key if studies else None, lang)
    if not studies:
        with sb.expander(t("study_zip_import", lang)):
            _study_zip_import(_store_url(), None, lang)


def _study_create(store, key: str | None, lang: str) -> None:
    """Name and questionnaire of a new study; with a key open the study is that key's, else a new key is made and
    shown once (at the top of the page)."""
    name = st.text_input(t("study_name", lang), key="study_new_name", max_chars=200)
    options = [f"template:{n}" for n in research.list_templates()] + ["yaml"]
    choice = _choose(st.selectbox, t("study_q", lang), options, "study_new_q", lang,
                     lambda o: t("q_template", lang, name=o.split(":", 1)[1]) if o.startswith("template:")
                     else t("study_q_upload", lang))
    up = st.file_uploader(t("q_yaml_file", lang), key="study_new_yaml", type=["yaml", "yml"]) \
        if choice == "yaml" else None
    if not st.button(t("study_create_button", lang), key="study_create"):
        return
    if not (name or "").strip():
        st.warning(t("study_name_missing", lang))
        return
    try:
        if choice == "yaml":
            if up is None:
                st.warning(t("q_yaml_file", lang))
                return
            # parsed in a worker first (an alias bomb meets the memory ceiling there), then kept as given
            _job(appworker.read_questionnaire, up.getvalue(), up.name, lang=lang, label=t("reading", lang))
            text = up.getvalue()
        else:
            text = _template_text(choice.split(":", 1)[1])
        info, new_key = store.create_study(name.strip(), text, key=key)
    except Exception as err:                 # noqa: BLE001 — said in the sidebar
        _show_error(err, lang)
        return
    st.session_state["study_key"] = new_key
    st.session_state["study_id"] = info.id
    st.session_state["study_waves"] = "all"
    st.session_state["study_note"] = t("study_created", lang, name=plain(info.name), id=info.id) + (
        " " + t("study_created_same_key", lang) if key else "")
    if key is None:
        st.session_state["study_new_key"] = new_key
    st.rerun()


def _study_notices(lang: str) -> None:
    """The new study's key, shown until its owner says it is kept (then never again), and the last action's note."""
    note = st.session_state.pop("study_note", None)
    if note:
        st.success(note)
    new = st.session_state.get("study_new_key")
    if new:
        st.warning(t("study_new_key", lang))
        st.code(new, language=None)
        st.button(t("study_key_kept", lang), key="study_key_kept",
                  on_click=lambda: st.session_state.pop("study_new_key", None))


def _current_study(store, lang: str):
    """(StudyInfo, key) of the study open in this session, or None (with a note); a study the key does not own
    raises AccessDenied (its message in the language, nothing of the study shown)."""
    key = _study_key()
    study_id = st.session_state.get("study_id")
    if not key or study_id is None:
        st.info(t("study_open_first", lang))
        return None
    return store.study(study_id, key), key


def _study_data(lang: str):
    """The open study's responses (the waves chosen) as ``load_responses(store.source(…))`` reads them: the CSV
    the store's source makes, its questionnaire and name, read once per (study, waves, counts, refresh) and kept
    in the session.  None (with a note) when nothing is open or there are no responses."""
    store, _ = _study_store()
    got = _current_study(store, lang)
    if got is None:
        return None
    info, key = got
    waves = store.waves(info.id, key)
    chosen = st.session_state.get("study_waves", "all")
    ids = None if chosen == "all" or chosen not in {w.id for w in waves} else [chosen]
    counts = tuple((w.id, store.count(w.id)) for w in waves if ids is None or w.id in ids)
    if not sum(n for _, n in counts):
        st.info(t("study_no_responses", lang))
        return None
    snap_key = (_key_tag(key), info.id, tuple(ids or ()), counts, st.session_state.get("study_nonce", 0))
    snap = st.session_state.get("study_snapshot")
    if snap is None or snap["key"] != snap_key:
        data, q, name = store.source(info.id, key, waves=ids).as_file()
        from research.store.store import utcnow
        snap = {"key": snap_key, "data": data, "q": q, "name": name, "at": utcnow().strftime("%Y-%m-%d %H:%M:%S"),
                "waves": [w.id for w in waves if ids is None or w.id in ids],
                "wave_names": [w.name for w in waves if ids is None or w.id in ids]}
        st.session_state["study_snapshot"] = snap
    sep = ", " if lang == "en" else "、"
    st.caption(t("study_data_info", lang, name=plain(info.name), waves=plain(sep.join(snap["wave_names"])) if ids
                 else t("study_all_waves", lang), rows=sum(n for _, n in counts), at=snap["at"]))
    return snap["data"], snap["name"], snap["q"], snap["waves"]


def _study_save(d: dict, waves: list, lang: str) -> None:
    """Save the analysis shown into the open study (``Store.save_analysis``, as ``research study analyze``)."""
    st.divider()
    if not st.button(t("study_save", lang), key="study_save"):
        return
    try:
        store, _ = _study_store()
        got = _current_study(store, lang)
        if got is None:
            return
        info, key = got
        meta = {k: v for k, v in d["meta"].items() if k != "app_key"}
        text = json.dumps({**d, "meta": meta}, ensure_ascii=False, indent=1)
        spec = {**(meta.get("spec") or {}), "study": info.id, "waves": list(waves), "command": "app"}
        analysis_id = store.save_analysis(info.id, key, spec=spec, results_json=text, seed=meta.get("seed"),
                                          versions=meta.get("versions") or {}, waves=list(waves))
    except Exception as err:                 # noqa: BLE001 — said on the page
        _show_error(err, lang)
        return
    st.success(t("study_saved", lang, id=analysis_id))


def _form_link(base: str, slug: str, token: str | None = None) -> str:
    from research.serve.page import form_path
    return base.rstrip("/") + form_path(slug, t=token)


def _base_url(lang: str) -> str | None:
    from urllib.parse import urlsplit

    default = os.environ.get("RESEARCH_FORM_URL") or DEFAULT_FORM_URL
    base = st.text_input(t("study_base_url", lang), value=default, key="study_base_url").strip()
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        st.warning(t("study_base_url_bad", lang))
        return None
    return base.rstrip("/")


def _qr_svg(link: str) -> bytes:
    import segno

    buf = io.BytesIO()
    segno.make(link, error="m", micro=False).save(buf, kind="svg", scale=6, border=4, xmldecl=False)
    return buf.getvalue()


def _when(value) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d %H:%M")


def _close_wave(wave_id: int, name: str, lang: str) -> None:
    try:
        store, _ = _study_store()
        store.close_wave(wave_id, _study_key())
        st.session_state["study_note"] = t("study_closed_wave", lang, name=plain(name))
    except Exception as err:                 # noqa: BLE001 — shown on the next run
        st.session_state["study_error"] = err


def _create_wave(study_id: int, lang: str) -> None:
    """The new-wave form's button (before the rerun): the wave, and its personal links when one per link."""
    import datetime as dt

    s = st.session_state
    name = (s.get("study_wave_name") or "").strip()
    if not name:
        s["study_error_text"] = t("study_name_missing", lang)
        return
    closes = None
    if s.get("study_wave_has_close") and s.get("study_wave_closes"):
        closes = dt.datetime.combine(s["study_wave_closes"], dt.time(23, 59, 59)).astimezone()
    quota = int(s.get("study_wave_quota") or 0) or None
    per = s.get(f"study_wave_per@{lang}") or "browser"
    try:
        store, _ = _study_store()
        key = _study_key()
        wave = store.create_wave(study_id, key, name, closes_at=closes, quota=quota, one_per=per)
        if per == "token":
            tokens = store.issue_tokens(wave.id, key, int(s.get("study_wave_tokens") or 1))
            s["study_tokens"] = {"wave": wave.id, "name": wave.name, "tokens": tokens}
        s["study_note"] = t("study_wave_created", lang, name=plain(wave.name))
        s["study_wave_name"] = ""
    except Exception as err:                 # noqa: BLE001 — shown on the next run
        s["study_error"] = err


def _study_page(lang: str, upload) -> None:
    """The study's own page: its waves (links, QR codes, live counts, new wave, close, import), the trend across
    the waves with the change between two, and the analyses saved."""
    try:
        store, url = _study_store()
        got = _current_study(store, lang)
        if got is None:
            return
        info, key = got
    except Exception as err:                 # noqa: BLE001 — AccessDenied and the store's errors, in the language
        _show_error(err, lang)
        return
    st.header(t("study_title", lang, name=plain(info.name)))
    err = st.session_state.pop("study_error", None)
    if err is not None:
        _show_error(err, lang)
    text = st.session_state.pop("study_error_text", None)
    if text:
        st.warning(text)
    tabs = st.tabs([t(k, lang) for k in ("study_tab_waves", "study_tab_responses", "study_tab_trend",
                                         "study_tab_analyses", "study_tab_archive")])
    for tab, render in zip(tabs, (lambda: _study_waves(store, url, info, key, lang, upload),
                                  lambda: _study_responses(store, info, key, lang),
                                  lambda: _study_trend(store, url, info, key, lang),
                                  lambda: _study_analyses(store, info, key, lang),
                                  lambda: _study_archive(store, url, info, key, lang))):
        with tab:
            try:
                render()
            except Exception as failed:      # noqa: BLE001 — one tab failing leaves the others working
                _show_error(failed, lang)


def _study_waves(store, url: str, info, key: str, lang: str, upload) -> None:
    waves = store.waves(info.id, key)
    counts = {w.id: store.count(w.id) for w in waves}          # live: read on every run, and on Refresh
    c1, c2 = st.columns([3, 1])
    c1.metric(t("study_col_n", lang), sum(counts.values()))
    c2.button(t("study_refresh", lang), key="study_refresh_page", on_click=_refresh)
    base = _base_url(lang)
    if not waves:
        st.info(t("study_no_waves", lang))
    else:
        frame = pd.DataFrame({
            t("study_col_wave", lang): [w.name for w in waves],
            t("study_col_kind", lang): [t(f"study_kind_{w.kind}", lang) for w in waves],
            t("study_col_state", lang): [t("study_state_open" if w.is_open else "study_state_closed", lang)
                                         for w in waves],
            t("study_col_n", lang): [counts[w.id] for w in waves],
            t("study_col_quota", lang): ["" if w.quota is None else str(w.quota) for w in waves],
            t("study_col_closes", lang): [_when(w.closes_at) for w in waves],
            t("study_col_per", lang): [t(f"study_per_{w.one_per}", lang) if w.kind == "web" else "" for w in waves],
            t("study_col_link", lang): [_form_link(base, w.slug) if base and w.kind == "web" else "" for w in waves]})
        st.dataframe(frame, hide_index=True, width="stretch", key="study_waves_table",
                     column_config={t("study_col_link", lang): st.column_config.LinkColumn(t("study_col_link", lang))})
        for w in waves:
            if w.kind != "web":
                continue
            with st.expander(t("study_wave_share", lang, name=plain(w.name))):
                if base:
                    link = _form_link(base, w.slug)
                    st.code(link, language=None)
                    svg = _qr_svg(link)
                    st.image(svg.decode("utf-8"), width=220)
                    st.download_button(t("study_qr_download", lang), svg, file_name=f"qr-{w.slug}.svg",
                                       mime="image/svg+xml", key=f"study_qr_{w.id}")
                if w.is_open:
                    st.button(t("study_close_wave", lang), key=f"study_close_{w.id}", on_click=_close_wave,
                              args=(w.id, w.name, lang))
    tokens = st.session_state.get("study_tokens")
    if tokens and base and tokens["wave"] in counts:
        links = pd.DataFrame({"token": tokens["tokens"],
                              "link": [_form_link(base, _slug(waves, tokens["wave"]), x) for x in tokens["tokens"]]})
        st.download_button(t("study_tokens_download", lang, name=plain(tokens["name"])), csv_bytes(links),
                           file_name=f"links-{_slug(waves, tokens['wave'])}.csv", mime="text/csv",
                           key="study_tokens_dl")
    st.subheader(t("study_new_wave", lang))
    with st.form("study_wave_form"):
        st.text_input(t("study_wave_name", lang), key="study_wave_name", max_chars=200)
        c1, c2 = st.columns(2)
        c1.checkbox(t("study_wave_has_close", lang), key="study_wave_has_close")
        c1.date_input(t("study_wave_closes", lang), value=None, key="study_wave_closes")
        c2.number_input(t("study_wave_quota", lang), 0, MAX_QUOTA, 0, step=50, key="study_wave_quota")
        c2.radio(t("study_wave_per", lang), list(ONE_PER), key=f"study_wave_per@{lang}", horizontal=True,
                 format_func=lambda p: t(f"study_per_{p}", lang))
        c2.number_input(t("study_wave_tokens", lang), 1, 100_000, 50, key="study_wave_tokens")
        st.form_submit_button(t("study_wave_create", lang), on_click=_create_wave, args=(info.id, lang))
    _study_import(url, info, key, lang, upload)


SHOWN_RESPONSES = 200          # the latest responses in the table; the CSV has them all


def _study_responses(store, info, key: str, lang: str) -> None:
    """The responses collected (exclusions left out, corrections applied), newest first: wave by name, time,
    duration, channel, the form's language, then every answer under its question id (the question in the
    language as the header's tooltip), a segment's answer by its option's label.  The CSV has them all, Excel-safe
    (``research.export``)."""
    frame = store.responses(info.id, key)
    q = store.source(info.id, key).questionnaire()
    names = {w.id: w.name for w in store.waves(info.id, key)}
    if not len(frame):
        st.info(t("study_responses_none", lang))
        if store.count(study_id=info.id):        # every response excluded: they can still be restored
            _study_amend(store, info, key, q, names, lang)
            _study_history(store, info, key, q, lang)
        return
    newest = frame.iloc[::-1].head(SHOWN_RESPONSES)
    shown = pd.DataFrame({
        t("study_col_response", lang): newest["response_id"].to_numpy(),
        t("study_col_wave", lang): [names.get(w, str(w)) for w in newest["wave"]],
        t("study_col_submitted", lang): [_when(v) if not pd.isna(v) else "" for v in newest["submitted_at"]],
        # a web submission without a start time has no duration: an empty cell, not "None"
        t("study_col_duration", lang): ["" if pd.isna(v) else str(round(float(v))) for v in newest["duration"]],
        t("study_col_channel", lang): [t(f"study_channel_{c}", lang) if c in ("web", "import") else
                                       ("" if pd.isna(c) else str(c)) for c in newest["channel"]],
        t("study_col_lang", lang): ["" if pd.isna(v) else LANGUAGES.get(v, str(v)) for v in newest["lang"]]})
    helps = {}
    for x in q.questions:
        if x.id not in newest:
            continue
        labels = {str(o.code): o.label.get(lang) or o.label.get("en") or str(o.code)
                  for o in (getattr(x, "options", None) or ())}
        cells = ["" if pd.isna(v) else str(v) for v in newest[x.id]]
        shown[x.id] = [labels.get(v, v) for v in cells]
        helps[x.id] = x.text.get(lang) or x.text.get("en") or x.id
    st.caption(t("study_responses_latest", lang, k=len(newest), n=len(frame)))
    left_out = store.count(study_id=info.id) - len(frame)
    if left_out > 0:
        st.caption(t("study_responses_excluded", lang, n=left_out))
    config = {c: st.column_config.Column(c, help=h) for c, h in helps.items()}
    config[t("study_col_response", lang)] = st.column_config.NumberColumn(width="small")
    st.dataframe(shown, hide_index=True, width="stretch", key="study_responses_table", column_config=config)
    st.download_button(t("study_responses_download", lang), csv_bytes(frame), file_name="responses.csv",
                       mime="text/csv", key="study_responses_dl")
    _study_amend(store, info, key, q, names, lang)
    _study_history(store, info, key, q, lang)


def _answer_text(question, value, lang: str) -> str:
    """An answer as the page shows it: an option's label with its code, else the value; "(no answer)" for none."""
    if value is None or (not isinstance(value, (str, list)) and pd.isna(value)):
        return t("study_amend_none", lang)
    choices = dict(_answer_choices(question, lang) or ())
    try:
        code = int(value)
    except (TypeError, ValueError):
        return str(value)
    return choices.get(code, str(value))


def _answer_choices(question, lang: str):
    """[(code, "code · label")] for a rating item or a single choice; None for a free answer (number, text,
    multiple choice)."""
    scale = getattr(question, "scale", None)
    if scale is not None:
        return [(v, f"{v} · {scale.label(v, lang)}") for v in scale.values]
    if getattr(question, "type", None) == "single":
        return [(o.code, f"{o.code} · {o.label.get(lang) or o.label.get('en') or o.code}") for o in question.options]
    return None


def _amend(study_id: int, action: str, response_id: int, item: str | None, value, number, lang: str) -> None:
    """The Record button (before the rerun): one exclusion, restoration or correction row, with its reason."""
    s = st.session_state
    reason = (s.get("study_amend_reason") or "").strip()
    if not reason:
        s["study_error_text"] = t("study_amend_reason_missing", lang)
        return
    try:
        store, _ = _study_store()
        key = _study_key()
        if action == "exclude":
            store.exclude(study_id, key, response_id, reason)
        elif action == "restore":
            store.restore(study_id, key, response_id, reason)
        else:
            store.correct(study_id, key, response_id, item, value, reason)
        s["study_note"] = t(f"study_{'corrected' if action == 'correct' else action + 'd'}_done", lang,
                            id=response_id, reason=plain(reason), number=number)
        s["study_amend_reason"] = ""
        _refresh()
    except Exception as err:                 # noqa: BLE001 — shown on the next run
        s["study_error"] = err


def _study_amend(store, info, key: str, q, names: dict, lang: str) -> None:
    """Exclude a response (with a reason), restore an excluded one, or correct one of its answers: each a row of
    its own in the store (``Store.exclude`` / ``restore`` / ``correct``); the submission is never changed."""
    every = store.responses(info.id, key, include_excluded=True)
    if not len(every):
        return
    with st.expander(t("study_amend", lang)):
        st.caption(t("study_amend_help", lang))
        rows = {int(r.response_id): r for r in every.itertuples(index=False)}
        ids = list(rows)[::-1]                                       # newest first
        excluded = {i for i, r in rows.items() if isinstance(r.excluded, str) and r.excluded}

        def label(i):
            r = rows[i]
            at = "" if pd.isna(r.submitted_at) else _when(r.submitted_at)
            return t("study_amend_label_excluded" if i in excluded else "study_amend_label", lang, id=i,
                     wave=names.get(int(r.wave), str(r.wave)), at=at)   # an option: shown as text, no Markdown
        response_id = _choose(st.selectbox, t("study_amend_response", lang), ids, "study_amend_id", lang, label)
        actions = ["exclude", "restore", "correct"]
        action = _choose(st.radio, t("study_amend_action", lang), actions, "study_amend_action", lang,
                         lambda a: t(f"study_action_{a}", lang), horizontal=True)
        item = value = number = None
        if action == "restore" and response_id not in excluded:
            st.info(t("study_amend_not_excluded", lang))
            return
        if action == "exclude" and response_id in excluded:
            st.info(t("study_amend_already_excluded", lang, reason=plain(rows[response_id].excluded)))
            return
        if action == "correct":
            questions = [x for x in q.questions if x.id in every.columns]
            by_id = {x.id: x for x in questions}
            item = _choose(st.selectbox, t("study_amend_question", lang), list(by_id), "study_amend_item", lang,
                           lambda i: f"{by_id[i].number}. {by_id[i].text.get(lang) or by_id[i].text.get('en') or i}")
            question, number = by_id[item], by_id[item].number
            now = every.loc[every["response_id"] == response_id, item].iloc[0]
            st.caption(t("study_amend_now", lang, value=plain(_answer_text(question, now, lang))))
            choices = _answer_choices(question, lang)
            if choices is not None:
                codes = [None, *[c for c, _ in choices]]
                shown = dict(choices)
                value = st.selectbox(t("study_amend_value", lang), codes, key=f"study_amend_value_{item}@{lang}",
                                     format_func=lambda c: t("study_amend_none", lang) if c is None else shown[c])
            else:
                value = st.text_input(t("study_amend_value", lang), key=f"study_amend_text_{item}", max_chars=2000,
                                      help=t("study_amend_value_help", lang)).strip() or None
        st.text_input(t("study_amend_reason", lang), key="study_amend_reason", max_chars=2000)
        st.button(t("study_amend_go", lang), key="study_amend_go", type="primary", on_click=_amend,
                  args=(info.id, action, response_id, item, value, number, lang))


def _study_history(store, info, key: str, q, lang: str) -> None:
    """Every exclusion, restoration and correction, oldest first, with its reason and who made it."""
    history = store.history(info.id, key)
    if not len(history):
        return
    by_id = {x.id: x for x in q.questions}
    st.subheader(t("study_history", lang))
    frame = pd.DataFrame({
        t("study_col_when", lang): [_when(v) for v in history["at"]],
        t("study_history_kind", lang): [t(f"study_kind_{k}", lang) for k in history["kind"]],
        t("study_col_response", lang): history["response_id"].to_numpy(),
        t("study_col_question", lang): ["" if i is None else f"{by_id[i].number}. {i}" if i in by_id else str(i)
                                        for i in history["item"]],
        t("study_col_value", lang): ["" if k != "correction" else _answer_text(by_id.get(i), v, lang)
                                     for k, i, v in zip(history["kind"], history["item"], history["value"])],
        t("study_col_reason", lang): list(history["reason"]),
        t("study_col_by", lang): list(history["by"])})
    st.dataframe(frame, hide_index=True, width="stretch", key="study_history_table")


def _slug(waves, wave_id: int) -> str:
    return next(w.slug for w in waves if w.id == wave_id)


def _study_import(url: str, info, key: str, lang: str, upload) -> None:
    """An export added to the study as a wave (``Store.add_import`` in a worker): the file uploaded in the sidebar,
    or one chosen here."""
    st.subheader(t("study_import", lang))
    st.caption(t("study_import_help", lang))
    data, name = upload if upload and upload[0] is not None else (None, None)
    if data is None:
        up = st.file_uploader(t("study_import_file", lang), key="study_import_upload",
                              help=t("upload_help", lang, mb=MAX_UPLOAD_MB))
        if up is not None:
            data, name = up.getvalue(), up.name
    if data is None:
        return
    wave_name = st.text_input(t("study_wave_name", lang), value=Path(name).stem[:200], key="study_import_name",
                              max_chars=200)
    label = t("study_import_current", lang, file=plain(name)) if upload and upload[0] is not None else \
        t("study_import_button", lang)
    if not st.button(label, key="study_import_go"):
        return
    if len(data) > MAX_UPLOAD_MB * 1024 * 1024:
        st.error(t("too_large", lang, mb=len(data) / 2**20, limit=MAX_UPLOAD_MB))
        return
    # the mapping confirmed for this file on the survey page, if any (column → question id)
    kept = st.session_state.get("kept") or {}
    mapping = dict(kept.get("mapping") or {}) if kept.get("file") == hashlib.sha256(data).hexdigest() else None
    try:
        wave, n = _job(appworker.study_import, url, info.id, key, (wave_name or "").strip() or Path(name).stem,
                       name, data, mapping, lang=lang, label=t("reading", lang))
    except Exception as err:                 # noqa: BLE001 — the reader's message, naming the file
        _show_error(err, lang)
        return
    st.session_state["study_note"] = t("study_imported", lang, file=plain(name), name=plain(wave.name), n=n)
    st.rerun()


def _study_trend(store, url: str, info, key: str, lang: str) -> None:
    """wave_trend over the chosen waves and wave_change between two (``appworker.study_trend``, as ``research
    study trend``), on a click; then the report's trend tables, the chart, the invariance verdict, the warnings."""
    from research.marketing.trend import plot as trend_plot
    from research.report.trend_tables import level_name, trend_report_tables

    st.caption(t("trend_intro", lang))
    waves = [w for w in store.waves(info.id, key) if store.count(w.id) > 0]
    if not waves:
        st.info(t("trend_need_waves", lang))
        return
    names = {w.id: w.name for w in waves}
    ids = list(names)
    chosen = _choose_many(t("trend_waves", lang), ids, "trend_waves", lang, lambda i: names.get(i, "?"), ids)
    chosen = [i for i in ids if i in chosen]                    # the study's order
    c1, c2, c3, c4 = st.columns(4)
    a = b = None
    if len(chosen) >= 2:
        a = _pick(c1, t("trend_a", lang), chosen, "trend_a", lang, lambda i: names.get(i, "?"), chosen[-2])
        b = _pick(c2, t("trend_b", lang), chosen, "trend_b", lang, lambda i: names.get(i, "?"), chosen[-1])
    boot = int(c3.number_input(t("trend_boot", lang), 0, limits.APP_MAX_BOOTSTRAP, step=500, key="trend_boot",
                               **({} if "trend_boot" in st.session_state else {"value": TREND_BOOT})))
    seed = int(c4.number_input(t("trend_seed", lang), 0, 2**32 - 1, key="trend_seed",
                               **({} if "trend_seed" in st.session_state else {"value": DEFAULT_SEED})))
    if not chosen:
        st.info(t("trend_need_waves", lang))
        return
    if a is not None and a == b:
        st.warning(t("trend_same", lang))
        return
    counts = [store.count(i) for i in chosen]
    options = {"study": info.id, "waves": chosen, "compare": None if a is None else [a, b], "boot": boot,
               "seed": seed, "counts": counts, "nonce": st.session_state.get("study_nonce", 0)}
    if st.button(t("trend_run", lang), type="primary", key="trend_run"):
        st.session_state["trend_last"] = options
    last = st.session_state.get("trend_last")
    if not last or last.get("study") != info.id:
        return
    if last != options:
        st.info(t("trend_stale", lang))
    results = _stores().results
    run_key = "trend:" + hashlib.sha256(json.dumps([_key_tag(key), url, last], sort_keys=True,
                                                   default=str).encode()).hexdigest()
    block = results.get(run_key)
    if block is None:
        block = _job(appworker.study_trend, url, info.id, key, last["waves"], last["compare"], last["boot"],
                     last["seed"], lang=lang, label=t("trend_running", lang))
        results.put(run_key, block)
    ch = block.get("change")
    if ch is not None:
        verdict = {True: "trend_warranted", False: "trend_not_warranted"}.get(ch.get("warranted"), "trend_untested")
        say = st.success if ch.get("warranted") else st.warning
        say(t("trend_verdict", lang, a=plain(ch["a"]), b=plain(ch["b"]), level=plain(level_name(ch, lang)),
              verdict=t(verdict, lang)))
        for w in ch.get("warnings") or []:
            st.warning(plain(tables.local(w, lang)))
    else:
        st.info(t("trend_one_wave", lang))
    for n in block["trend"].get("notes") or []:
        st.info(plain(tables.local(n, lang)))
    st.subheader(t("trend_chart", lang))
    _figure(lambda _d, lang: trend_plot(block["trend"], lang=lang), {"meta": {"app_key": run_key}}, "trend", lang,
            "trend_fig")
    for k, table in enumerate(trend_report_tables({"trend": block}, lang)):
        st.subheader(table.title)
        frame = pd.DataFrame(table.rows, columns=_unique(table.columns))
        st.dataframe(frame, hide_index=True, width="stretch")
        if table.note:
            st.caption(plain(table.note))
        _csv_download(frame, table.key, lang, f"trend_{k}")
    doc = {"trend": block, "meta": {"command": "app study trend", "study": info.id, "waves": last["waves"],
                                    "seed": last["seed"], "boot": last["boot"], "level": 0.95}}
    st.download_button(t("trend_download", lang), json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8"),
                       file_name="trend.json", mime="application/json", key="trend_json")


def _unique(columns) -> list:
    seen, out = {}, []
    for c in columns:
        c = str(c)
        seen[c] = seen.get(c, 0) + 1
        out.append(c if seen[c] == 1 else f"{c} ({seen[c]})")
    return out


def _study_archive(store, url: str, info, key: str, lang: str) -> None:
    """The whole study as a ZIP (``Store.export_study``, built on a click and kept for this study and its count),
    and a study ZIP imported as a new study."""
    st.subheader(t("study_zip", lang))
    st.caption(t("study_zip_help", lang))
    n = store.count(study_id=info.id)
    ready = st.session_state.get("study_zip")
    if st.button(t("study_zip_prepare", lang), key="study_zip_prepare"):
        from research.store.store import utcnow
        ready = {"study": info.id, "tag": _key_tag(key), "n": n, "data": store.export_study(info.id, key),
                 "at": utcnow().strftime("%Y-%m-%d %H:%M:%S")}
        st.session_state["study_zip"] = ready
    if ready and ready["study"] == info.id and ready["tag"] == _key_tag(key):
        st.caption(t("study_zip_ready", lang, n=ready["n"], at=ready["at"]))
        st.download_button(t("study_zip", lang), ready["data"], file_name=f"study-{info.id}.zip",
                           mime="application/zip", key="study_zip_dl")
    st.divider()
    st.subheader(t("study_zip_import", lang))
    _study_zip_import(url, key, lang)


def _study_zip_import(url: str, key: str | None, lang: str) -> None:
    """A study ZIP as a new study (``Store.import_study`` in a worker): with a new key, shown once, or — when a key
    is open and its owner chooses so — the key open now.  The new study is opened."""
    st.caption(t("study_zip_import_help", lang))
    up = st.file_uploader(t("study_zip_file", lang), type=["zip"], key="study_zip_upload",
                          help=t("upload_help", lang, mb=MAX_UPLOAD_MB))
    owner = "new"
    if key:
        owner = _choose(st.radio, t("study_zip_owner", lang), ["new", "same"], "study_zip_owner", lang,
                        lambda o: t(f"study_zip_owner_{o}", lang), horizontal=True)
    if up is None or not st.button(t("study_zip_go", lang), key="study_zip_go"):
        return
    data = up.getvalue()
    if len(data) > MAX_UPLOAD_MB * 1024 * 1024:
        st.error(t("too_large", lang, mb=len(data) / 2**20, limit=MAX_UPLOAD_MB))
        return
    from research.store.archive import import_study_job
    try:
        imported, waves, n = _job(import_study_job, url, data, key if owner == "same" else None, lang=lang,
                                  label=t("reading", lang))
    except Exception as err:                 # noqa: BLE001 — the store's message (a damaged ZIP names its part)
        _show_error(err, lang)
        return
    s = st.session_state
    if owner == "new":
        for k in ("study_snapshot", "trend_last", "study_tokens", "study_zip"):
            s.pop(k, None)
        s["study_new_key"] = imported.key
    s["study_key"] = imported.key
    s["study_id"] = imported.study.id
    s["study_waves"] = "all"
    notes = [t("study_zip_imported", lang, name=plain(imported.study.name), id=imported.study.id, waves=waves, n=n)]
    notes += [plain(note.texts[lang]) for note in imported.notes()]
    if owner == "new" and key:
        notes.append(t("study_zip_other_key", lang))
    s["study_note"] = " ".join(notes)
    st.rerun()


def _study_analyses(store, info, key: str, lang: str) -> None:
    saved = store.analyses(info.id, key)
    if not saved:
        st.info(t("study_analyses_none", lang))
        return
    names = {w.id: w.name for w in store.waves(info.id, key)}
    sep = ", " if lang == "en" else "、"
    frame = pd.DataFrame({
        t("study_col_id", lang): [a.id for a in saved],
        t("study_col_at", lang): [_when(a.created_at) for a in saved],
        t("study_col_wave", lang): [sep.join(names.get(w, str(w)) for w in a.waves) for a in saved],
        t("study_col_method", lang): [t(f"method_{a.spec.get('method') or 'cbsem'}", lang)
                                      if (a.spec.get("method") or "cbsem") in METHODS else str(a.spec.get("method"))
                                      for a in saved],
        t("study_col_seed", lang): ["" if a.seed is None else str(a.seed) for a in saved]})
    st.dataframe(frame, hide_index=True, width="stretch")
    pick = st.selectbox(t("study_col_id", lang), [a.id for a in saved], key="study_analysis_pick")
    if pick is not None:
        _, text = store.analysis(info.id, key, pick)
        st.download_button(t("study_analysis_download", lang, id=pick), text.encode("utf-8"),
                           file_name=f"results-{pick}.json", mime="application/json", key="study_analysis_dl")


# ----------------------------------------------------------------------------------------------
def _mapping_yaml(responses, overrides: dict, lang: str) -> bytes:
    """The confirmed mapping as the YAML ``research import/analyze --mapping`` reads: every column that maps to
    a question or was set aside, ``column: id`` or ``column: null``."""
    full = {str(m.column): m.item for m in responses.mapping.matches if m.item is not None}
    full.update(overrides)
    # the file's name in a comment: every line break YAML knows (\r, NEL, U+2028/9 too) made a space, so a
    # name can never start a line of the mapping
    head = re.sub(r"[\x00-\x1f\x7f\x85\u2028\u2029]", " ", t("mapping_yaml_head", lang, file=responses.source.file))
    body = yaml.safe_dump(full, allow_unicode=True, sort_keys=False, default_flow_style=False)
    return f"# {head}\n{body}".encode("utf-8")


def _mapping_step(responses, base, q, overrides: dict, lang: str) -> None:
    """What was recognised in the upload: platform, encoding, rows; column → question with how it matched;
    columns that match nothing; answers that are not options of their scale."""
    src = responses.source
    st.markdown(t("recognised", lang, file=plain(src.file), platform=plain(platform_name(src.platform, lang)),
                  encoding=plain(src.encoding or src.format), rows=len(responses),
                  matched=len(responses.mapping.mapped), questions=len(q.questions)))
    loose = [m for m in base.mapping.matches if m.how in ("unmapped", "ambiguous", "duplicate")
             and str(m.column) not in overrides]
    if loose:
        sep = ", " if lang == "en" else "、"
        st.warning(t("unmatched_columns", lang, k=len(loose),
                     list=plain(sep.join(f"{m.column}（{how_label(m.how, lang)}）" if lang != "en"
                                         else f"{m.column} ({how_label(m.how, lang)})" for m in loose[:20]))))
    if responses.mapping.missing:
        sep = ", " if lang == "en" else "、"
        st.warning(t("questions_without_column", lang, k=len(responses.mapping.missing),
                     list=plain(sep.join(responses.mapping.missing[:30]))))
    problems = responses.problems
    if problems is not None and len(problems):
        st.warning(t("invalid_answers", lang, n=len(problems)))
        st.dataframe(_problems(problems.head(200), lang), hide_index=True, width="stretch")


def _confirmed(signature: str, responses, overrides: dict, lang: str) -> bool:
    """The confirm button and the mapping's download; True once this exact mapping was confirmed."""
    c1, c2 = st.columns(2)
    if c1.button(t("confirm", lang), type="primary", key="confirm"):
        st.session_state["confirmed"] = signature
    if responses is not None:
        c2.download_button(t("download_mapping", lang), _mapping_yaml(responses, overrides, lang),
                           file_name="mapping.yaml", mime="text/yaml", key="dl_mapping")
    return st.session_state.get("confirmed") == signature


def _run_info(d: dict, lang: str) -> str:
    spec = (d.get("meta") or {}).get("spec") or {}
    if _pls(d):
        chosen = d["pls"].get("settings") or {}
        boot = chosen.get("bootstrap") or 0
        return t("run_info_pls" if boot else "run_info_pls_no_boot", lang, boot=f"{boot:,}", seed=chosen.get("seed"),
                 scheme=t(f"scheme_{chosen.get('scheme', 'path')}", lang),
                 plsc=t("plsc_on", lang) if chosen.get("consistent") else "",
                 missing=t(f"pls_missing_{chosen.get('missing', 'mean')}", lang))
    boot = spec.get("bootstrap") or 0
    return t("run_info" if boot else "run_info_no_boot", lang, boot=f"{boot:,}", seed=(d.get("meta") or {}).get(
        "seed", spec.get("seed")), missing=t(f"missing_{spec.get('missing', DEFAULT_MISSING)}", lang),
        estimator=t(f"est_{spec.get('estimator', 'ML')}", lang))


def main() -> None:
    st.set_page_config(page_title="LSQ · satisfaction", layout="wide")
    lang, view, source, data, name, choice, yaml_file, settings, group_slot = _sidebar()
    if st.query_params.get("guide"):
        _guide_page(lang)
        return
    st.title(t("title", lang))
    st.caption(t("subtitle", lang))
    _study_notices(lang)
    if view == "study":
        _study_page(lang, (data, name) if source == "upload" else None)
        return
    study_q = study_waves = None
    if source == "study":
        try:
            got = _study_data(lang)
        except Exception as err:        # noqa: BLE001 — AccessDenied and the store's errors, in the language
            _show_error(err, lang)
            return
        if got is None:
            return
        data, name, study_q, study_waves = got
    if data is None:
        # the evaluation page's alternatives table is uploaded on the page itself: reachable without a survey file
        if view == "evaluation" and _evaluation_system(lang)[1] == "alternatives":
            _alternatives_page(lang)
            return
        st.info(t("upload_first", lang))
        return
    if len(data) > MAX_UPLOAD_MB * 1024 * 1024:
        st.error(t("too_large", lang, mb=len(data) / 2**20, limit=MAX_UPLOAD_MB))
        return
    file_key = hashlib.sha256(data).hexdigest()
    try:
        preview, info, mapping, roles, problems = None, None, {}, None, None
        system = system_key = None
        if view == "evaluation":
            system, system_key = _evaluation_system(lang)
            if system_key == "alternatives":
                _alternatives_page(lang)
                return
            if system is None:
                return
            if not reads_items(system):
                # expert scores or plain columns: the uploaded table as it is, no questionnaire, no mapping
                edata = {**_evaluation_table(data, name, system, lang), "file": name}
                _evaluation_page(edata, system, system_key, _evaluation_groups(edata, None, lang), lang)
                return
        if choice == "manual":
            with st.expander(t("mapping", lang), expanded=True):
                manual = _manual_questionnaire(data, name, lang, file_key)
                if manual is not None:
                    ok = _confirmed(_key(data, {"manual": manual}), None, {}, lang)
            if manual is None:
                return
            if not ok:
                st.info(t("confirm_first", lang))
                return
            qspec, mapping = manual
        elif source == "study":
            qspec = study_q             # the waves' questionnaire, as load_responses(store.source(…)) reads them
        else:
            qspec = _questionnaire(choice, yaml_file, lang)
            if qspec is None:
                st.info(t("q_yaml_file", lang))
                return
        q = research.load_questionnaire(qspec) if isinstance(qspec, dict) else qspec
        responses = _load(data, name, qspec, mapping, lang)
        if source == "upload" and choice != "manual":
            signature = _key(data, {"q": _questionnaire_key(qspec)})
            with st.expander(t("mapping_step", lang), expanded=st.session_state.get("confirmed_file") != signature):
                overrides = _mapping_editor(responses, q, lang, file_key)
                current = _load(data, name, qspec, overrides, lang) if overrides else responses
                _mapping_step(current, responses, q, overrides, lang)
                labels = {c.id: c.label(lang) for c in q.constructs}
                names = [c.id for c in q.constructs]
                roles = _roles_editor(names, {c.id: c.role for c in q.constructs}, lang, key="roles",
                                      labels=labels, file_key=file_key)
                if roles == {c.id: (c.role or "none") for c in q.constructs}:
                    roles = None
                ok = _confirmed(_key(data, {"q": _questionnaire_key(qspec), "mapping": overrides, "roles": roles}),
                                current, overrides, lang)
            if not ok:
                st.info(t("confirm_first", lang))
                return
            st.session_state["confirmed_file"] = signature
            mapping, responses = overrides, current
        if view == "process":
            _process_page(data, name, qspec, mapping, responses, q, lang)
            return
        if view == "evaluation":
            edata = _evaluation_data(data, name, qspec, mapping, responses, system, lang)
            _evaluation_page(edata, system, system_key, _evaluation_groups(edata, q, lang), lang)
            return
        src = responses.source
        info = t("file_info", lang, file=plain(src.file), platform=plain(platform_name(src.platform, lang)),
                 encoding=plain(src.encoding or src.format), rows=len(responses))
        preview = responses.raw.head(10) if responses.raw is not None else responses.items.head(10)
        problems = responses.problems
        segments = {s.id: s.text.get(lang) or s.text.get("en") or s.id for s in q.segments}
        # "" is "no grouping" (a None option would show Streamlit's own placeholder, in English)
        group = _choose(group_slot.selectbox, t("group", lang), ["", *segments], "group", lang,
                        lambda g: segments[g] if g else t("none", lang))
        settings = {**settings, "group": group or None}
        slot = settings.pop("ordered_slot", None)
        if settings["estimator"] in ORDINAL_CHOICES:
            settings["ordered"] = _ordered_choice(slot, q, responses, settings["model"], lang)
            if settings["ordered"] == []:
                st.info(t("ordered_none", lang, est=settings["estimator"]))
                return
        d = _analyse(data, name, qspec, mapping, roles, settings, lang)
    except Exception as err:            # noqa: BLE001 — every failure becomes a message, never a traceback
        _show_error(err, lang)
        return
    st.caption(_run_info(d, lang))
    if problems is not None and len(problems):
        st.warning(t("problems_note", lang, n=len(problems)))
    pls = _pls(d)
    for w in d["warnings"]:
        # the notes of the method chosen (with PLS-SEM the CB-SEM's own are on the data page with the others)
        if pls and w.get("where") == "pls":
            st.info("[PLS-SEM] " + plain(tables.local(w, lang)))
        elif not pls and w.get("where") in ("cfa", "sem") and w.get("code") != "listwise_deleted":
            st.warning(f"[{w['where'].upper()}] " + plain(tables.local(w, lang)))
    pages = st.tabs([t(k, lang) for k in ("tab_data", "tab_reliability", "tab_measurement", "tab_structural",
                                          "tab_regression", "tab_drivers", "tab_segments", "tab_index",
                                          "tab_downloads")])
    # the same pages for either method; with PLS-SEM the model's pages show the PLS study (results.json "pls")
    model_pages = ((_pls_reliability, _pls_measurement, _pls_structural, _pls_drivers, _pls_segments) if pls else
                   (_page_reliability, _page_measurement, _page_structural, _page_drivers, _page_segments))
    rel_page, meas_page, struct_page, drv_page, seg_page = model_pages
    renderers = [lambda: _page_data(d, lang, preview, info, problems), lambda: rel_page(d, lang),
                 lambda: meas_page(d, lang), lambda: struct_page(d, lang),
                 lambda: _page_regression(d, lang), lambda: drv_page(d, lang),
                 lambda: seg_page(d, lang), lambda: _page_index(d, lang),
                 lambda: (_page_downloads(d, lang), source == "study" and _study_save(d, study_waves, lang))]
    for page, render in zip(pages, renderers):
        with page:
            try:
                render()
            except Exception as err:    # noqa: BLE001 — one page failing leaves the others working
                _show_error(err, lang)


# `streamlit run` executes this file as __main__; the worker processes of research.appworker import it as
# __mp_main__ (multiprocessing's rule for the main module), where it must only define things
if __name__ == "__main__":
    main()
