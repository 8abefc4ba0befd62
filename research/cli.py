"""The ``research`` command.

    research questionnaire list
    research questionnaire show lsq5 --lang en
    research questionnaire validate my_study.yaml
    research questionnaire render lsq5 --format docx --lang zh-Hant --out lsq5.docx
    research import datasets/lsq5_wjx_gbk.csv --questionnaire lsq5 --out results/
    research analyze datasets/lsq5_wjx_gbk.csv -q lsq5 -H "H5: REL -> SAT -> LOY, +" --out results/
    research process datasets/lsq5_wjx_gbk.csv -q lsq5 --model 7 --x REL --m SAT --y LOY --w EMP --out results/
    research evaluate --template --system lsq5-index -o experts.xlsx
    research evaluate datasets/lsq5_wjx_gbk.csv --system lsq5-index --ahp a.xlsx --ahp b.xlsx --group PLATFORM
    research serve --database sqlite:///studies.db --port 8000 --base-url https://survey.example.org
    research study create "Delivery 2026" -q lsq5      (then: export RESEARCH_STUDY_KEY=…; see research/cli_study.py)
    research study trend 1 --report trend.docx

Bad input ends with a message in the chosen language and exit status 2,
never a traceback.

No command writes over its own input or over a file it did not create
(:mod:`research.outputs`): such an ``--out`` is refused with a message, or,
with ``--force``, replaced after a copy ``NAME.~1~`` is kept (never an
input); every file is written whole or not at all.
"""
from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path

from .errors import FileReadError, ResearchError
from .messages import LANGUAGES, shorten, where_text
from .defaults import DEFAULT_BOOTSTRAP, DEFAULT_MISSING, DEFAULT_PLS_BOOTSTRAP, DEFAULT_SEED

FORMATS = ("html", "md", "docx", "codebook", "header", "lavaan")
_EXT = {"html": ".html", "md": ".md", "docx": ".docx", "codebook": ".codebook.csv", "header": ".header.csv",
        "lavaan": ".lav"}

_TEXT = {
    "file": {"zh-Hans": "文件", "zh-Hant": "檔案", "en": "File"},
    "platform": {"zh-Hans": "平台", "zh-Hant": "平台", "en": "Platform"},
    "encoding": {"zh-Hans": "编码", "zh-Hant": "編碼", "en": "Encoding"},
    "respondents": {"zh-Hans": "答卷数", "zh-Hant": "答卷數", "en": "Respondents"},
    "mapped": {"zh-Hans": "已对应题目", "zh-Hant": "已對應題目", "en": "Questions matched"},
    "unmapped": {"zh-Hans": "未对应的列", "zh-Hant": "未對應的欄", "en": "Columns not matched"},
    "fuzzy": {"zh-Hans": "按相近文字对应（请核对）", "zh-Hant": "依相近文字對應（請核對）",
              "en": "Matched by similar text (please check)"},
    "ambiguous": {"zh-Hans": "无法确定的列", "zh-Hant": "無法確定的欄", "en": "Ambiguous columns"},
    "missing": {"zh-Hans": "文件中缺少的题目", "zh-Hant": "檔案中缺少的題目", "en": "Questions not in the file"},
    "problems": {"zh-Hans": "无效答案（已按缺失处理）", "zh-Hant": "無效答案（已視為遺漏值）",
                 "en": "Invalid answers (set to missing)"},
    "written": {"zh-Hans": "已写入", "zh-Hant": "已寫入", "en": "Written"},
    "backup": {"zh-Hans": "原文件已备份为", "zh-Hant": "原檔案已備份為", "en": "Backup of the replaced file"},
    "excluded": {"zh-Hans": "剔除", "zh-Hant": "剔除", "en": "excluded"},
    "supported": {"zh-Hans": "支持", "zh-Hant": "支持", "en": "supported"},
    "modindices": {"zh-Hans": "修正指数（最大者）", "zh-Hant": "修正指標（最大者）", "en": "Modification indices (largest)"},
    "residuals": {"zh-Hans": "标准化残差 |z| > 2.58", "zh-Hant": "標準化殘差 |z| > 2.58",
                  "en": "Standardized residuals |z| > 2.58"},
    "skew": {"zh-Hans": "偏度", "zh-Hant": "偏態", "en": "skewness"},
    "kurtosis": {"zh-Hans": "峰度", "zh-Hant": "峰度", "en": "kurtosis"},
    "single_factor": {"zh-Hans": "单因子 CFA 对比", "zh-Hant": "單因素 CFA 比較", "en": "Single-factor CFA"},
    "method_factor": {"zh-Hans": "共同方法因子", "zh-Hant": "共同方法因素", "en": "Method factor"},
    "substantive": {"zh-Hans": "平均实质方差", "zh-Hant": "平均實質變異", "en": "mean substantive variance"},
    "method": {"zh-Hans": "平均方法方差", "zh-Hant": "平均方法變異", "en": "mean method variance"},
    "drivers": {"zh-Hans": "驱动因素（LMG 占 R² 的份额）", "zh-Hant": "驅動因素（LMG 占 R² 的份額）",
                "en": "Drivers (LMG share of R²)"},
    "invariance": {"zh-Hans": "测量不变性（最高成立水平）", "zh-Hant": "測量不變性（最高成立水準）",
                   "en": "Measurement invariance (highest level that holds)"},
    "index": {"zh-Hans": "满意度指数", "zh-Hant": "滿意度指數", "en": "Satisfaction index"},
    "not_supported": {"zh-Hans": "不支持", "zh-Hant": "不支持", "en": "not supported"},
    "valid": {"zh-Hans": "问卷文件有效", "zh-Hant": "問卷檔案有效", "en": "The questionnaire is valid"},
}


def _default_lang() -> str:
    env = (os.environ.get("LC_ALL") or os.environ.get("LANG") or "").lower()
    if env.startswith(("zh_tw", "zh_hk", "zh_mo")):
        return "zh-Hant"
    if env.startswith("zh"):
        return "zh-Hans"
    return "en"


def _t(key: str, lang: str) -> str:
    return _TEXT[key][lang]


