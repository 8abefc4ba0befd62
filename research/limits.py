"""Every size and count limit of the toolkit, in one place.

The command line, the Python API and the web app enforce the same limits, so
a file or an option that one refuses the others refuse too, with the same
message.  Each limit is there to keep memory and time bounded on a laptop
(or a shared web server) whatever a file or an option asks for; each is far
above what a survey study needs.  The README lists them.
"""
from __future__ import annotations

import numbers
import os

from .errors import invalid_option

# ---- files ---------------------------------------------------------------------------------
MAX_FILE_MB = 200              # bytes of any input file (CSV, XLSX, XLS, SAV)
MAX_ROWS = 1_000_000           # rows of a table (Excel stops at 1 048 576)
MAX_COLUMNS = 5000             # columns holding a value
MAX_CELLS = 20_000_000         # rows × columns of a workbook or .sav read whole (a CSV is streamed)
MAX_UNZIPPED_MB = 1024         # an XLSX's members, uncompressed, in total (also a .sav's cells, as read)
MAX_ZIP_RATIO = 200            # uncompressed / compressed size of one XLSX member (zip bombs go far beyond)
ZIP_RATIO_FROM_MB = 1          # ... checked for members above this size (a small styles part may compress more)
MAX_ZIP_MEMBERS = 10_000       # parts of an XLSX (a workbook has tens; each costs memory once listed)
MAX_SHARED_STRINGS = 2_000_000  # distinct texts of an XLSX workbook
MAX_XML_TAGS = 2_000_000       # XML tags of a workbook part that is parsed whole (styles, the workbook, a
#                                sheet outside its rows); a sheet's rows are parsed one at a time instead
EXCEL_ROWS = 1_048_576         # Excel's grid (a fact, not a choice): a row beyond it is no spreadsheet's
EXCEL_COLUMNS = 16_384
MAX_ROW_TAGS = 8 * EXCEL_COLUMNS  # XML tags of one row or one shared text (8 a cell, Excel's 16 384 columns)
MAX_YAML_KB = 2048             # a questionnaire, mapping or index-system YAML file
MAX_YAML_DEPTH = 40            # nesting of YAML and JSON documents written by the toolkit's users
MAX_YAML_ALIASES = 100         # YAML aliases (*name) in one document: no "billion laughs"
MAX_YAML_NODES = 1_000_000     # values of a YAML document once its aliases are expanded
MAX_JSON_MB = 200              # a results.json
MAX_JSON_DEPTH = 64

# ---- options -------------------------------------------------------------------------------
MAX_BOOTSTRAP = 50_000         # bootstrap resamples (5000 is the usual; 50 000 takes minutes)
APP_MAX_BOOTSTRAP = 20_000     # the web app, where a request must end within its time limit
MAX_REPLICATIONS = 20_000      # Monte Carlo replications per sample size (power ± 0.004 at 20 000)
MAX_SAMPLE_SIZES = 50          # sample sizes of one power analysis
MAX_SIMULATED_N = 100_000      # respondents of one simulated data set
MAX_MODEL_VARIABLES = 200      # observed variables of one SEM (a fit of 100 takes seconds, of 200 a minute)
MAX_MODINDICES = 10_000        # modification indices kept
MAX_DIAGNOSTIC_MB = 1500       # one matrix of the modification indices or residual covariances (grows as p⁴)

# ---- the web app (research.appworker; RESEARCH_APP_MEMORY_MB, RESEARCH_APP_TIME_LIMIT_S and
#      RESEARCH_APP_MAX_JOBS override the first three on a server) ------------------------------------
APP_MEMORY_MB = 3072           # address space of one job on an upload (a 48 MB CSV read and analysed: ~2.5 GB)
APP_TIME_LIMIT_S = 300         # seconds of one job (reading a file, the analysis, or one report)
APP_MAX_JOBS = 4               # jobs running at once on one server; more wait for a free slot
APP_RESULTS_KEPT, APP_RESULTS_MB = 32, 512    # finished analyses the server keeps (a 48 MB upload's: ~90 MB)
APP_READS_KEPT, APP_READS_MB = 4, 1536        # files kept as read (a 48 MB upload, as read: ~0.75 GB)
APP_MADE_KEPT, APP_MADE_MB = 128, 256         # figures and report files kept once made


