"""Publication-ready output from a results dictionary (results.json): APA tables, figures and text.

>>> import research
>>> res = research.analyze("datasets/lsq5_wjx_gbk.csv", questionnaire="lsq5", seed=1)
>>> research.report(res, language="zh-Hans", format="docx", path="报告.docx")
>>> html = research.report("results.json", language="en", format="html")

Formats: ``docx`` (bytes), ``html`` (self-contained, figures embedded),
``md`` (Markdown, figures as data URIs) and ``tex`` (LaTeX with booktabs;
``path`` also writes the figures as ``figure-N.png`` beside it).  Every
number comes from the results; the tables follow APA 7 (DOMAIN.md §5).
"""
from __future__ import annotations

import json
from pathlib import Path

from ..errors import invalid_option
from . import apa
from .tables import Figure, Table, report_tables

FORMATS = ("docx", "html", "md", "tex")
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
}

__all__ = ["report", "report_tables", "report_figures", "Table", "Figure", "apa", "FORMATS"]


def _results(results) -> dict:
    if isinstance(results, dict):
        return results
    if hasattr(results, "to_dict"):
        return results.to_dict()
    if isinstance(results, (str, Path)):
        try:
            return json.loads(Path(results).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
            raise invalid_option("results", str(results)[:80],
                                 f"Give a results.json written by `research analyze` ({type(err).__name__}).",
                                 f"请给出由 `research analyze` 写出的 results.json（{type(err).__name__}）。",
                                 f"請提供由 `research analyze` 寫出的 results.json（{type(err).__name__}）。") from None
    raise invalid_option("results", type(results).__name__, "Give an analysis result, its dict or results.json.",
                         "请给出分析结果、其字典或 results.json。", "請提供分析結果、其字典或 results.json。")


def report_figures(d: dict, lang: str = "zh-Hans") -> list[Figure]:
    """The report's figures, numbered: path diagram, loadings, importance bars, IPA map, segments."""
    from .. import figures

    plan = [("path_diagram", figures.path_diagram, bool(d.get("sem"))),
            ("loadings", figures.loading_heatmap, bool(d.get("cfa"))),
            ("importance", figures.importance_bars, bool((d.get("drivers") or {}).get("overall"))),
            ("ipa", figures.ipa_map, bool((d.get("ipa") or {}).get("map"))),
            ("segments", figures.segment_chart, bool((d.get("groups") or {}).get("tests")))]
    out = []
    for key, make, present in plan:
        if not present:
            continue
        fig = make(d, lang=lang)
        out.append(Figure(key, FIGURE_TITLES[key][lang], figures.to_bytes(fig, "png"),
                          number=len(out) + 1))
    return out


def report(results, language: str = "zh-Hans", format: str = "html", *, path=None, figures: bool = True,
           text: bool = True, title: str | None = None):
    """The report of ``results`` (an AnalysisResult, its dict, or a results.json path).

    Returns ``bytes`` for DOCX and ``str`` for the text formats; with ``path`` it is also written
    there (for ``tex`` with the figures as PNG files beside it).
    """
    if language not in LANGS:
        raise invalid_option("language", repr(language), "Use zh-Hans, zh-Hant or en.",
                             "请使用 zh-Hans、zh-Hant 或 en。", "請使用 zh-Hans、zh-Hant 或 en。")
    if format not in FORMATS:
        raise invalid_option("format", repr(format), "Use docx, html, md or tex.", "请使用 docx、html、md 或 tex。",
                             "請使用 docx、html、md 或 tex。")
    from . import writers

    d = _results(results)
    sections = []
    if text:
        from .text import results_text
        sections = results_text(d, language)
    tables = report_tables(d, language)
    figs = report_figures(d, language) if figures else []
    heading = title or TITLE[language]
    write = {"docx": writers.docx_report, "html": writers.html_report, "md": writers.markdown,
             "tex": writers.latex}[format]
    out = write(sections, tables, figs, language, heading)
    if path is not None:
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(out, bytes):
            target.write_bytes(out)
        else:
            target.write_text(out, encoding="utf-8")
        if format == "tex":
            for f in figs:
                (target.parent / f"figure-{f.number}.png").write_bytes(f.png)
    return out