_FORCE_HELP = ("replace an existing output file that this command did not write, after keeping a copy as "
               "NAME.~1~ (an input file is never replaced)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="research", description=(
        "Survey-based customer-satisfaction research: questionnaires, import and screening of survey exports."))
    parser.add_argument("--lang", choices=LANGUAGES, default=None,
                        help="language of messages and output (default: from $LANG, else en)")
    # --lang is also accepted after a subcommand: `research questionnaire show lsq5 --lang en`
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    qp = sub.add_parser("questionnaire", help="list, show, validate and render questionnaire templates")
    qsub = qp.add_subparsers(dest="action", metavar="ACTION")
    qsub.add_parser("list", parents=[common], help="list the built-in templates")
    show = qsub.add_parser("show", parents=[common], help="print a questionnaire's constructs and items")
    show.add_argument("questionnaire", help="template name or YAML path")
    val = qsub.add_parser("validate", parents=[common], help="check a questionnaire YAML against the schema")
    val.add_argument("questionnaire", help="template name or YAML path")
    ren = qsub.add_parser("render", parents=[common], help="write a printable form, codebook or lavaan model")
    ren.add_argument("questionnaire", help="template name or YAML path")
    ren.add_argument("--format", choices=FORMATS, default="html")
    ren.add_argument("--out", help="output file (default: NAME.LANG.EXT in the current folder; '-' = stdout); an "
                                   "existing file is not replaced, nor ever the questionnaire read")
    ren.add_argument("--force", action="store_true", help=_FORCE_HELP)

    ip = sub.add_parser("import", parents=[common], help="read a survey export, match it to a questionnaire and screen it")
    ip.add_argument("data", help="CSV, XLSX, XLS or SPSS .sav export")
    ip.add_argument("--questionnaire", "-q", default="lsq5", help="template name or YAML path (default lsq5)")
    ip.add_argument("--mapping", help="YAML file of 'column header: question id' overrides")
    ip.add_argument("--sheet", help="sheet name of a workbook (default: the first)")
    ip.add_argument("--out", help="folder for responses.csv, excluded.csv, flags.csv, problems.csv, mapping.csv and "
                                  "import.json; an earlier import's files there are replaced, any other file of "
                                  "those names (the data file above all) is refused")
    ip.add_argument("--force", action="store_true", help=_FORCE_HELP)
    ip.add_argument("--no-screen", action="store_true", help="only import; do not screen")
    ip.add_argument("--max-missing", type=float, help="exclude respondents missing more than this share of items")
    ip.add_argument("--straightlining", choices=("grid", "block", "off"))
    ip.add_argument("--speeder-fraction", type=float, help="speeder: duration below this fraction of the median")
    ip.add_argument("--speeder-seconds", type=float, help="speeder: duration below this many seconds")
    ip.add_argument("--out-of-range", choices=("exclude", "missing"))
    ip.add_argument("--no-attention", action="store_true", help="do not exclude failed attention checks")
    ip.add_argument("--no-duplicates", action="store_true", help="do not exclude duplicate submissions")

    ap = sub.add_parser("analyze", parents=[common], help="reliability, validity, CFA, SEM and hypotheses → results.json")
    ap.add_argument("data", help="a survey export, or a CSV whose columns are item ids / model variables")
    ap.add_argument("--questionnaire", "-q", help="template name or YAML path (default lsq5 unless --model is given)")
    ap.add_argument("--model", help="lavaan model file (measurement and structural parts)")
    ap.add_argument("--mapping", help="YAML file of 'column header: question id' overrides")
    ap.add_argument("--out", default="results",
                    help="output folder (default: results), created if missing; a results.json there from an "
                         "earlier analyze is replaced, any other file named results.json is refused, and so is "
                         "an --out that is a file")
    ap.add_argument("--force", action="store_true", help=_FORCE_HELP)
    ap.add_argument("--hypothesis", "-H", action="append", default=[],
                    help="a hypothesis (repeatable): a signed path 'H1: REL -> SAT, +'; a moderation 'H4: REL -> SAT "
                         "moderated by EMP, +' (the sign of the interaction); a mediation 'H5: REL -> SAT -> LOY' (more "
                         "mediators in a row: serial); a moderated mediation 'H6: REL -> SAT -> LOY moderated by "
                         "PLATFORM' (first stage; add '(second stage)' or '(both stages)'). Moderation and mediation "
                         "hypotheses run PROCESS on the construct scores (the \"process\" block of results.json)")
    ap.add_argument("--bootstrap", type=int, default=None,
                    help=f"bootstrap resamples (0 = none; default {DEFAULT_BOOTSTRAP}, as the web app; with --method "
                         f"pls {DEFAULT_PLS_BOOTSTRAP}, as SmartPLS)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED,
                    help=f"random seed for the bootstrap (default {DEFAULT_SEED}, as the web app: a rerun repeats "
                         "the confidence intervals exactly)")
    ap.add_argument("--estimator", choices=("ML", "MLR", "WLSMV", "ULSMV"), default="ML", type=str.upper,
                    help="ML (default), MLR (robust), or WLSMV / ULSMV for ordered items (polychoric correlations, "
                         "as lavaan's ordered =)")
    ap.add_argument("--ordered", default=None,
                    help="with --estimator WLSMV/ULSMV: all (default: every item of the questionnaire's scales; other "
                         "observed variables stay continuous) or the ordered items, e.g. SAT1,SAT2,SAT3")
    ap.add_argument("--parameterization", choices=("delta", "theta"), default="delta",
                    help="with --estimator WLSMV/ULSMV: delta (default, as lavaan) or theta")
    ap.add_argument("--missing", choices=("auto", "fiml", "listwise", "pairwise"), default=DEFAULT_MISSING,
                    help="missing answers in the CFA/SEM: auto (default: FIML when answers are missing, else plain ML; "
                         "with WLSMV listwise), fiml (full-information ML), listwise (complete responses only) or "
                         "pairwise (WLSMV only: each correlation from the rows that answered both items, as lavaan)")
    ap.add_argument("--no-screen", action="store_true", help="analyse every row (no screening)")
    ap.add_argument("--scores", choices=("mean", "factor"), default="mean",
                    help="construct scores of the regressions: mean item scores or CFA factor scores")
    ap.add_argument("--control", action="append", default=[],
                    help="a control variable of the regressions, e.g. GENDER (repeatable; entered first)")
    ap.add_argument("--group", help="a segment column, e.g. PLATFORM: adds driver importance, IPA, segment "
                                    "comparison, measurement invariance and the satisfaction index")
    ap.add_argument("--target", help="outcome construct of the driver analysis (default: the one most drivers "
                                     "point to, e.g. SAT)")
    ap.add_argument("--free", action="append", default=[],
                    help="with --group: an equality to release in every invariance level (partial invariance), "
                         "e.g. \"ECO =~ ECO3\" or \"ECO3 ~1\" (repeatable)")
    ap.add_argument("--strict", action="store_true",
                    help="with --group: test strict invariance too (equal residual variances)")
    ap.add_argument("--search-partial", action="store_true",
                    help="with --group: when a level fails, release the equality the score test favours, one at a "
                         "time (at most 3 per level), until it holds")
    ap.add_argument("--mi", type=int, default=10, metavar="N",
                    help="modification indices kept in results.json and printed, largest first (default 10; 0 = none)")
    ap.add_argument("--marker", help="a marker item (theoretically unrelated to the constructs) for the "
                                     "Lindell–Whitney common-method correction")
    ap.add_argument("--scheduler", help="run the bootstrap on a Dask cluster, e.g. tcp://10.0.0.5:8786")
    ap.add_argument("--method", choices=("cbsem", "pls"), default="cbsem",
                    help="cbsem (covariance-based SEM, default) or pls (PLS-SEM as SmartPLS: adds the \"pls\" block "
                         "of results.json, bootstrapped with --bootstrap resamples)")
    ap.add_argument("--scheme", choices=("path", "factorial", "centroid"), default="path",
                    help="with --method pls: inner weighting scheme (default path, as SmartPLS)")
    ap.add_argument("--consistent", action="store_true",
                    help="with --method pls: consistent PLS (PLSc) for the reflective constructs")
    ap.add_argument("--predict", action="store_true",
                    help="with --method pls: PLSpredict and CVPAT (10 folds × 10 repetitions)")
    ap.add_argument("--evaluate", metavar="SYSTEM",
                    help="also evaluate the screened answers with an index system (lsq5-index, ecommerce-model or "
                         "a YAML path): the \"evaluation\" block of results.json, per segment with --group")
    ap.add_argument("--eval-weights", help="with --evaluate: weight method of every node (stated, equal, ahp, "
                                           "entropy, critic, cv, combined), or sem / lmg: the nodes whose "
                                           "children are constructs weighted by this analysis's SEM total effects "
                                           "or LMG shares on the satisfaction construct")
    ap.add_argument("--eval-outcome", metavar="CONSTRUCT",
                    help="with --eval-weights sem|lmg: the outcome construct (default: --target, else the "
                         "satisfaction construct of the model)")
    ap.add_argument("--eval-ahp", action="append", default=[], metavar="EXPERTS.xlsx",
                    help="with --evaluate: an expert's filled-in AHP workbook (repeatable: group AHP)")
    ap.add_argument("--permutations", type=int, default=5000, metavar="N",
                    help="with --method pls and --group: permutations of MICOM and of the permutation test of the "
                         "multi-group analysis, per pair of groups (default 5000)")

    pp = sub.add_parser("process", parents=[common], help="mediation, moderation and conditional process analysis "
                                                          "(Hayes' PROCESS models 1–76) → process.json")
    pp.add_argument("data", help="a survey export, or a CSV whose columns are item ids / variables")
    pp.add_argument("--questionnaire", "-q", help="template name or YAML path (default lsq5 unless --lavaan is given)")
    pp.add_argument("--lavaan", help="lavaan measurement model file whose constructs give the scores")
    pp.add_argument("--mapping", help="YAML file of 'column header: question id' overrides")
    pp.add_argument("--no-screen", action="store_true", help="analyse every row (no screening)")
    pp.add_argument("--model", type=int, default=4, help="PROCESS model number 1–76 (1 moderation, 4 mediation, 6 "
                                                        "serial mediation, 7 / 14 / 58 moderated mediation; default 4)")
    pp.add_argument("--x", required=True, help="independent variable X: a construct id (its scores) or a data column")
    pp.add_argument("--y", required=True, help="outcome Y")
    pp.add_argument("--m", action="append", default=[], help="a mediator (repeatable or comma-separated; model 6: "
                                                             "in causal order)")
    pp.add_argument("--w", help="moderator W (a construct, or a column such as PLATFORM)")
    pp.add_argument("--z", help="second moderator Z (models 2, 3, 9–13, 16–22 …)")
    pp.add_argument("--cov", action="append", default=[], help="a covariate entered in every equation (repeatable "
                                                               "or comma-separated)")
    pp.add_argument("--categorical", action="append", default=None,
                    help="treat this moderator or covariate as categorical (repeatable; default: the questionnaire's "
                         "single-choice segments and every text column)")
    pp.add_argument("--center", choices=("none", "all", "continuous"), default="none",
                    help="mean-centre the variables that form products: none (default, as PROCESS), all, continuous")
    pp.add_argument("--se", choices=("hc3", "ols", "hc0", "hc1", "hc2", "hc4"), default="hc3",
                    help="standard errors of the coefficients (default HC3, Hayes & Cai 2007)")
    pp.add_argument("--boot", type=int, default=DEFAULT_BOOTSTRAP,
                    help=f"bootstrap resamples of the indirect effects (0 = none, else at least 200; default "
                         f"{DEFAULT_BOOTSTRAP})")
    pp.add_argument("--ci", choices=("percentile", "bc"), default="percentile",
                    help="bootstrap interval: percentile (default; Preacher & Hayes 2008) or bc (bias-corrected)")
    pp.add_argument("--level", type=float, default=0.95, help="confidence level (default 0.95)")
    pp.add_argument("--probe", choices=("sd", "percentile"), default="sd",
                    help="moderator values of the conditional effects: sd (mean ± 1 SD, default) or percentile "
                         "(16th, 50th, 84th)")
    pp.add_argument("--scores", choices=("mean", "factor"), default="mean",
                    help="construct scores: mean item scores (default) or CFA factor scores")
    pp.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    pp.add_argument("--out", help="folder for process.json (created if missing); an earlier process.json there is "
                                  "replaced, any other file of that name refused")
    pp.add_argument("--force", action="store_true", help=_FORCE_HELP)

    ev = sub.add_parser("evaluate", parents=[common], help="evaluate data with an index system (评价指标体系): AHP, "
                        "entropy, CRITIC or combined weights, grades, fuzzy evaluation, TOPSIS ranking → results.json")
    ev.add_argument("data", nargs="?", help="a survey export (read and screened as `research import` does when the "
                                            "system's leaves are questionnaire items), or a table whose columns "
                                            "the leaves name (expert scores, other indicators)")
    ev.add_argument("--system", "-s", default="lsq5-index",
                    help="index system: a shipped template (lsq5-index, ecommerce-model) or a YAML path "
                         "(default lsq5-index)")
    ev.add_argument("--ahp", action="append", default=[], metavar="EXPERTS.xlsx",
                    help="an expert's filled-in AHP workbook (repeatable: several experts = group AHP); with no "
                         "--weights every node is then weighted by AHP")
    ev.add_argument("--aggregate", default="judgements",
                    help="group AHP: judgements (AIJ, geometric mean of the judgements; default) or priorities "
                         "(AIP, geometric mean of each expert's weights)")
    ev.add_argument("--weights", help="weight method of every node: stated, equal, ahp, entropy, critic, cv or "
                                      "combined (default: each node's method in the system file); or sem / lmg: "
                                      "the nodes whose children are questionnaire constructs weighted by the "
                                      "standardized SEM total effects / LMG shares of R² on the satisfaction "
                                      "construct, from the questionnaire's standard model fitted to the data")
    ev.add_argument("--outcome", metavar="CONSTRUCT",
                    help="with --weights sem|lmg: the outcome construct (default: the questionnaire's "
                         "satisfaction construct, e.g. SAT)")
    ev.add_argument("--group", help="a segment column, e.g. PLATFORM: scores per segment and a ranking of the "
                                    "segments (TOPSIS, grey relational analysis)")
    ev.add_argument("--operator", default="weighted_average",
                    help="fuzzy operator: weighted_average M(·,⊕) (default), min_max M(∧,∨), product_max M(·,∨), "
                         "min_bounded_sum M(∧,⊕)")
    ev.add_argument("--level", type=float, default=0.95, help="confidence level of the CIs (default 0.95)")
    ev.add_argument("--min-n", type=int, default=30,
                    help="segments with fewer respondents are left out of the ranking (default 30)")
    ev.add_argument("--normalisation", default="vector", help="TOPSIS normalisation: vector (default) or minmax")
    ev.add_argument("--mapping", help="YAML file of 'column header: question id' overrides")
    ev.add_argument("--sheet", help="sheet name of a workbook (default: the first)")
    ev.add_argument("--no-screen", action="store_true", help="evaluate every row (no screening)")
    ev.add_argument("--alternatives", nargs="?", const="", metavar="NAME_COLUMN",
                    help="rank the alternatives of DATA, a table with one row per alternative (platform, courier, "
                         "supplier …) and one column per criterion, raw values (方案 × 指标表): criteria weights, "
                         "TOPSIS, grey relational analysis and their sensitivity, no index system; NAME_COLUMN "
                         "names the alternatives (default: the first text column, else row numbers). --weights: "
                         "entropy (direction-normalised, default), entropy_raw, critic, cv, equal or ahp (with "
                         "--ahp workbooks of the criteria: --template --alternatives writes one)")
    ev.add_argument("--criteria", help="with --alternatives: the criteria columns, comma-separated (default: every "
                                       "other column of numbers)")
    ev.add_argument("--cost", help="with --alternatives: the criteria where less is better, comma-separated")
    ev.add_argument("--rho", type=float, default=0.5,
                    help="with --alternatives: grey relational distinguishing coefficient (default 0.5)")
    ev.add_argument("--template", action="store_true",
                    help="write the experts' AHP workbook of --system (one sheet per node) to --out instead; with "
                         "--alternatives: the workbook comparing the criteria of the table")
    ev.add_argument("--out", "-o",
                    help="folder for results.json, evaluation_scores.csv and evaluation.xlsx (default: "
                         "evaluation), created if missing; an earlier evaluate's files there are replaced, any "
                         "other file of those names refused. With --template: the workbook file (default: "
                         "SYSTEM-ahp.xlsx), never written over an existing file")
    ev.add_argument("--force", action="store_true", help=_FORCE_HELP)

    pw = sub.add_parser("power", parents=[common], help="Monte Carlo power and the N needed, per path and indirect effect")
    pw.add_argument("model", help="population values as lavaan syntax with numbers (SAT ~ .3*REL …), or a "
                                  "results.json of `research analyze` (post-hoc)")
    pw.add_argument("--n", default="200,300,500", help="sample sizes, comma-separated (default 200,300,500)")
    pw.add_argument("--reps", type=int, default=500, help="replications per sample size (default 500)")
    pw.add_argument("--alpha", type=float, default=0.05)
    pw.add_argument("--seed", type=int, help="random seed")
    pw.add_argument("--likert", choices=("5", "7", "none"), default="5", help="answer scale of the simulated data")
    pw.add_argument("--jobs", type=int, default=-1, help="worker processes (−1 = all cores)")
    pw.add_argument("--target", type=float, default=0.8, help="power the N needed is computed for (default .80)")
    pw.add_argument("--out", help="folder for power.json and the power-curve figure (power.png, power.svg); an "
                                  "earlier power run's files there are replaced, any other file of those names "
                                  "is refused")
    pw.add_argument("--force", action="store_true", help=_FORCE_HELP)
    pw.add_argument("--scheduler", help="run the replications on a Dask cluster, e.g. tcp://10.0.0.5:8786")

    rp = sub.add_parser("report", parents=[common], help="write a report (APA tables, figures, results text)")
    rp.add_argument("results", help="results.json written by `research analyze`")
    rp.add_argument("--format", choices=("docx", "html", "md", "tex"), default=None,
                    help="report format (default: from --out's extension, else html)")
    rp.add_argument("--out", help="output file ending in .docx, .html, .md or .tex (default: report.FORMAT "
                                  "beside results.json; no PDF: save the DOCX as PDF); an earlier report there is "
                                  "replaced, any other file is refused, the results.json read always; tex writes "
                                  "figure-N.png beside it under the same rule")
    rp.add_argument("--force", action="store_true", help=_FORCE_HELP)
    rp.add_argument("--no-text", action="store_true", help="tables and figures only")
    rp.add_argument("--no-figures", action="store_true", help="text and tables only")
    rp.add_argument("--paper", choices=("a4", "letter"), default="a4",
                    help="page of the DOCX (and LaTeX, HTML print): a4 = 210 × 297 mm, 2.54 cm margins (default); "
                         "letter = 8.5 × 11 in, 1 in margins")

    sv = sub.add_parser("serve", parents=[common], help="collect responses: the study store's waves as mobile web "
                        "forms (/f/SLUG), with a QR code each (/f/SLUG/qr.svg)")
    sv.add_argument("--database", metavar="URL", help="the study store: sqlite:///PATH.db or postgresql+psycopg://USER@HOST/DB "
                                       "(default: $RESEARCH_DATABASE_URL, else studies.db in $RESEARCH_STORE_DIR "
                                       "or the current folder)")
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine "
                                                        "only; put a reverse proxy with TLS in front, see README)")
    sv.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000; 0 = any free port, "
                                                           "printed)")
    sv.add_argument("--base-url", metavar="URL", help="the public address, e.g. https://survey.example.org, used in the QR codes "
                                       "(default: the address each request came to)")
    sv.add_argument("--secret-file", metavar="PATH", help="file whose content signs the forms' CSRF and start-time fields (at "
                                          "least 16 bytes; default: serve_secret in the store's folder, created "
                                          "once with random bytes); never printed")
    sv.add_argument("--forwarded-allow-ips", metavar="IPS",
                    help="believe X-Forwarded-For/-Proto from these proxy addresses (comma-separated, e.g. "
                         "127.0.0.1 when nginx runs on this machine; default: none, the connection's address is "
                         "the client's)")
    sv.add_argument("--max-body", type=int, default=64 * 1024, metavar="BYTES",
                    help="largest request body accepted (default 65536; larger: 413)")
    sv.add_argument("--rate-limit", type=float, default=10.0, metavar="PER_MINUTE",
                    help="submissions a minute per client address, sustained (default 10; 0 = no limit; beyond: "
                         "429); kept in this process's memory")
    sv.add_argument("--burst", type=int, default=5, help="submissions at once per client address (default 5)")

    from .cli_study import add_study_parser
    add_study_parser(sub, common, _FORCE_HELP)
    return parser


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    lang = args.lang or _default_lang()
    if args.command is None:
        parser.print_help()
        return 0
    try:
        if args.command == "questionnaire":
            return _questionnaire(args, lang, parser)
        if args.command == "analyze":
            return _analyze(args, lang)
        if args.command == "report":
            return _report(args, lang)
        if args.command == "power":
            return _power(args, lang)
        if args.command == "process":
            return _process(args, lang)
        if args.command == "evaluate":
            return _evaluate(args, lang)
        if args.command == "serve":
            return _serve(args, lang)
        if args.command == "study":
            from .cli_study import study_command
            return study_command(args, lang, parser)
        return _import(args, lang)
    except ResearchError as err:
        print(err.message(lang), file=sys.stderr)
        return 2
    except OSError as err:  # writing an output file or folder failed
        if isinstance(err, BrokenPipeError):  # output piped into `head`: stop quietly
            sys.stdout = open(os.devnull, "w")
            return 0
        from .errors import OptionError

        failure = OptionError("file_write", file=err.filename, detail=err.strerror or type(err).__name__)
        print(failure.message(lang), file=sys.stderr)
        return 2