def max_workers() -> int:
    """Worker processes one run may start: twice the cores, at least 8 (more only compete for the same cores,
    and each needs its own memory)."""
    return max(8, 2 * (os.cpu_count() or 1))


def check_workers(option: str, value) -> int:
    """A worker count as joblib takes it: 1, 2, …, or −1 (all cores), −2 (all but one) …, within
    :func:`max_workers`."""
    high = max_workers()
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value == 0 or abs(value) > high:
        raise invalid_option(option, str(value)[:40],
                             f"Give a whole number of workers from 1 to {high} (or −1 for all cores): more workers "
                             f"than cores only compete for the same cores, and each needs its own memory.",
                             f"请给出 1 到 {high} 之间的进程数（或 −1 表示全部核心）：进程多于核心只会争用同样的核心，"
                             f"且每个进程都要占用内存。",
                             f"請提供 1 到 {high} 之間的行程數（或 −1 表示全部核心）：行程多於核心只會爭用同樣的核心，"
                             f"且每個行程都要占用記憶體。")
    return int(value)


def check_count(option: str, value, low: int, high: int, *, why_en: str, why_zh: str, why_zh_hant: str) -> int:
    """``value`` as an int in ``[low, high]``, else an :class:`~research.errors.OptionError` naming the limit
    and why it is there."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or value != value or value in (
            float("inf"), float("-inf")) or int(value) != value:
        raise invalid_option(option, str(value), f"Give a whole number from {low} to {high:,}.",
                             f"请给出 {low} 到 {high:,} 之间的整数。", f"請提供 {low} 到 {high:,} 之間的整數。")
    value = int(value)
    if not low <= value <= high:
        raise invalid_option(option, f"{value:,} ∉ [{low}, {high:,}]",
                             f"Give a number from {low} to {high:,}: {why_en}",
                             f"请给出 {low} 到 {high:,} 之间的数：{why_zh}",
                             f"請提供 {low} 到 {high:,} 之間的數：{why_zh_hant}")
    return value


def check_bootstrap(value, *, high: int = MAX_BOOTSTRAP, option: str = "bootstrap") -> int:
    return check_count(option, value, 0, high,
                       why_en="more resamples change the confidence limits only in the third decimal and take "
                              "minutes to hours (5000 is the usual number).",
                       why_zh="更多的重抽样只改变置信区间的第三位小数，却需要数分钟到数小时（通常用 5000 次）。",
                       why_zh_hant="更多的重抽樣只改變信賴區間的第三位小數，卻需要數分鐘到數小時（通常用 5000 次）。")


def check_diagnostic_size(what: str, nbytes: float, p: int) -> None:
    """Refuse a diagnostic whose matrices would exceed :data:`MAX_DIAGNOSTIC_MB` (they grow as p⁴ with the number
    of observed variables p) with a message saying so, before anything is allocated."""
    mb = nbytes / 2 ** 20
    if mb > MAX_DIAGNOSTIC_MB:
        raise invalid_option(what, f"p = {p}: ≈ {mb:,.0f} MB > {MAX_DIAGNOSTIC_MB:,} MB",
                             f"The {what} of a model with {p} observed variables need matrices of about {mb:,.0f} MB; "
                             f"compute them for a part of the model (a few constructs at a time).",
                             f"含 {p} 个观测变量的模型，其 {what} 需要约 {mb:,.0f} MB 的矩阵；请对模型的一部分（每次几个构念）计算。",
                             f"含 {p} 個觀察變項的模型，其 {what} 需要約 {mb:,.0f} MB 的矩陣；請對模型的一部分（每次幾個構念）計算。")
