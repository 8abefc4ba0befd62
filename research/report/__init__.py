"""Publication-ready output from a results dictionary (results.json): APA tables, figures and text.

>>> import research
>>> res = research.analyze("datasets/lsq5_wjx_gbk.csv", questionnaire="lsq5", seed=1)
>>> research.report(res, language="zh-Hans", format="docx", path="报告.docx")
>>> html = research.report("results.json", language="en", format="html")

Formats: ``docx`` (bytes), ``html`` (self-contained, figures embedded),
``md`` (Markdown, figures as data URIs) and ``tex`` (LaTeX with booktabs;
``path`` also writes the figures as ``figure-N.png`` beside it).  Every
number comes from the results; the tables follow APA 7 (DOMAIN.md §5).
Constructs are named in the report's language (the names the results carry,
or ``names=``); figures are drawn without their titles, which the APA
caption under "Figure N" gives.  A PLS-SEM run (``method="pls"``) is reported
with the PLS-SEM sections, tables and figures (path model, IPMA) in place of
the CB-SEM ones (:mod:`research.report.pls_text`, :mod:`.pls_tables`).  ``paper``: ``"a4"`` (210 × 297 mm, 2.54 cm
margins; default) or ``"letter"`` (8.5 × 11 in, 1 in margins) for DOCX and
LaTeX, and for printing the HTML.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import OptionError, invalid_option
from ..outputs import Outputs, refuse_overwrite
from . import apa
from .tables import Figure, Table, report_tables

FORMATS = ("docx", "html", "md", "tex")
PAPERS = ("a4", "letter")
LANGS = ("zh-Hans", "zh-Hant", "en")
TITLE = {"en": "Results", "zh-Hans": "研究结果", "zh-Hant": "研究結果"}
FIGURE_TITLES = {
    "path_diagram": {"en": "Structural Model with Standardized Path Coefficients", "zh-Hans": "结构模型与标准化路径系数",
                     "zh-Hant": "結構模型與標準化路徑係數"},
    "loadings": {"en": "Standardized Loadings of the Measurement Model", "zh-Hans": "测量模型的标准化载荷",
                 "zh-Hant": "測量模型的標準化負荷量"},
    "importance": {"en": "Relative Importance of the Drivers", "zh-Hans": "驱动因素的相对重要性",
                   "zh-Hant": "驅動因素的相對重要性"},
    "ipa": {"en": "Importance–Performance Map", "zh-Hans": "重要性–绩效分析图", "zh-Hant": "重要性–績效分析圖"},
    "segments": {"en": "Construct Means by Segment", "zh-Hans": "各分组的构念均值", "zh-Hant": "各分組的構念平均"},
    "pls_path_diagram": {"en": "PLS Path Model with Path Coefficients, Outer Loadings and R²",
                         "zh-Hans": "PLS 路径模型：路径系数、外部载荷与 R²", "zh-Hant": "PLS 路徑模型：路徑係數、外部負荷量與 R²"},
    "pls_ipma": {"en": "Importance–Performance Map (IPMA, PLS-SEM)", "zh-Hans": "重要性–绩效矩阵图（IPMA，PLS-SEM）",
                 "zh-Hant": "重要性–績效矩陣圖（IPMA，PLS-SEM）"},
    "evaluation_tree": {"en": "Evaluation Index System with Global Weights", "zh-Hans": "评价指标体系及综合权重",
                        "zh-Hant": "評價指標體系及綜合權重"},
    "evaluation_radar": {"en": "Scores of the First-Level Indicators by Segment", "zh-Hans": "各分组一级指标得分",
                         "zh-Hant": "各分組一級指標分數"},
    "evaluation_ranking": {"en": "TOPSIS Closeness of the Segments", "zh-Hans": "各分组的 TOPSIS 贴近度",
                           "zh-Hant": "各分組的 TOPSIS 貼近度"},
    "trend": {"en": "Satisfaction Index and Dimensions by Wave", "zh-Hans": "各期满意度指数与各维度",
              "zh-Hant": "各期滿意度指數與各維度"},
}

__all__ = ["report", "report_tables", "report_figures", "Table", "Figure", "apa", "FORMATS"]


# the file name endings each format may be written under
SUFFIXES = {"docx": (".docx",), "html": (".html", ".htm"), "md": (".md", ".markdown"), "tex": (".tex",)}
# exceptions a report of a damaged results dictionary can end in (a wrong type or a missing key deep inside)
_DAMAGE = (TypeError, ValueError, KeyError, AttributeError, IndexError, ZeroDivisionError, RecursionError)


def _results(results) -> dict:
    from ..results_file import check_results, load_results

    if isinstance(results, dict):
        return check_results(results)
    if hasattr(results, "to_dict"):
        return results.to_dict()
    if isinstance(results, (str, Path)):
        if not Path(results).is_file():
            raise invalid_option("results", str(results)[:80], "Give a results.json written by `research analyze`.",
                                 "请给出由 `research analyze` 写出的 results.json。",
                                 "請提供由 `research analyze` 寫出的 results.json。")
        return load_results(results)
    raise invalid_option("results", type(results).__name__, "Give an analysis result, its dict or results.json.",
                         "请给出分析结果、其字典或 results.json。", "請提供分析結果、其字典或 results.json。")


def _pls_ipma_map(d: dict, **options):
    """The IPMA of the PLS study drawn as the IPA map is (research.figures.ipa_map on ``pls.ipma``)."""
    from .. import figures

    return figures.ipa_map({**d, "ipa": {"map": d["pls"]["ipma"]}}, **options)


def _evaluation_figure(name: str):
    """A figure of research.evaluation.figures drawn from ``results["evaluation"]`` as the plan calls figures."""
    def draw(d: dict, lang: str = "zh-Hans", names=None, title: bool = False):
        from ..evaluation import figures as evaluation_figures

        return getattr(evaluation_figures, name)(d["evaluation"], lang, title=title)
    return draw


def _evaluation_plan(d: dict) -> list[tuple[str, object, bool]]:
    """The evaluation's figures: the indicator tree, the radar of the first-level indicators per segment (three or
    more of them, with segments) and the TOPSIS ranking."""
    from .evaluation_text import block

    b = block(d)
    if b is None:
        return []
    first = [n for n in (b["system"].get("nodes") or []) if isinstance(n, dict) and n.get("level") == 1]
    return [("evaluation_tree", _evaluation_figure("indicator_tree"), True),
            ("evaluation_radar", _evaluation_figure("radar"), len(first) >= 3 and bool(b.get("segments"))),
            ("evaluation_ranking", _evaluation_figure("ranking_bars"), isinstance(b.get("ranking"), dict))]


def _trend_figure(d: dict, lang: str = "zh-Hans", names=None, title: bool = False):
    """The trend chart of ``results["trend"]`` (research.marketing.trend.plot on the wave_trend result)."""
    from ..marketing.trend import plot

    return plot(d["trend"]["trend"], lang=lang, title=title)


def _trend_plan(d: dict) -> list[tuple[str, object, bool]]:
    from .trend_tables import block

    return [("trend", _trend_figure, block(d) is not None)]


def _figure_plan(d: dict) -> list[tuple[str, object]]:
    """(key, function name in research.figures, or the function) of each figure the results have, in report
    order.  PLS-SEM chosen: the PLS path model and its IPMA in place of the CB-SEM path diagram and the CFA
    loadings."""
    from .pls_text import is_pls

    drivers = [("importance", "importance_bars", bool((d.get("drivers") or {}).get("overall"))),
               ("ipa", "ipa_map", bool((d.get("ipa") or {}).get("map"))),
               ("segments", "segment_chart", bool((d.get("groups") or {}).get("tests")))]
    if is_pls(d):
        ipma = d["pls"].get("ipma")
        plan = [("pls_path_diagram", "pls_path_diagram", bool(d["pls"].get("paths"))),
                ("pls_ipma", _pls_ipma_map, isinstance(ipma, dict) and bool(ipma.get("drivers"))), *drivers]
    else:
        plan = [("path_diagram", "path_diagram", bool(d.get("sem"))),
                ("loadings", "loading_heatmap", bool(d.get("cfa"))), *drivers]
    return [(key, make) for key, make, present in [*plan, *_evaluation_plan(d), *_trend_plan(d)] if present]


def report_figures(d: dict, lang: str = "zh-Hans", *, names: dict | None = None) -> list[Figure]:
    """The report's figures, numbered: path diagram, loadings, importance bars, IPA map, segments.

    Each is drawn without its title (``title=False``): the report prints the APA caption — "Figure N" and
    the title in italics — with it.  ``names`` as in :func:`research.figures.path_diagram` (default: the
    construct names the results carry)."""
    from .. import figures

    out = []
    for key, make in _figure_plan(d):
        draw = make if callable(make) else getattr(figures, make)
        fig = draw(d, lang=lang, names=names, title=False)
        out.append(Figure(key, FIGURE_TITLES[key][lang], figures.to_bytes(fig, "png"),
                          number=len(out) + 1))
    return out


def figure_files(path, count: int) -> list[Path]:
    """The PNG files a LaTeX report at ``path`` with ``count`` figures refers to: ``figure-N.png`` beside it."""
    return [Path(path).with_name(f"figure-{k}.png") for k in range(1, count + 1)]


def _is_own_figure(tex: Path):
    """Whether a ``figure-N.png`` is the one the LaTeX report ``tex`` (written earlier by this module) lists
    with that content: only then may it be replaced."""
    def own(png: Path) -> bool:
        import hashlib

        from .writers import is_report

        if not tex.is_file() or tex.stat().st_size > 50_000_000 or not is_report(tex):
            return False
        digest = hashlib.sha256(png.read_bytes()).hexdigest()
        return f"% {png.name} sha256={digest}" in tex.read_text(encoding="utf-8", errors="replace")
    return own


def check_report_name(path, format: str) -> None:
    """Refuse an output name whose ending is not the format's (``x.pdf``, ``results.json``, ``r.docx`` for
    HTML): the file would be one thing under the name of another."""
    suffix = Path(path).suffix.lower()
    if suffix and suffix not in SUFFIXES[format]:
        known = any(suffix in endings for endings in SUFFIXES.values())
        raise OptionError("output_format", file=str(path), detail=f"{suffix} ≠ {format}" if known else suffix)


def _all_tables(d: dict, language: str, names) -> list:
    """The report's tables, numbered in order: the core ones, then PROCESS, evaluation and trend."""
    from dataclasses import replace

    from .evaluation_tables import evaluation_report_tables
    from .process_tables import process_report_tables
    from .text import construct_names
    from .trend_tables import trend_report_tables

    tables = report_tables(d, language, names=names)
    for more in (process_report_tables(d, language, construct_names(d, names, language)),
                 evaluation_report_tables(d, language), trend_report_tables(d, language)):
        tables += [replace(t, number=len(tables) + k) for k, t in enumerate(more, start=1)]
    return tables