def _questionnaire(args, lang: str, parser) -> int:
    from .questionnaire import list_templates, load_questionnaire

    if args.action is None:
        parser.parse_args(["questionnaire", "--help"])
    if args.action == "list":
        for name in list_templates():
            q = load_questionnaire(name)
            print(f"{name:24} {q.title_in(lang)}  ({len(q.constructs)} constructs, {len(q.items)} items)")
        return 0
    q = load_questionnaire(args.questionnaire)
    if args.action == "validate":
        print(f"{_t('valid', lang)}: {q.source_file} — {len(q.constructs)} constructs, {len(q.items)} items, "
              f"{len(q.segments)} segments, {len(q.attention_checks)} attention checks")
        return 0
    if args.action == "show":
        print(q.title_in(lang))
        for c in q.constructs:
            print(f"\n{c.id}  {c.label(lang)}" + (f"  [{c.role}]" if c.role else ""))
            if c.source:
                print(f"    {c.source}")
            for i in c.items:
                print(f"  {i.number:>3}. {i.id:<8}{' (R)' if i.reverse else '    '} {i.label(lang)}")
        print("\n" + q.lavaan())
        return 0
    from .forms import render_questionnaire

    out = args.out or f"{q.id}.{lang}{_EXT[args.format]}"
    if out == "-":
        text = render_questionnaire(q, args.format, lang)
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
        else:
            print(text)
        return 0
    from .outputs import Outputs

    session = Outputs(_files(args.questionnaire), force=args.force, command="questionnaire render")
    session.check([out])
    content = render_questionnaire(q, args.format, lang)
    if isinstance(content, str):
        content = content.encode("utf-8-sig" if args.format in ("codebook", "header") else "utf-8")
    session.write_bytes(out, content)
    _print_outputs(session, lang)
    return 0


def _serve(args, lang: str) -> int:
    from .errors import OptionError, invalid_option
    from .messages import render_message
    from .serve import Limits, bind, create_app, load_secret, serve, store_folder
    from .serve.security import MIN_SECRET_BYTES
    from .serve.server import url_of
    from .store import open_store

    if not 0 <= args.port <= 65535:
        raise invalid_option("--port", str(args.port), "Give a port from 1 to 65535, or 0 for any free port.",
                             "请指定 1 至 65535 之间的端口，或用 0 表示任一空闲端口。",
                             "請指定 1 至 65535 之間的連接埠，或用 0 表示任一空閒連接埠。")
    if args.max_body < 1024 or args.rate_limit < 0 or args.burst < 1:
        raise invalid_option("--max-body/--rate-limit/--burst", f"{args.max_body}/{args.rate_limit}/{args.burst}",
                             "--max-body needs at least 1024 bytes, --rate-limit 0 or more, --burst 1 or more.",
                             "--max-body 至少 1024 字节，--rate-limit 不小于 0，--burst 至少为 1。",
                             "--max-body 至少 1024 位元組，--rate-limit 不小於 0，--burst 至少為 1。")
    store = open_store(args.database)
    try:
        secret = load_secret(args.secret_file, folder=store_folder(args.database))
    except ValueError:
        found = len(Path(args.secret_file).read_bytes().strip())
        raise OptionError("serve_secret_short", file=args.secret_file, found=found, need=MIN_SECRET_BYTES) from None
    limits = Limits(max_body=args.max_body, per_minute=args.rate_limit, burst=args.burst)
    app = create_app(store, secret=secret, limits=limits, base_url=args.base_url)
    try:
        sock = bind(args.host, args.port)
    except OSError as err:
        store.close()
        raise invalid_option("--host/--port", f"{args.host}:{args.port} ({err.strerror or err})",
                             "Choose another port (or stop the program using it), or an address of this machine.",
                             "请换一个端口（或停止占用它的程序），或使用本机的地址。",
                             "請換一個連接埠（或停止占用它的程式），或使用本機的位址。") from None
    url = url_of(sock)
    what, how = render_message("serve_listening", lang, {"url": url, "database": store.url_for_display,
                                                          "slug": "SLUG"})
    print(what)
    print(how, flush=True)
    try:
        serve(app, sock, forwarded_allow_ips=args.forwarded_allow_ips)
    finally:
        store.close()
    return 0


def _files(*names) -> list[Path]:
    """The inputs among ``names`` that are files (a template name such as lsq5 is none)."""
    return [Path(n) for n in names if n and n != "-" and Path(n).is_file()]


def _print_outputs(session, lang: str) -> None:
    for path in session.backups:
        print(f"{_t('backup', lang)}: {path}")
    for path in session.written:
        print(f"{_t('written', lang)}: {path}")


def _is_results_json(path: Path) -> bool:
    """Whether ``path`` is a results.json written by `research analyze` (its meta block records the data's
    hash and the analysis spec)."""
    from .results_file import read_json

    d = read_json(path)
    meta = d.get("meta") if isinstance(d, dict) else None
    return isinstance(meta, dict) and "data_sha256" in meta and "spec" in meta


