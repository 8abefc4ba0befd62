"""Write the result of an import (and its screening) to a folder.

CSV files are UTF-8 with a byte-order mark — Excel in a Chinese locale
otherwise reads them as GBK — and every cell passes through
:func:`research.export.excel_safe`, so an answer like ``=cmd|…`` is shown,
never run.  The uploaded file is not touched: everything goes to ``out``,
and nothing there is lost (:mod:`research.outputs`): a file of the import's
names that is an input of the import, or that an earlier import did not
write (import.json lists what it wrote, with each file's SHA-256), is
refused — replaced only with ``force``, after a copy ``name.~1~`` is kept.
Each file is written whole or not at all.
"""
from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pandas as pd

from ..distinct import each_distinct
from ..errors import ResearchError
from ..export import excel_safe
from ..outputs import Outputs, atomic_file, output_folder
from ..responses import Responses

# The files of an import, in the order written; import.json, written last, lists them with their SHA-256.
IMPORT_FILES = ("responses.csv", "excluded.csv", "flags.csv", "problems.csv", "mapping.csv", "import.json")
PACKAGE = "satisfaction-research"


def write_csv(frame: pd.DataFrame, path: Path, outputs: Outputs | None = None) -> Path:
    """``frame`` as a CSV for Excel (UTF-8 with BOM, cells through :func:`excel_safe`), written atomically."""
    columns = [each_distinct(_cell, frame.iloc[:, k].tolist()) for k in range(frame.shape[1])]
    with (outputs.open if outputs is not None else atomic_file)(path, "w", encoding="utf-8-sig",
                                                                newline="") as fh:
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


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _earlier_import(folder: Path) -> dict | None:
    """The import.json an earlier import wrote in ``folder``, or None."""
    from ..results_file import read_json

    path = folder / "import.json"
    if not path.is_file():
        return None
    try:
        d = read_json(path, max_mb=20)
    except ResearchError:  # damaged, or not JSON: not one of ours
        return None
    meta = d.get("meta") if isinstance(d, dict) else None
    return d if isinstance(meta, dict) and meta.get("package") == PACKAGE else None


def _own_import_file(folder: Path):
    """Whether a file in ``folder`` is an earlier import's own output: its import.json, or a CSV that
    import.json lists with the SHA-256 it still has (so a CSV edited since is not replaced)."""
    earlier = _earlier_import(folder)

    def own(path: Path) -> bool:
        if earlier is None:
            return False
        if path.name == "import.json":
            return True
        files = earlier.get("files")
        return isinstance(files, dict) and files.get(path.name) == _sha256(path)
    return own


def write_import_results(responses: Responses, screening, out, *, force: bool = False,
                         outputs: Outputs | None = None) -> list[Path]:
    """Write responses.csv (kept rows), excluded.csv, flags.csv, problems.csv,
    mapping.csv and import.json into the folder ``out``; return the paths.

    Nothing is written when any of them would replace an input (the data file, or ``outputs.inputs``) or a
    file an earlier import did not write; ``force`` (or ``outputs.force``) replaces the latter after keeping
    a copy ``name.~1~`` (listed in ``outputs.backups``).
    """
    source = Path(responses.source.file) if isinstance(responses.source.file, str) else None
    session = outputs if outputs is not None else Outputs(force=force, command="import")
    if source is not None and source.is_file() and not any(p == source for p in session.inputs):
        session.inputs.append(source)
    folder = output_folder(out)
    names = [n for n in IMPORT_FILES if screening is not None or n not in ("excluded.csv", "flags.csv")]
    session.check([folder / n for n in names], own=_own_import_file(folder))
    kept = screening.kept if screening is not None else responses
    frames = {"responses.csv": kept.data, "problems.csv": responses.problems,
              "mapping.csv": responses.mapping.table()}
    if screening is not None:
        frames.update({"excluded.csv": screening.excluded, "flags.csv": screening.flags})
    paths, files = [], {}
    for name in names[:-1]:
        paths.append(write_csv(frames[name], folder / name, session))
        files[name] = _sha256(folder / name)
    summary = import_summary(responses, screening)
    summary["files"] = files
    paths.append(session.write_text(folder / "import.json", json.dumps(summary, ensure_ascii=False, indent=2,
                                                                       default=str)))
    return paths