def report(results, language: str = "zh-Hans", format: str = "html", *, path=None, figures: bool = True,
           text: bool = True, title: str | None = None, force: bool = False, outputs: Outputs | None = None,
           paper: str = "a4", names: dict | None = None):
    """The report of ``results`` (an AnalysisResult, its dict, or a results.json path).

    Returns ``bytes`` for DOCX and ``str`` for the text formats; with ``path`` it is also written
    there (for ``tex`` with the figures as PNG files ``figure-N.png`` beside it).

    Writing loses nothing (:mod:`research.outputs`): ``path`` must end as the format does (``.docx``,
    ``.html``/``.htm``, ``.md``, ``.tex``) and may not be the results.json read; an existing file there (or an
    existing ``figure-N.png``) is replaced only when it is an earlier report of this module (its figures
    unchanged), else refused — with ``force=True`` replaced after a copy is kept as ``name.~1~``.  Files are
    written whole or not at all.  ``outputs`` (a :class:`research.outputs.Outputs`, whose ``force`` then
    applies) collects what was written and backed up, for the CLI to print.

    ``paper``: ``"a4"`` (default) or ``"letter"`` — the page of a DOCX (and of the LaTeX ``geometry``, and the
    HTML's print size).  ``names``: construct id → name (one string or ``{lang: name}``) for the tables, text
    and figures; by default the names the results carry (``labels.constructs``), else the built-in
    questionnaire's, else the ids.

    A results dictionary or file is checked first (:func:`research.results_file.check_results`): a damaged
    one is a :class:`~research.errors.DataError` naming the key, never a crash.
    """
    if language not in LANGS:
        raise invalid_option("language", repr(language), "Use zh-Hans, zh-Hant or en.",
                             "请使用 zh-Hans、zh-Hant 或 en。", "請使用 zh-Hans、zh-Hant 或 en。")
    if format not in FORMATS:
        raise invalid_option("format", repr(format), "Use docx, html, md or tex.", "请使用 docx、html、md 或 tex。",
                             "請使用 docx、html、md 或 tex。")
    if paper not in PAPERS:
        raise invalid_option("paper", repr(paper)[:40], "Use a4 or letter.", "请使用 a4 或 letter。",
                             "請使用 a4 或 letter。")
    if names is not None:
        from ..figures import _check_names
        _check_names(names)
    from . import writers

    untrusted = isinstance(results, (dict, str, Path))
    session = outputs if outputs is not None else Outputs(force=force, command="report")
    if isinstance(results, (str, Path)) and Path(results).exists():
        session.inputs.append(Path(results))
    if path is not None:
        target = Path(path)
        refuse_overwrite([target], session.inputs, own=lambda _: True, command="report")  # inputs first
        check_report_name(target, format)
    d = _results(results)
    if path is not None:
        session.check([target], own=writers.is_report)
        if format == "tex" and figures:
            session.check(figure_files(target, len(_figure_plan(d))), own=_is_own_figure(target))
    try:
        from .text import results_text
        try:
            tables = _all_tables(d, language, names)
        except _DAMAGE:
            if text:             # the results text names the damaged part (a DataError) where it can
                results_text(d, language, names=names)
            raise
        # the reference list of the text reads the citations of these tables too
        sections = results_text(d, language, names=names, tables=tables) if text else []
        figs = report_figures(d, language, names=names) if figures else []
        heading = title or TITLE[language]
        write = {"docx": writers.docx_report, "html": writers.html_report, "md": writers.markdown,
                 "tex": writers.latex}[format]
        out = write(sections, tables, figs, language, heading, paper=paper)
    except _DAMAGE as err:
        if not untrusted:
            raise
        from ..results_file import damaged

        detail = f"({type(err).__name__}: {str(err)[:80]})"
        raise damaged("", f"a report cannot be made from it {detail}", f"无法据此生成报告 {detail}",
                      f"無法據此產生報告 {detail}",
                      file=results if isinstance(results, (str, Path)) else None) from None
    if path is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        if format == "tex":  # the figures first: the .tex lists them and marks them as its own
            for f in figs:
                session.write_bytes(target.with_name(f"figure-{f.number}.png"), f.png)
        session.write_bytes(target, out if isinstance(out, bytes) else out.encode("utf-8"))
    return out