def _import(args, lang: str) -> int:
    from .io import load_responses

    if args.out:  # refuse an --out that is a file before the work (the files inside are checked when written)
        from .outputs import output_folder

        output_folder(args.out, create=False)
    responses = load_responses(args.data, args.questionnaire, mapping=args.mapping, sheet=args.sheet)
    src, report = responses.source, responses.mapping
    from .io.mapping import how_label
    from .io.platforms import platform_name
    from .messages import note_texts

    print(f"{_t('file', lang)}: {src.file}   {_t('platform', lang)}: {platform_name(src.platform, lang)}   "
          f"{_t('encoding', lang)}: {src.encoding or src.format}")
    print(f"{_t('respondents', lang)}: {responses.n}   {_t('mapped', lang)}: {len(report.mapped)}")
    for m in report.matches:
        if m.item and m.score < 1.0 and m.how != "explicit":
            print(f"{_t('fuzzy', lang)}: {shorten(m.column)} → {m.item} ({how_label(m.how, lang)}, {m.score:.2f})")
    if report.unmapped:
        print(f"{_t('unmapped', lang)}: " + "; ".join(shorten(c) for c in report.unmapped))
    for m in report.ambiguous:
        print(f"{_t('ambiguous', lang)}: {shorten(m.column)} → {', '.join(m.candidates)} ({how_label(m.how, lang)})")
    if report.missing:
        print(f"{_t('missing', lang)}: " + ", ".join(report.missing))
    if len(responses.problems):
        print(f"{_t('problems', lang)}: {len(responses.problems)}")
        column = "message" if lang == "en" else "message_zh"
        if lang == "zh-Hant" and "message_zh_hant" in responses.problems:
            column = "message_zh_hant"
        for p in responses.problems.head(10).itertuples():
            print("  " + where_text(lang, row=p.row, column=p.column, value=p.value) + " " + getattr(p, column))
        if len(responses.problems) > 10:
            print("  …")
    for note in responses.notes:
        print(shorten(note_texts(note).get(lang) or str(note), 300))

    screening = None
    if not args.no_screen:
        from .screening import screen

        overrides = {k: v for k, v in {
            "max_missing_share": args.max_missing, "straightlining": args.straightlining,
            "speeder_fraction": args.speeder_fraction, "speeder_seconds": args.speeder_seconds,
            "out_of_range": args.out_of_range,
            "attention": False if args.no_attention else None,
            "duplicates": False if args.no_duplicates else None}.items() if v is not None}
        screening = screen(responses, **overrides)
        print()
        print(screening.summary(lang))

    if args.out:
        from .io.save import write_import_results
        from .outputs import Outputs

        session = Outputs(_files(args.data, args.questionnaire, args.mapping), force=args.force, command="import")
        write_import_results(responses, screening, args.out, outputs=session)
        _print_outputs(session, lang)
    return 0


def _analyze(args, lang: str) -> int:
    from .analyze import analyze

    model = None
    if args.model:
        try:
            model = Path(args.model).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            raise FileReadError("file_not_found", file=str(args.model)) from None
    questionnaire = args.questionnaire or (None if model else "lsq5")
    from .outputs import Outputs, output_folder

    session = Outputs(_files(args.data, args.questionnaire, args.model, args.mapping, args.evaluate, *args.eval_ahp),
                      force=args.force, command="analyze")
    evaluation = None
    if args.evaluate:
        evaluation = {k: v for k, v in {"system": args.evaluate, "weights": args.eval_weights,
                                        "ahp": args.eval_ahp or None, "outcome": args.eval_outcome}.items()
                      if v is not None}
    target = output_folder(args.out, create=False) / "results.json"
    session.check([target], own=_is_results_json)  # before minutes of work, not after
    result = analyze(args.data, questionnaire=questionnaire, model=model, mapping=args.mapping,
                     hypotheses=tuple(args.hypothesis), bootstrap=args.bootstrap, seed=args.seed,
                     estimator=args.estimator, missing=args.missing, screen=not args.no_screen,
                     **_ordinal_args(args), scores=args.scores, controls=tuple(args.control), group=args.group, target=args.target,
                     free=tuple(args.free), strict=args.strict, search_partial=args.search_partial, mi=args.mi,
                     marker=args.marker, scheduler=args.scheduler, method=args.method, scheme=args.scheme,
                     consistent=args.consistent, predict=args.predict, permutations=args.permutations,
                     evaluation=evaluation)
    output_folder(args.out)
    session.check([target], own=_is_results_json)  # again: the folder may have changed meanwhile
    session.write_text(target, result.to_json())
    d = result.to_dict()
    _print_summary(d, lang)
    _print_pls(d, lang)
    _print_diagnostics(d, lang)
    _print_marketing(d, lang)
    if d.get("evaluation"):
        print(evaluation_summary(d["evaluation"], lang))
    for w in d["warnings"]:
        print(f"! [{w.get('where', '')}] " + (w.get(lang) or w.get("zh-Hans") if lang != "en" else w["en"]))
    _print_outputs(session, lang)
    return 0


def _ordinal_args(args) -> dict:
    """--ordered / --parameterization as analyze options: only with WLSMV/ULSMV (with ML they are refused there,
    naming the option, when given)."""
    out = {}
    if args.ordered is not None:
        text = args.ordered.strip()
        out["ordered"] = "all" if text.lower() == "all" else tuple(v.strip() for v in text.split(",") if v.strip())
    if args.parameterization != "delta":
        out["parameterization"] = args.parameterization
    return out


def _split(values) -> list:
    """Repeatable options that may also be comma-separated: ["SAT,TRU", "EMP"] → ["SAT", "TRU", "EMP"]."""
    return [v.strip() for value in values or [] for v in str(value).replace("，", ",").split(",") if v.strip()]


def _is_process_json(path: Path) -> bool:
    """Whether ``path`` is a process.json written by `research process` (a PROCESS result with its meta)."""
    from .results_file import read_json

    d = read_json(path)
    meta = d.get("meta") if isinstance(d, dict) else None
    return isinstance(meta, dict) and "data_sha256" in meta and "model" in d and "roles" in d


def _process(args, lang: str) -> int:
    from .analyze import process_study

    lavaan = None
    if args.lavaan:
        try:
            lavaan = Path(args.lavaan).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            raise FileReadError("file_not_found", file=str(args.lavaan)) from None
    questionnaire = args.questionnaire or (None if lavaan else "lsq5")
    from .outputs import Outputs, output_folder

    session = Outputs(_files(args.data, args.questionnaire, args.lavaan, args.mapping), force=args.force,
                      command="process")
    target = None
    if args.out:
        target = output_folder(args.out, create=False) / "process.json"
        session.check([target], own=_is_process_json)
    study = process_study(args.data, questionnaire=questionnaire, lavaan=lavaan, mapping=args.mapping,
                          screen=not args.no_screen, scores=args.scores, model=args.model, x=args.x, y=args.y,
                          m=_split(args.m), w=args.w, z=args.z, covariates=_split(args.cov),
                          categorical=None if args.categorical is None else _split(args.categorical),
                          center={"none": False, "all": True, "continuous": "continuous"}[args.center], se=args.se,
                          boot=args.boot, ci=args.ci, level=args.level, probe=args.probe, seed=args.seed)
    d = study.to_dict()
    print(process_summary(d, lang))
    for w in d["warnings"]:
        print(f"! [{w.get('where', '')}] " + (w.get(lang) or w.get("en", "")))
    if target is not None:
        output_folder(args.out)
        session.check([target], own=_is_process_json)
        session.write_text(target, study.to_json())
        _print_outputs(session, lang)
    return 0


_PT = {
    "model": {"en": "PROCESS model {n}", "zh-Hans": "PROCESS 模型 {n}", "zh-Hant": "PROCESS 模型 {n}"},
    "se": {"en": "{se} standard errors", "zh-Hans": "{se} 标准误", "zh-Hant": "{se} 標準誤"},
    "boot": {"en": "{b} bootstrap resamples ({ci}), seed {seed}", "zh-Hans": "Bootstrap 重抽样 {b} 次（{ci}），随机种子 {seed}",
             "zh-Hant": "拔靴重抽樣 {b} 次（{ci}），隨機種子 {seed}"},
    "noboot": {"en": "no bootstrap", "zh-Hans": "未做 Bootstrap", "zh-Hant": "未做拔靴法"},
    "mean": {"en": "mean item scores", "zh-Hans": "题目均值得分", "zh-Hant": "題目平均分數"},
    "factor": {"en": "CFA factor scores", "zh-Hans": "CFA 因子得分", "zh-Hant": "CFA 因素分數"},
    "outcome": {"en": "Outcome: {y}", "zh-Hans": "结果变量：{y}", "zh-Hant": "結果變數：{y}"},
    "direct": {"en": "Direct effect of {x} on {y}", "zh-Hans": "{x}对{y}的直接效应", "zh-Hant": "{x}對{y}的直接效果"},
    "conditional": {"en": "Conditional effect of {x} on {y}", "zh-Hans": "{x}对{y}的条件效应",
                    "zh-Hant": "{x}對{y}的條件效果"},
    "indirect": {"en": "Indirect effects of {x} on {y}", "zh-Hans": "{x}对{y}的间接效应", "zh-Hant": "{x}對{y}的間接效果"},
    "total": {"en": "Total effect of {x} on {y}", "zh-Hans": "{x}对{y}的总效应", "zh-Hant": "{x}對{y}的總效果"},
    "index": {"en": "Index of moderated mediation", "zh-Hans": "被调节的中介指数", "zh-Hant": "被調節的中介指標"},
    "interaction": {"en": "Interaction", "zh-Hans": "交互项", "zh-Hant": "交互作用項"},
    "jn": {"en": "Johnson–Neyman: the effect of {x} changes significance at {w} = {v}",
           "zh-Hans": "Johnson–Neyman：{w} = {v} 处{x}的效应显著性发生变化",
           "zh-Hant": "Johnson–Neyman：{w} = {v} 處{x}的效果顯著性發生變化"},
    "jn_none": {"en": "Johnson–Neyman: no point within the observed range of {w}",
                "zh-Hans": "Johnson–Neyman：{w} 的观测范围内没有临界点", "zh-Hant": "Johnson–Neyman：{w} 的觀測範圍內沒有臨界點"},
    "term": {"en": "Term", "zh-Hans": "项", "zh-Hant": "項"},
    "path": {"en": "Path", "zh-Hans": "路径", "zh-Hant": "路徑"},
    "effect": {"en": "Effect", "zh-Hans": "效应", "zh-Hant": "效果"},
    "excluded": {"en": "rows left out (missing)", "zh-Hans": "因缺失删除的行", "zh-Hant": "因遺漏刪除的列"},
}


