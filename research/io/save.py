"""Write the result of an import (and its screening) to a folder.

CSV files are UTF-8 with a byte-order mark — Excel in a Chinese locale
otherwise reads them as GBK — and every cell passes through
:func:`research.export.excel_safe`, so an answer like ``=cmd|…`` is shown,
never run.  The uploaded file is not touched: everything goes to ``out``.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd

from ..distinct import each_distinct
from ..export import excel_safe
from ..responses import Responses


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    columns = [each_distinct(_cell, frame.iloc[:, k].tolist()) for k in range(frame.shape[1])]
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([excel_safe(c) for c in frame.columns])
        writer.writerows(zip(*columns) if columns else ([] for _ in range(len(frame))))
    return path


def _cell(value):
    if isinstance(value, (list, tuple)):
        value = ";".join(str(v) for v in value)
    if value is pd.NaT or (not isinstance(value, (str, list, tuple)) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, pd.Timestamp):
        value = value.strftime("%Y-%m-%d %H:%M:%S")
    return excel_safe(value)


def import_summary(responses: Responses, screening=None) -> dict:
    """A JSON-safe record of what was read, matched, invalid and excluded."""
    from importlib.metadata import version

    src = responses.source
    return {
        "source": {"file": src.file, "sha256": src.sha256, "format": src.format, "encoding": src.encoding,
                   "platform": src.platform, "header_rows": src.header_rows, "sheet": src.sheet},
        "questionnaire": responses.questionnaire.id,
        "n": responses.n,
        "mapping": {
            "mapped": responses.mapping.mapped,
            "unmapped": responses.mapping.unmapped,
            "ambiguous": {m.column: list(m.candidates) for m in responses.mapping.ambiguous},
            "missing": list(responses.mapping.missing),
        },
        "problems": len(responses.problems),
        "notes": list(responses.notes),
        "screening": screening.to_dict() if screening is not None else None,
        "meta": {"package": "satisfaction-research", "version": version("satisfaction-research")},
    }


def write_import_results(responses: Responses, screening, out) -> list[Path]:
    """Write responses.csv (kept rows), excluded.csv, flags.csv, problems.csv,
    mapping.csv and import.json into the folder ``out``; return the paths."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    kept = screening.kept if screening is not None else responses
    paths = [write_csv(kept.data, out / "responses.csv")]
    if screening is not None:
        paths.append(write_csv(screening.excluded, out / "excluded.csv"))
        paths.append(write_csv(screening.flags, out / "flags.csv"))
    paths.append(write_csv(responses.problems, out / "problems.csv"))
    paths.append(write_csv(responses.mapping.table(), out / "mapping.csv"))
    summary = out / "import.json"
    summary.write_text(json.dumps(import_summary(responses, screening), ensure_ascii=False, indent=2,
                                  default=str), encoding="utf-8")
    paths.append(summary)
    return paths