def process_summary(d: dict, lang: str = "en") -> str:
    """A PROCESS result (``process.json``) as the console shows it: the model, the variables by name, each
    equation's coefficients, the (conditional) direct, indirect and total effects and the indices, numbers as
    APA prints them (research.report.apa)."""
    from . import tables
    from .report import apa

    def t(key, **kw):
        return _PT[key][lang].format(**kw)

    labels = d.get("labels") or {}
    segments = labels.get("segments") or {}
    level_labels = d.get("level_labels") or {}

    def name(code) -> str:
        if code in segments:
            return tables.local(segments[code], lang, code)
        return tables.name(d, code, lang)

    def term(text) -> str:
        if text == "(constant)":
            return tables.INTERCEPT[lang]
        parts = []
        for part in str(text).split("×"):
            var, _, level = part.partition("[")
            if level:
                level = level.rstrip("]")
                shown = tables.local((level_labels.get(var) or {}).get(level), lang, level)
                parts.append(f"{name(var)}[{shown}]")
            else:
                parts.append(name(var))
        return " × ".join(parts)

    def value(var, v) -> str:
        if isinstance(v, str):
            return tables.local((level_labels.get(var) or {}).get(v), lang, v)
        return apa.num(v, 2)

    def ci(lo, hi) -> str:
        return f"[{apa.num(lo, 3)}, {apa.num(hi, 3)}]"

    roles = d.get("roles") or {}
    level = d.get("level") or 0.95
    ci_head = f"{round(100 * level)}% CI"
    method = tables.CI_METHOD.get(d.get("ci"), {}).get(lang, d.get("ci"))
    lines = [" · ".join([t("model", n=d.get("model")), f"n = {d.get('n')}",
                         t("se", se=str(d.get("se", "")).upper()),
                         t("boot", b=d.get("boot"), ci=method, seed=d.get("seed")) if d.get("boot") else t("noboot"),
                         *([_PT[d["scores"]][lang]] if d.get("scores") in ("mean", "factor") else [])])]
    order = sorted(roles, key=lambda r: ("X", "M", "W", "Z", "V", "Q", "Y", "C").index(r[0]) * 100
                   + int(r[1:] or 0))
    lines.append("; ".join(f"{r} = {name(roles[r])}" + (f" ({roles[r]})" if name(roles[r]) != roles[r] else "")
                           for r in order))
    if d.get("excluded"):
        lines.append(f"{t('excluded')}: {len(d['excluded'])}")
    x, y = name(roles.get("X")), name(roles.get("Y"))
    coefs = d.get("coefficients") or []
    for s in d.get("summary") or []:
        eq = s.get("equation")
        head = t("outcome", y=name(s.get("outcome"))) + (f" ({t('total', x=x, y=y)})" if eq == "total" else "")
        lines += ["", head + f"   R² = {apa.unit(s.get('R2'))}, F({apa.num(s.get('df1'), 0)}, {apa.num(s.get('df2'), 0)}) = "
                  f"{apa.num(s.get('F'), 2)}, {apa.p_text(s.get('p'))}"]
        rows = [[term(c["term"]), apa.num(c.get("coeff"), 3), apa.num(c.get("se"), 3), apa.num(c.get("t"), 2),
                 apa.p(c.get("p")), ci(c.get("ci.lower"), c.get("ci.upper"))] for c in coefs if c.get("equation") == eq]
        lines += _columns([t("term"), "b", "SE", "t", "p", ci_head], rows)
        for i in d.get("interactions") or []:
            if i.get("equation") == eq:
                lines.append(f"  {t('interaction')} {term(i.get('term')) if i.get('term') != 'all' else '(all)'}: "
                             f"ΔR² = {apa.unit(i.get('R2.change'))}, F({apa.num(i.get('df1'), 0)}, "
                             f"{apa.num(i.get('df2'), 0)}) = {apa.num(i.get('F'), 2)}, {apa.p_text(i.get('p'))}")
    direct = d.get("direct") or []
    if direct:
        mods = [k for k in direct[0] if k not in ("effect", "se", "t", "p", "ci.lower", "ci.upper")]
        lines += ["", t("conditional" if mods else "direct", x=x, y=y)]
        rows = [[*(value(k, r.get(k)) for k in mods), apa.num(r.get("effect"), 3), apa.num(r.get("se"), 3),
                 apa.num(r.get("t"), 2), apa.p(r.get("p")), ci(r.get("ci.lower"), r.get("ci.upper"))] for r in direct]
        lines += _columns([*(name(k) for k in mods), t("effect"), "SE", "t", "p", ci_head], rows)
    for j in d.get("jn") or []:
        w = name(j.get("moderator"))
        inside = j.get("inside") or []
        lines.append(t("jn", x=name(j.get("focal")), w=w, v=", ".join(apa.num(v, 3) for v in inside)) if inside
                     else t("jn_none", w=w))
    indirect = d.get("indirect") or []
    if indirect:
        mods = [k for k in indirect[0] if k not in ("path", "mediators", "effect", "draw", "boot.se", "boot.ci.lower",
                                                    "boot.ci.upper")]
        lines += ["", t("indirect", x=x, y=y)]
        rows = [[" → ".join(name(p.strip()) for p in str(r.get("path")).split("→")) if r.get("path") != "total"
                 else t("total", x="", y="").strip(), *(value(k, r.get(k)) for k in mods), apa.num(r.get("effect"), 3),
                 apa.num(r.get("boot.se"), 3), ci(r.get("boot.ci.lower"), r.get("boot.ci.upper"))] for r in indirect]
        lines += _columns([t("path"), *(name(k) for k in mods), t("effect"), "Boot SE", ci_head], rows)
    for r in d.get("indices") or []:
        lines.append(f"{t('index')} ({term(r.get('moderator'))}): {apa.num(r.get('effect'), 3)}, Boot SE = "
                     f"{apa.num(r.get('boot.se'), 3)}, {ci_head} {ci(r.get('boot.ci.lower'), r.get('boot.ci.upper'))}")
    for r in d.get("total") or []:
        lines.append(f"{t('total', x=x, y=y)}: {apa.num(r.get('effect'), 3)}, SE = {apa.num(r.get('se'), 3)}, "
                     f"{apa.p_text(r.get('p'))}, {ci_head} {ci(r.get('ci.lower'), r.get('ci.upper'))}")
    for n in d.get("notes") or []:
        lines.append("* " + (n.get(lang) or n.get("en", "")) if isinstance(n, dict) else "* " + str(n))
    return "\n".join(lines)


EVALUATE_FILES = ("results.json", "evaluation_scores.csv", "evaluation.xlsx")


def _own_evaluate_file(folder: Path):
    """Whether a file in ``folder`` is an earlier `research evaluate` output: its results.json (meta.command
    "evaluate" and an evaluation block), or a table that results.json lists with the SHA-256 it still has."""
    import hashlib

    from .results_file import read_json

    try:
        earlier = read_json(folder / "results.json", max_mb=200) if (folder / "results.json").is_file() else None
    except ResearchError:
        earlier = None
    meta = earlier.get("meta") if isinstance(earlier, dict) else None
    ours = isinstance(meta, dict) and meta.get("command") == "evaluate" and (
        isinstance(earlier.get("evaluation"), dict) or isinstance(earlier.get("alternatives"), dict))

    def own(path: Path) -> bool:
        if not ours:
            return False
        if path.name == "results.json":
            return True
        files = meta.get("files")
        return isinstance(files, dict) and files.get(path.name) == hashlib.sha256(path.read_bytes()).hexdigest()
    return own


def _evaluate(args, lang: str) -> int:
    import hashlib
    import json

    from .errors import invalid_option
    from .outputs import Outputs, output_folder

    if args.alternatives is not None:
        return _evaluate_alternatives(args, lang)
    if args.template:
        return _evaluate_template(args, lang)
    if not args.data:
        raise invalid_option("DATA", "∅", "Name the data file to evaluate (research evaluate DATA --system SYSTEM), "
                             "or write the experts' AHP workbook with --template.",
                             "请给出要评价的数据文件（research evaluate 数据文件 --system 指标体系），或用 --template "
                             "生成专家 AHP 打分表。",
                             "請提供要評價的資料檔案（research evaluate 資料檔案 --system 指標體系），或以 --template "
                             "產生專家 AHP 評分表。")
    if not Path(args.data).is_file():
        raise FileReadError("file_not_found", file=str(args.data))
    from .evaluation.study import evaluation_study
    from .export import csv_bytes, xlsx_bytes

    session = Outputs(_files(args.data, args.system, args.mapping, *args.ahp), force=args.force, command="evaluate")
    folder = output_folder(args.out or "evaluation", create=False)
    targets = [folder / name for name in EVALUATE_FILES]
    session.check(targets, own=_own_evaluate_file(folder))           # before the work, and again before writing
    study = evaluation_study(args.data, args.system, weights=args.weights, ahp=args.ahp or None,
                             aggregate=args.aggregate, group=args.group, level=args.level, operator=args.operator,
                             normalisation=args.normalisation, min_n=args.min_n, mapping=args.mapping,
                             sheet=args.sheet, screen=not args.no_screen, outcome=args.outcome)
    d = study.to_dict()
    print(evaluation_summary(d["evaluation"], lang))
    for w in d["warnings"]:
        if w.get("where") != "evaluation":          # the evaluation's own notes are in the summary
            print(f"! [{w.get('where', '')}] " + (w.get(lang) or w.get("en", "")))
    tables = {"evaluation_scores.csv": csv_bytes(study.scores_table()),
              "evaluation.xlsx": xlsx_bytes(study.workbook_tables(lang))}
    d["meta"]["files"] = {name: hashlib.sha256(data).hexdigest() for name, data in tables.items()}
    output_folder(folder)
    session.check(targets, own=_own_evaluate_file(folder))
    for target in targets[1:]:
        session.write_bytes(target, tables[target.name])
    session.write_text(targets[0], json.dumps(d, ensure_ascii=False, indent=1, allow_nan=False))
    _print_outputs(session, lang)
    return 0


_ET = {
    "template": {"en": "AHP workbook for the experts of {title}: {k} sheet(s), one per node — {nodes}",
                 "zh-Hans": "{title}的专家 AHP 打分表：{k} 个工作表，每个节点一个——{nodes}",
                 "zh-Hant": "{title}的專家 AHP 評分表：{k} 個工作表，每個節點一個——{nodes}"},
    "weights": {"en": "weights: {m}", "zh-Hans": "权重：{m}", "zh-Hant": "權重：{m}"},
    "derived": {"en": "Where the weights come from: {text}.", "zh-Hans": "权重来源：{text}。",
                "zh-Hant": "權重來源：{text}。"},
    "by_node": {"en": "as each node of the index system says", "zh-Hans": "按指标体系中各节点的设定",
                "zh-Hant": "依指標體系中各節點的設定"},
    "experts": {"en": "{k} expert(s): {names}", "zh-Hans": "{k} 位专家：{names}", "zh-Hant": "{k} 位專家：{names}"},
    "excluded": {"en": "excluded by the screening: {k}", "zh-Hans": "筛选剔除：{k}", "zh-Hant": "篩選剔除：{k}"},
    "root": {"en": "{name}: {mean}, {ci} [{lo}, {hi}], grade: {grade} (n = {n})",
             "zh-Hans": "{name}：{mean}，{ci} [{lo}, {hi}]，等级：{grade}（n = {n}）",
             "zh-Hant": "{name}：{mean}，{ci} [{lo}, {hi}]，等級：{grade}（n = {n}）"},
    "indicator": {"en": "Indicator", "zh-Hans": "一级指标", "zh-Hant": "一級指標"},
    "weight": {"en": "Weight", "zh-Hans": "权重", "zh-Hant": "權重"},
    "score": {"en": "Score", "zh-Hans": "得分", "zh-Hant": "分數"},
    "grade": {"en": "Grade", "zh-Hans": "等级", "zh-Hant": "等級"},
    "fuzzy": {"en": "Fuzzy comprehensive evaluation {op}: {b} → {grade} (maximum membership), weighted score {score}",
              "zh-Hans": "模糊综合评价 {op}：{b} → {grade}（最大隶属度原则），加权得分 {score}",
              "zh-Hant": "模糊綜合評價 {op}：{b} → {grade}（最大隸屬度原則），加權分數 {score}"},
    "tie": {"en": "tie between {g}", "zh-Hans": "{g} 并列", "zh-Hant": "{g} 並列"},
    "ahp": {"en": "AHP, {name}: CR = {cr}", "zh-Hans": "AHP，{name}：一致性比率 CR = {cr}",
            "zh-Hant": "AHP，{name}：一致性比率 CR = {cr}"},
    "inconsistent": {"en": " ≥ 0.10 — revise the judgement {a} vs {b}",
                     "zh-Hans": " ≥ 0.10——请修改 {a} 相对于 {b} 的判断",
                     "zh-Hant": " ≥ 0.10——請修改 {a} 相對於 {b} 的判斷"},
    "expert_cr": {"en": "experts' CR", "zh-Hans": "各专家 CR", "zh-Hant": "各專家 CR"},
    "ranking": {"en": "Ranking by {group}: TOPSIS ({norm}) and grey relational analysis (ρ = {rho})",
                "zh-Hans": "按{group}排序：TOPSIS（{norm}）与灰色关联分析（ρ = {rho}）",
                "zh-Hant": "按{group}排序：TOPSIS（{norm}）與灰色關聯分析（ρ = {rho}）"},
    "segment": {"en": "Segment", "zh-Hans": "分组", "zh-Hant": "分組"},
    "closeness": {"en": "TOPSIS C", "zh-Hans": "TOPSIS 贴近度", "zh-Hant": "TOPSIS 貼近度"},
    "rank": {"en": "Rank", "zh-Hans": "排名", "zh-Hant": "排名"},
    "grey": {"en": "Grey grade", "zh-Hans": "灰色关联度", "zh-Hant": "灰色關聯度"},
    "dropped": {"en": "left out of the ranking (n < {m}): {segs}", "zh-Hans": "未参与排序（n < {m}）：{segs}",
                "zh-Hant": "未參與排序（n < {m}）：{segs}"},
    "sensitivity": {"en": "{method} under ±{c}% weight changes: first place unchanged in {a} of {k}, whole order "
                          "in {b} of {k}",
                    "zh-Hans": "{method}在权重变动 ±{c}% 下：第一名不变 {a}/{k} 次，整体排序不变 {b}/{k} 次",
                    "zh-Hant": "{method}在權重變動 ±{c}% 下：第一名不變 {a}/{k} 次，整體排序不變 {b}/{k} 次"},
    "grey_name": {"en": "grey relational analysis", "zh-Hans": "灰色关联分析", "zh-Hant": "灰色關聯分析"},
}


def evaluation_summary(block: dict, lang: str = "en") -> str:
    """The ``evaluation`` block of results.json as the console shows it: the index system, how it was weighted,
    the root's score with its CI and grade, the first-level indicators, the fuzzy grade, AHP consistency and the
    ranking of the segments — names, not codes, in ``lang``; numbers as research.report.apa prints them."""
    from .evaluation.study import method_name
    from .report import apa

    def t(key, **kw):
        return _ET[key][lang].format(**kw)

    system = block["system"]
    nodes = {n["id"]: n for n in system["nodes"]}
    grades = {g["name"]["zh-Hans"]: g["name"] for g in system["grades"]}

    def name(node) -> str:
        n = nodes.get(node)
        return (n["name"].get(lang) or n["name"].get("en") or node) if n else str(node)

    def grade(g) -> str:
        return grades[g].get(lang, g) if g in grades else ("—" if g is None else str(g))

    def segment(s) -> str:
        return ((block.get("segment_names") or {}).get(str(s)) or {}).get(lang) or str(s)

    root = system["root"]
    level = block.get("level") or 0.95
    ci_head = f"{round(100 * level)}% CI"
    title = system["title"].get(lang) or system["title"].get("en") or system["id"]
    used = dict.fromkeys(w["method"] for w in block["weights"] if w.get("method") not in (None, "single"))
    method = method_name(block["method"], lang) if block.get("method") else \
        "、".join(method_name(m, lang) for m in used) if used and lang != "en" else \
        ", ".join(method_name(m, lang) for m in used) if used else t("by_node")
    head = [title, f"n = {block['n']}", t("weights", m=method)]
    if block.get("excluded"):
        head.append(t("excluded", k=len(block["excluded"])))
    if block.get("experts"):
        head.append(t("experts", k=len(block["experts"]), names=(", " if lang == "en" else "、").join(block["experts"])))
    lines = [" · ".join(head)]
    if isinstance(block.get("derived"), dict) and (block["derived"].get("text") or {}).get(lang):
        lines.append(t("derived", text=block["derived"]["text"][lang]))     # SEM/LMG: which model, N
    summary = [r for r in block["summary"] if r.get("segment") is None]
    by_node = {r["node"]: r for r in summary}
    r = by_node[root]
    lines.append(t("root", name=name(root), mean=apa.num(r["mean"], 1), ci=ci_head, lo=apa.num(r["ci_low"], 1),
                   hi=apa.num(r["ci_high"], 1), grade=grade(r["grade"]), n=r["n"]))
    weights = {w["node"]: w for w in block["weights"]}
    rows = []
    for k in nodes[root]["children"]:
        s, w = by_node[k], weights[k]
        rows.append([name(k), apa.num(w["weight"], 3), apa.num(s["mean"], 1),
                     f"[{apa.num(s['ci_low'], 1)}, {apa.num(s['ci_high'], 1)}]", grade(s["grade"])])
    lines += _columns([t("indicator"), t("weight"), t("score"), ci_head, t("grade")], rows)
    fz = (block.get("fuzzy") or {}).get("overall")
    if fz:
        top = next(n for n in fz["nodes"] if n["node"] == root)
        b = ", ".join(f"{grade(g)} {apa.unit(v, 3)}" for g, v in zip(top["grades"], top["B"]))
        shown = grade(top["grade"]) if top.get("grade") is not None else t(
            "tie", g=" / ".join(grade(g) for g in top.get("max_grades") or []))
        lines.append(t("fuzzy", op=top.get("operator_symbol", ""), b=b, grade=shown, score=apa.num(top.get("score"), 1)))
    sep, semi, colon = (", ", "; ", ": ") if lang == "en" else ("、", "；", "：")
    ahp_blocks = block.get("ahp") or {}
    for node in [k for k in nodes if k in ahp_blocks]:                      # tree order, root first
        a = ahp_blocks[node]
        one = a.get("group") if "experts" in a else a
        cr = a.get("CR")
        line = t("ahp", name=name(node), cr=apa.num(cr, 3))
        if one and one.get("consistent") is False and one.get("most_inconsistent"):
            mi = one["most_inconsistent"]
            line += t("inconsistent", a=name(mi.get("row")), b=name(mi.get("column")))
        if "experts" in a:
            line += f"{semi}{t('expert_cr')}{colon}" + sep.join(
                f"{who} {apa.num(e.get('CR'), 3)}" + ((" (≥ 0.10)" if lang == "en" else "（≥ 0.10）")
                                                       if e.get("consistent") is False else "")
                for who, e in a["experts"].items())
        lines.append(line)
    rk = block.get("ranking")
    if rk:
        group = block.get("group")
        gname = ((block.get("group_name") or {}).get(lang)) or group
        top_t, grey = rk["topsis"], rk["grey_relational"]
        norm = (top_t.get("normalisation_text") or {}).get(lang, top_t.get("normalisation"))
        lines.append(t("ranking", group=gname, norm=norm, rho=apa.num(grey.get("rho"), 1)))
        seg_scores = {r["segment"]: r for r in block["summary"] if r["node"] == root and r.get("segment") is not None}
        g_rows = {g["alternative"]: g for g in grey["table"]}
        rows = [[segment(x["alternative"]), str(rk["n"].get(x["alternative"], "")),
                 apa.num(seg_scores.get(x["alternative"], {}).get("mean"), 1), apa.num(x["C"], 3), str(x["rank"]),
                 apa.num(g_rows[x["alternative"]]["grade"], 3), str(g_rows[x["alternative"]]["rank"])]
                for x in sorted(top_t["table"], key=lambda x: x["rank"])]
        lines += _columns([t("segment"), "n", name(root), t("closeness"), t("rank"), t("grey"), t("rank")], rows)
        if rk.get("dropped"):
            lines.append(t("dropped", m=rk.get("min_n"), segs=sep.join(
                f"{segment(x['segment'])} (n = {x['n']})" if lang == "en" else f"{segment(x['segment'])}（n = {x['n']}）"
                for x in rk["dropped"])))
        for key, label in (("topsis_sensitivity", "TOPSIS"), ("grey_sensitivity", t("grey_name"))):
            sm = (rk.get(key) or {}).get("summary") or {}
            k = sm.get("n_feasible")
            if k:
                lines.append(t("sensitivity", method=label, c=apa.num(100 * rk[key]["change"], 0),
                               a=round(sm["share_top_unchanged"] * k), b=round(sm["share_order_unchanged"] * k), k=k))
    for n in block.get("notes") or []:
        lines.append("* " + (n.get(lang) or n.get("en", "")) if isinstance(n, dict) else "* " + str(n))
    return "\n".join(lines)


def _evaluate_template(args, lang: str) -> int:
    from .evaluation import load_system
    from .evaluation.ahp import ahp_workbook
    from .outputs import Outputs

    system = load_system(args.system)
    nodes = system.ahp_nodes()
    out = Path(args.out or f"{system.id}-ahp.xlsx")
    session = Outputs(_files(args.system, args.data), force=args.force, command="evaluate --template")
    session.check([out])          # no own files: an expert's filled-in workbook is never replaced silently
    buf = io.BytesIO()
    ahp_workbook(nodes, buf, names=system.display_names())
    session.write_bytes(out, buf.getvalue())
    print(_ET["template"][lang].format(title=system.title_in(lang), k=len(nodes),
                                       nodes=", ".join(system.name(k, lang) for k in nodes)))
    _print_outputs(session, lang)
    return 0


ALTERNATIVES_FILES = ("results.json", "alternatives_ranking.csv", "alternatives.xlsx")
_AT = {
    "read": {"en": "{file}: {m} alternatives × {n} criteria ({names}); names from {name}",
             "zh-Hans": "{file}：{m} 个方案 × {n} 个指标（{names}）；方案名称取自 {name}",
             "zh-Hant": "{file}：{m} 個方案 × {n} 個指標（{names}）；方案名稱取自 {name}"},
    "row_numbers": {"en": "row numbers", "zh-Hans": "行号", "zh-Hant": "列號"},
    "template": {"en": "AHP workbook comparing the {n} criteria of {file}: {names}",
                 "zh-Hans": "{file} 的 {n} 个指标的 AHP 专家打分表：{names}",
                 "zh-Hant": "{file} 的 {n} 個指標的 AHP 專家評分表：{names}"},
}


def _alternatives_table(args):
    """(table path, frame) of `research evaluate TABLE --alternatives`: the file read as a plain table
    (research.io.load.load_table: GBK, UTF-16, XLSX … as every import)."""
    from .errors import invalid_option
    from .io.load import load_table

    path = args.data
    if path is None and args.alternatives and Path(args.alternatives).is_file():
        path = args.alternatives                      # research evaluate --template --alternatives TABLE
    if not path:
        raise invalid_option("DATA", "∅", "Name the alternatives × criteria table: research evaluate TABLE "
                             "--alternatives [NAME_COLUMN].",
                             "请给出方案 × 指标表：research evaluate 表格文件 --alternatives [名称列]。",
                             "請提供方案 × 指標表：research evaluate 表格檔案 --alternatives [名稱欄]。")
    if not Path(path).is_file():
        raise FileReadError("file_not_found", file=str(path))
    frame, sha = load_table(path, sheet=args.sheet)
    return path, frame, sha


def _evaluate_alternatives(args, lang: str) -> int:
    """`research evaluate TABLE --alternatives [NAME]`: weights, TOPSIS, grey relational analysis and their
    sensitivity of an alternatives × criteria table (research.evaluation.alternatives.rank_alternatives) →
    results.json ("alternatives" block), alternatives_ranking.csv and alternatives.xlsx; with --template the
    experts' AHP workbook of the table's criteria."""
    import hashlib
    import json

    from .errors import invalid_option
    from .evaluation.alternatives import WEIGHT_METHODS, criteria_workbook, rank_alternatives
    from .evaluation.ahp import read_ahp_workbook
    from .export import csv_bytes, xlsx_bytes
    from .outputs import Outputs, output_folder

    path, frame, sha = _alternatives_table(args)
    name = args.alternatives if args.alternatives and args.alternatives != path else None
    if args.template:
        res_cols = rank_alternatives(frame, name=name, criteria=args.criteria, weights="equal", first_row=2)
        out = Path(args.out or f"{Path(path).stem}-criteria-ahp.xlsx")
        session = Outputs(_files(path), force=args.force, command="evaluate --template")
        session.check([out])
        buf = io.BytesIO()
        criteria_workbook(res_cols.criteria, buf)
        session.write_bytes(out, buf.getvalue())
        sep = ", " if lang == "en" else "、"
        print(_AT["template"][lang].format(n=len(res_cols.criteria), file=path, names=sep.join(res_cols.criteria)))
        _print_outputs(session, lang)
        return 0
    method = args.weights or ("ahp" if args.ahp else "entropy")
    choices = (*WEIGHT_METHODS, "ahp")
    if method not in choices:
        raise invalid_option("--weights", f"{method!r} ∉ {{{', '.join(choices)}}}",
                             f"With --alternatives use --weights {' | '.join(choices)}.",
                             f"使用 --alternatives 时，--weights 请选 {' | '.join(choices)}。",
                             f"使用 --alternatives 時，--weights 請選 {' | '.join(choices)}。")
    if method == "ahp" and not args.ahp:
        raise invalid_option("--ahp", "∅", "AHP weights need the experts' workbooks of the criteria: write one with "
                             "research evaluate TABLE --alternatives --template, have it filled in, and pass it "
                             "with --ahp (repeat for several experts).",
                             "AHP 赋权需要专家对指标的打分表：先用 research evaluate 表格 --alternatives --template "
                             "生成，填写后以 --ahp 传入（多位专家可重复）。",
                             "AHP 賦權需要專家對指標的評分表：先以 research evaluate 表格 --alternatives --template "
                             "產生，填寫後以 --ahp 傳入（多位專家可重複）。")
    if args.ahp and method != "ahp":
        raise invalid_option("--weights", f"{method} + --ahp", "Use --weights ahp with --ahp workbooks (or leave "
                             "--weights out).", "传入 --ahp 打分表时请使用 --weights ahp（或不写 --weights）。",
                             "傳入 --ahp 評分表時請使用 --weights ahp（或不寫 --weights）。")
    weights = method
    if method == "ahp":
        books = []
        for book in args.ahp:
            if not Path(book).is_file():
                raise FileReadError("file_not_found", file=str(book))
            try:
                books.append(read_ahp_workbook(book))
            except ResearchError as err:
                if err.file is None:
                    err.file = str(book)
                raise
        weights = books[0] if len(books) == 1 else {Path(b).name if len({Path(x).name for x in args.ahp}) == len(
            args.ahp) else f"{k + 1}: {Path(b).name}": m for k, (b, m) in enumerate(zip(args.ahp, books))}
    session = Outputs(_files(path, *args.ahp), force=args.force, command="evaluate")
    folder = output_folder(args.out or "evaluation", create=False)
    targets = [folder / n for n in ALTERNATIVES_FILES]
    session.check(targets, own=_own_evaluate_file(folder))
    res = rank_alternatives(frame, name=name, criteria=args.criteria, cost=args.cost or (), weights=weights,
                            normalisation=args.normalisation, rho=args.rho, aggregate=args.aggregate, first_row=2)
    sep = ", " if lang == "en" else "、"
    print(_AT["read"][lang].format(file=path, m=len(res.alternatives), n=len(res.criteria),
                                   names=sep.join(res.criteria), name=res.name or _AT["row_numbers"][lang]))
    print(res.summary(lang))
    tables = {"alternatives_ranking.csv": csv_bytes(res.table()),
              "alternatives.xlsx": xlsx_bytes(res.workbook_tables(lang))}
    import research

    doc = {"alternatives": res.to_dict(),
           "meta": {"command": "evaluate", "mode": "alternatives", "data": Path(path).name, "data_sha256": sha,
                    "spec": {"name": res.name, "criteria": list(res.criteria), "cost": list(res.cost),
                             "weights": method, "ahp": [Path(b).name for b in args.ahp],
                             "aggregate": args.aggregate, "normalisation": args.normalisation, "rho": args.rho},
                    "version": research.__version__,
                    "files": {n: hashlib.sha256(b).hexdigest() for n, b in tables.items()}}}
    output_folder(folder)
    session.check(targets, own=_own_evaluate_file(folder))
    for target in targets[1:]:
        session.write_bytes(target, tables[target.name])
    session.write_text(targets[0], json.dumps(doc, ensure_ascii=False, indent=1, allow_nan=False))
    _print_outputs(session, lang)
    return 0


def _columns(head: list, rows: list) -> list:
    """Rows as aligned text columns (the first left-aligned, numbers right-aligned), widths counting a CJK
    character as two."""
    import unicodedata

    def width(text) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))

    table = [head, *rows]
    widths = [max(width(r[k]) for r in table) for k in range(len(head))]
    out = []
    for r in table:
        cells = [str(c) + " " * (widths[k] - width(c)) if k == 0 else " " * (widths[k] - width(c)) + str(c)
                 for k, c in enumerate(r)]
        out.append("  " + "  ".join(cells))
    return out


def _power(args, lang: str) -> int:
    import json

    from .errors import invalid_option
    from .power import plot, power
    from .simulate import PopulationModel

    try:
        sizes = tuple(int(x) for x in str(args.n).replace("，", ",").split(",") if x.strip())
    except ValueError:
        raise invalid_option("n", args.n, "Give the sample sizes as whole numbers separated by commas, e.g. 200,300,500.",
                             "请以逗号分隔的整数给出样本量，例如 200,300,500。",
                             "請以逗號分隔的整數提供樣本數，例如 200,300,500。") from None
    path = Path(args.model)
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
        is_json = head.decode("utf-8-sig", errors="replace").lstrip().startswith("{")
        text = None if is_json else path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        raise FileReadError("file_not_found", file=str(args.model)) from None
    from .outputs import Outputs, output_folder

    session = Outputs(_files(args.model), force=args.force, command="power")
    if args.out:  # checked before the simulation, and again before writing
        folder = output_folder(args.out, create=False)
        targets = [folder / name for name in POWER_FILES]
        session.check(targets, own=_own_power_file(folder))
    model = path if is_json else PopulationModel.from_lavaan(text)
    result = power(model, n=sizes, reps=args.reps, alpha=args.alpha, seed=args.seed,
                   likert=None if args.likert == "none" else int(args.likert), n_jobs=args.jobs,
                   scheduler=args.scheduler)
    table = result.table()
    needed = result.n_needed(args.target)
    print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    print()
    print(needed.to_string(index=False))
    if args.out:
        import hashlib

        output_folder(args.out)
        session.check(targets, own=_own_power_file(folder))
        fig = plot(result, lang=lang, target=args.target)
        from .figures import plain_text

        plain_text(fig)
        files = {}
        for target in targets[1:]:  # the figures, then power.json listing them
            buf = io.BytesIO()
            fig.savefig(buf, format=target.suffix[1:], dpi=150)
            session.write_bytes(target, buf.getvalue())
            files[target.name] = hashlib.sha256(buf.getvalue()).hexdigest()
        d = result.to_dict(args.target)
        d["files"] = files
        session.write_text(targets[0], json.dumps(d, ensure_ascii=False, indent=1, allow_nan=False))
        _print_outputs(session, lang)
    return 0


POWER_FILES = ("power.json", "power.png", "power.svg")


def _own_power_file(folder: Path):
    """Whether a file in ``folder`` is an earlier `research power` output: its power.json (a Monte Carlo
    power result), or a figure that power.json lists with the SHA-256 it still has."""
    import hashlib

    from .errors import ResearchError
    from .results_file import read_json

    try:
        earlier = read_json(folder / "power.json", max_mb=20) if (folder / "power.json").is_file() else None
    except ResearchError:
        earlier = None
    ours = isinstance(earlier, dict) and earlier.get("method") == "monte_carlo" and "power_rule" in earlier

    def own(path: Path) -> bool:
        if not ours:
            return False
        if path.name == "power.json":
            return True
        files = earlier.get("files")
        return isinstance(files, dict) and files.get(path.name) == hashlib.sha256(path.read_bytes()).hexdigest()
    return own


def _report(args, lang: str) -> int:
    from .report import report

    from .outputs import Outputs

    fmt = args.format
    if fmt is None:  # from --out's ending; an ending of no format (x.pdf) is refused by report()
        suffix = Path(args.out).suffix.lower() if args.out else ""
        fmt = {".docx": "docx", ".html": "html", ".htm": "html", ".md": "md", ".markdown": "md",
               ".tex": "tex"}.get(suffix, "html")
    out = Path(args.out) if args.out else Path(args.results).with_name(f"report.{fmt}")
    session = Outputs(_files(args.results), force=args.force, command="report")
    report(args.results, language=lang, format=fmt, path=out, text=not args.no_text, figures=not args.no_figures,
           outputs=session, paper=args.paper)
    _print_outputs(session, lang)
    return 0


def _num(value, fmt: str = ".3f") -> str:
    """A number for the console as the reports print it (research.report.apa), "—" where there is none (not
    applicable, not computable)."""
    from .report import apa

    return apa.num(value, int(fmt.strip(".f") or 0))


def _unit(value) -> str:
    """A value that cannot exceed 1 (CFI, RMSEA, α, β std …) without its leading zero, as APA prints it."""
    from .report import apa

    return apa.unit(value, 3)


def _print_summary(d: dict, lang: str) -> None:
    """What `research analyze` prints: the sample, how it was analysed, fit, reliability, indirect effects and
    hypotheses, with names and numbers as the app and the reports show them."""
    from . import tables
    from .report import apa

    print(f"n = {d['n']}   {_t('excluded', lang)}: {len(d['excluded'])}")
    print(tables.estimation(d, lang))
    spec = d["meta"].get("spec") or {}
    if spec.get("bootstrap"):
        print(f"bootstrap = {spec['bootstrap']}   seed = {d['meta'].get('seed')}")
    for block in ("cfa", "sem"):
        if d[block] and d[block].get("test"):       # WLSMV/ULSMV: lavaan's scaled-shifted χ² and robust indices
            f = d[block]["fit"]
            print(f"{block.upper():4} n = {d[block].get('n')}   chisq.scaled({_num(f.get('df.scaled'), '.0f')}) = "
                  f"{_num(f.get('chisq.scaled'), '.2f')}, {apa.p_text(f.get('pvalue.scaled'))}, "
                  f"cfi.robust = {_unit(f.get('cfi.robust'))}, tli.robust = {_num(f.get('tli.robust'))}, "
                  f"rmsea.robust = {_unit(f.get('rmsea.robust'))}, SRMR = {_unit(f.get('srmr'))}")
        elif d[block]:
            f = d[block]["fit"]
            print(f"{block.upper():4} n = {d[block].get('n')}   χ²({_num(f.get('df'), '.0f')}) = "
                  f"{_num(f.get('chisq'), '.2f')}, CFI = {_unit(f.get('cfi'))}, TLI = {_num(f.get('tli'))}, "
                  f"RMSEA = {_unit(f.get('rmsea'))} [{_unit(f.get('rmsea.ci.lower'))}, "
                  f"{_unit(f.get('rmsea.ci.upper'))}], SRMR = {_unit(f.get('srmr'))}")
    print(apa.display(tables.reliability(d, lang), lang).to_string(index=False))
    if d["sem"]:
        for e in d["sem"]["effects"]:
            if e["type"] in ("indirect", "total_indirect") and (e["type"] == "indirect" or len(e["via"]) > 1):
                path = tables.arrow(d, [e["from"], *e["via"], e["to"]], lang)
                method = tables.CI_METHOD.get(e["ci.method"], {}).get(lang, e["ci.method"])
                print(f"{path}: {_num(e['est'])} [{_num(e['ci.lower'])}, {_num(e['ci.upper'])}] ({method})")
    for h in d["hypotheses"]:
        if h.get("kind") in ("moderation", "mediation", "moderated mediation"):
            print(_process_hypothesis_line(d, h, lang))
            continue
        verdict = _t("supported" if h["supported"] else "not_supported", lang)
        print(f"{h['hypothesis']}: β = {_unit(h['beta'])}, {apa.p_text(h['pvalue'])} → {verdict}")


_HT = {
    "indirect": {"en": "indirect effect", "zh-Hans": "间接效应", "zh-Hant": "間接效果"},
    "interaction": {"en": "interaction", "zh-Hans": "交互项", "zh-Hant": "交互作用項"},
    "index": {"en": "index of moderated mediation", "zh-Hans": "被调节的中介指数", "zh-Hant": "被調節的中介指標"},
    "contrast": {"en": "difference of conditional indirect effects", "zh-Hans": "条件间接效应之差",
                 "zh-Hant": "條件間接效果之差"},
    "sem": {"en": "CB-SEM", "zh-Hans": "CB-SEM", "zh-Hant": "CB-SEM"},
    "pls": {"en": "PLS-SEM", "zh-Hans": "PLS-SEM", "zh-Hant": "PLS-SEM"},
    "process": {"en": "PROCESS on construct scores", "zh-Hans": "PROCESS（构念得分）", "zh-Hant": "PROCESS（構念分數）"},
    "undecided": {"en": "not decided", "zh-Hans": "无法判定", "zh-Hant": "無法判定"},
}


def _process_hypothesis_line(d: dict, h: dict, lang: str) -> str:
    """One moderation / mediation hypothesis of results.json as a line: the path by names, the deciding
    estimate with its CI (or the omnibus F), where it comes from and the verdict (with the mediation type)."""
    from . import tables
    from .report import apa

    path = tables.arrow(d, [h["from"], *(h.get("via") or []), h["to"]], lang)
    if h.get("moderator"):
        block = next((b for b in d.get("process") or [] if b.get("id") == h.get("id")), {})
        names = block.get("variable_labels") or {}
        w = h["moderator"]
        path += f" × {tables.local(names[w], lang, w) if w in names else tables.name(d, w, lang)}"
    verdict = (_HT["undecided"][lang] if h.get("supported") is None
               else _t("supported" if h["supported"] else "not_supported", lang))
    level = h.get("level") or 0.95
    ci = f"{round(100 * level)}% CI [{_num(h.get('ci.lower'))}, {_num(h.get('ci.upper'))}]"
    if h.get("test") == "omnibus":
        stats = f"F({_num(h.get('df1'), '.0f')}, {_num(h.get('df2'), '.0f')}) = {_num(h.get('F'), '.2f')}, " \
                f"{apa.p_text(h.get('pvalue'))}"
    elif h.get("test") == "coefficient":
        stats = f"{_HT['interaction'][lang]} b = {_num(h.get('effect'))}, {ci}, {apa.p_text(h.get('pvalue'))}"
    else:
        what = _HT.get(h.get("test"), _HT["indirect"])[lang]
        which = f" ({', '.join(h['which'])})" if h.get("which") and h.get("moderator") else ""
        method = tables.CI_METHOD.get(h.get("ci.method"), {}).get(lang, h.get("ci.method") or "")
        stats = f"{what}{which} = {_num(h.get('effect'))}, {ci} ({method}; {_HT[h.get('source', 'process')][lang]})"
    line = f"{h['id']}: {path}: {stats} → {verdict}"
    label = h.get("mediation_label")
    if isinstance(label, dict) and label.get(lang):
        line += f"; {label[lang]}"
    return line


def _print_pls(d: dict, lang: str) -> None:
    """With --method pls: the PLS-SEM study's settings and its structural paths, as the reports show them (the
    assessment, bootstrap tables, PLSpredict, IPMA and group comparisons are in results.json)."""
    if not isinstance(d.get("pls"), dict):
        return
    from . import tables
    from .report import apa

    paths = tables.pls_paths(d, lang)
    if paths.attrs.get("note"):
        print(paths.attrs["note"])
    if len(paths):
        print(apa.display(paths, lang).to_string(index=False))


def _print_diagnostics(d: dict, lang: str) -> None:
    """The largest modification indices and standardized residuals of the measurement model, Mardia's tests and
    the method-bias checks, a line or a few each (everything is in results.json)."""
    diag = d.get("diagnostics", {})
    cfa = diag.get("cfa", {})
    mi = cfa.get("modindices")
    if isinstance(mi, list) and mi:
        print(_t("modindices", lang) + ":")
        for r in mi:
            print(f"  {r['lhs']} {r['op']} {r['rhs']}".ljust(26)
                  + f"MI = {_num(r['mi'], '.2f')}, EPC = {_num(r['epc'])}, std = {_num(r['sepc.all'])}")
    big = cfa.get("largest_residuals")
    if isinstance(big, list) and big:
        print(_t("residuals", lang) + ": " + ", ".join(f"{r['lhs']}–{r['rhs']} z = {_num(r['standardized'], '.2f')}"
                                                     for r in big[:5]))
    m = diag.get("mardia")
    if isinstance(m, dict) and "b1p" in m:
        print(f"Mardia: {_t('skew', lang)} b1p = {_num(m['b1p'], '.2f')} (p {_p(m['p_skew'])}), "
              f"{_t('kurtosis', lang)} b2p = {_num(m['b2p'], '.2f')} (z = {_num(m['kurtosis'], '.2f')}, "
              f"p {_p(m['p_kurtosis'])})")
    mb = d.get("method_bias", {})
    sf = mb.get("single_factor")
    if isinstance(sf, dict) and "test" in sf:
        t = sf["test"]
        print(f"{_t('single_factor', lang)}: Δχ²({t['df.diff']}) = {_num(t['chisq.diff'], '.2f')}, p {_p(t['pvalue'])}, "
              f"ΔCFI = {_unit(sf['deltas'].get('delta.cfi'))}")
    mf = mb.get("method_factor")
    if isinstance(mf, dict) and "verdict" in mf:
        print(f"{_t('method_factor', lang)}: {_t('substantive', lang)} {_unit(mf.get('substantive_variance_mean'))}, "
              f"{_t('method', lang)} {_unit(mf.get('method_variance_mean'))} — {mf['verdict'][lang]}")
    fc = mb.get("full_collinearity")
    if isinstance(fc, dict) and "vif" in fc:
        print("VIF (Kock 2015): " + ", ".join(f"{k} {_num(v, '.2f')}" for k, v in fc["vif"].items()))


def _p(p) -> str:
    from .report import apa

    return "= —" if p is None else "< .001" if p < 0.001 else f"= {apa.p(p)}"


def _print_marketing(d: dict, lang: str) -> None:
    """One line each for the --group results (the details are in results.json)."""
    drv = d.get("drivers", {}).get("overall")
    if drv:
        ranked = sorted(drv["drivers"], key=lambda r: r["rank"])
        from . import tables

        print(f"{_t('drivers', lang)} → {tables.name(d, d['drivers']['target'], lang)}: "
              + ", ".join(f"{tables.name(d, r['driver'], lang)} {100 * r['lmg_share']:.1f}%" for r in ranked))
    inv = d.get("invariance", {}).get("measurement")
    if inv:
        from . import tables

        labels = (d.get("groups") or {}).get("labels") or {}
        used = [tables.local(labels.get(str(g)), lang, str(g)) if isinstance(labels.get(str(g)), dict) else str(g)
                for g in d["invariance"]["groups_used"]]
        print(f"{_t('invariance', lang)}: {tables.local(tables.LEVEL.get(inv['highest']), lang, inv['highest'])} "
              f"({d['invariance']['group']}: {', '.join(used)})")
    idx = d.get("index", {}).get("overall")
    if idx:
        print(f"{_t('index', lang)}: {idx['mean']:.1f} [{idx['ci'][0]:.1f}, {idx['ci'][1]:.1f}], {idx['grade_names'][lang]}")


if __name__ == "__main__":
    sys.exit(main())
