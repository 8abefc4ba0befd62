"""Write three experts' filled-in AHP workbooks for the LSQ-5 index (simulated judgements).

    python datasets/generate_ahp.py              # datasets/lsq5_ahp_expert1.xlsx … expert3.xlsx
    python datasets/generate_ahp.py --out DIR    # the same three workbooks in DIR

Each workbook is the toolkit's own expert template, ``ahp_workbook(system.ahp_nodes(), path,
names=system.display_names())`` for ``load_system("lsq5-index")``, with the yellow upper-triangle cells filled
in as an expert would type them: whole numbers 1–9 as numbers, reciprocals as text such as ``"1/3"``.  The
judgements are written out below (``JUDGEMENTS``), no random numbers are drawn; the workbooks' dates and the
zip entries' times are fixed, so two runs give byte-identical files.

The three experts weigh the five dimensions differently on purpose — expert 1 puts reliability first, expert
2 responsiveness, expert 3 economy — so the group's judgements (AIJ) differ from every single expert's.  All
eighteen matrices are acceptably consistent (CR < 0.10, Saaty 1980's random index) except one: expert 2's
comparison of the five dimensions, where rating economy 4 times as important as flexibility contradicts the
rest of that expert's judgements (CR just above 0.10), so a walkthrough can show the flag and the judgement
to revise (Saaty 2003's largest ε_ij).

The data card section (``data_card()``) is part of ``datasets/README.md``, written by ``generate.py``.  Tests
import this file by path (``importlib``); it needs nothing but the installed ``research`` package.
"""

import argparse
import datetime as dt
import io
import re
import zipfile
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd

from research.evaluation import ahp, load_system
from research.evaluation.ahp import ahp_workbook, read_ahp_workbook

HERE = Path(__file__).resolve().parent
SYSTEM = "lsq5-index"
FILES = {f"expert{k}": f"lsq5_ahp_expert{k}.xlsx" for k in (1, 2, 3)}
FIXED_TIME = dt.datetime(2026, 10, 1)

# What each simulated expert stands for (the data card's words).
PROFILES = {
    "expert1": "a logistics operations manager: **reliability** first (on time, correct, undamaged), then "
               "responsiveness and cost",
    "expert2": "a customer-service lead: **responsiveness** first, then reliability; flexibility and empathy "
               "matter less",
    "expert3": "a cross-border seller: **economy** (shipping fees, free-shipping threshold, return costs) first, "
               "then reliability",
}

# Upper triangle of each judgement matrix, row by row: for children c1 … cn of a node the entries are
# (c1 vs c2, c1 vs c3, …, c1 vs cn, c2 vs c3, …, c(n−1) vs cn); "3" = the row element is moderately more
# important, "1/3" = the column element is.  Children in the index system's order: LSQ → ECO, RES, FLE, REL,
# EMP; each dimension → its four items.
JUDGEMENTS = {
    "expert1": {
        "LSQ": ["1/2", "3", "1/5", "2", "3", "1/2", "3", "1/6", "1/2", "6"],
        "ECO": ["2", "1", "4", "1/2", "3", "2"],
        "RES": ["1/2", "2", "1/3", "3", "1", "1/4"],
        "FLE": ["1", "2", "1/2", "2", "1/2", "1/3"],
        "REL": ["3", "4", "1", "2", "1/2", "1/3"],
        "EMP": ["1/2", "3", "1/3", "4", "1", "1/4"],
    },
    "expert2": {
        # ECO vs FLE = 4 is the inconsistent judgement: the rest of the matrix puts flexibility above economy
        "LSQ": ["1/5", "4", "1/3", "2", "3", "2", "6", "1/2", "3", "4"],
        "ECO": ["1/2", "1/3", "1", "1", "2", "3"],
        "RES": ["3", "1", "1/2", "1/2", "1/4", "1/2"],
        "FLE": ["3", "2", "2", "1/2", "1/3", "1/2"],
        "REL": ["3", "2", "1/2", "1/2", "1/5", "1/3"],
        "EMP": ["1", "3", "1/2", "2", "1/2", "1/4"],
    },
    "expert3": {
        "LSQ": ["4", "6", "2", "5", "3", "1/2", "2", "1/4", "1/2", "3"],
        "ECO": ["3", "2", "2", "1/2", "1/2", "1"],
        "RES": ["2", "3", "1/2", "2", "1/2", "1/5"],
        "FLE": ["1/2", "2", "1", "3", "2", "1/2"],
        "REL": ["1", "4", "3", "5", "2", "1/2"],
        "EMP": ["1/2", "1", "1/3", "3", "1", "1/2"],
    },
}
INCONSISTENT = ("expert2", "LSQ")        # the one matrix with CR ≥ 0.10


def judgement_matrix(upper, labels) -> pd.DataFrame:
    """The full reciprocal matrix from the upper triangle (text such as "1/3" read as exact fractions)."""
    n = len(labels)
    if len(upper) != n * (n - 1) // 2:
        raise ValueError(f"{len(upper)} judgements for {n} elements: need {n * (n - 1) // 2}")
    a = np.ones((n, n))
    cells = iter(upper)
    for i in range(n):
        for j in range(i + 1, n):
            v = float(Fraction(next(cells)))
            a[i, j], a[j, i] = v, 1 / v
    return pd.DataFrame(a, index=list(labels), columns=list(labels))


def matrices(expert: str) -> dict:
    """{node: judgement matrix as a DataFrame} of one expert, as ``read_ahp_workbook`` returns it."""
    nodes = load_system(SYSTEM).ahp_nodes()
    return {node: judgement_matrix(JUDGEMENTS[expert][node], kids) for node, kids in nodes.items()}


def _typed(text: str):
    """A judgement as an expert types it: 3 as a number, 1/3 as text."""
    return int(text) if "/" not in text else text


def _find(sheet, labels):
    """(row of the first element, column of the first element) of a sheet's comparison grid."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.column == 1 and cell.value == labels[0]:
                r = cell.row
                header = r - 1
                for c in range(2, sheet.max_column + 1):
                    if [sheet.cell(row=header, column=c + k).value for k in range(len(labels))] == list(labels):
                        return r, c
    raise ValueError(f"sheet {sheet.title!r}: no grid for {labels}")


def _stable_zip(data: bytes) -> bytes:
    """The same zip archive with every entry dated FIXED_TIME and the document's "modified" date FIXED_TIME
    (openpyxl stamps both with the clock when it saves)."""
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp + rb"\g<2>",
                              body)
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, body)
    return out.getvalue()


def workbook_bytes(expert: str) -> bytes:
    """One expert's filled-in workbook (.xlsx bytes): the toolkit's template with the upper triangles typed in."""
    from openpyxl import load_workbook

    system = load_system(SYSTEM)
    nodes = system.ahp_nodes()
    blank = io.BytesIO()
    ahp_workbook(nodes, blank, names=system.display_names())
    book = load_workbook(io.BytesIO(blank.getvalue()))
    filled = set()
    for sheet in book.worksheets:
        node = str(sheet["B2"].value or "")
        if node not in nodes:
            continue
        kids = list(nodes[node])
        r0, c0 = _find(sheet, kids)
        cells = iter(JUDGEMENTS[expert][node])
        for i in range(len(kids)):
            for j in range(i + 1, len(kids)):
                sheet.cell(row=r0 + i, column=c0 + j, value=_typed(next(cells)))
        filled.add(node)
    if filled != set(nodes):
        raise ValueError(f"sheets for {sorted(set(nodes) - filled)} not found in the template")
    book.properties.creator = f"{expert} (simulated; datasets/generate_ahp.py)"
    book.properties.created = book.properties.modified = FIXED_TIME
    out = io.BytesIO()
    book.save(out)
    data = _stable_zip(out.getvalue())
    # the toolkit reads back exactly the judgements above
    back = read_ahp_workbook(io.BytesIO(data))
    for node, m in matrices(expert).items():
        if not np.allclose(back[node].to_numpy(), m.to_numpy(), rtol=1e-12, atol=0):
            raise AssertionError(f"{expert} · {node}: the workbook does not read back as written")
    return data


def write_workbooks(directory=HERE) -> dict[str, Path]:
    """Write lsq5_ahp_expert1.xlsx … expert3.xlsx into ``directory``."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    out = {}
    for expert, name in FILES.items():
        path = directory / name
        path.write_bytes(workbook_bytes(expert))
        out[name] = path
    return out


# ---------------------------------------------------------------------------
# the data card section (part of datasets/README.md, written by generate.py)
# ---------------------------------------------------------------------------

def _table(head, rows) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def data_card() -> str:
    """The data card section on the experts' workbooks (markdown, ends with a newline)."""
    system = load_system(SYSTEM)
    nodes = system.ahp_nodes()
    top = list(nodes[system.root])
    cr_rows, weight_rows = [], []
    for expert in JUDGEMENTS:
        res = {node: ahp(m, list(m.columns)) for node, m in matrices(expert).items()}
        cr_rows.append([expert.replace("expert", "expert "),
                        *(f"{res[node].cr:.4f}" + (" **≥ 0.10**" if not res[node].consistent else "")
                          for node in nodes)])
        w = res[system.root].weights
        weight_rows.append([expert.replace("expert", "expert "), *(f"{w[c]:.3f}" for c in top)])
    worst = ahp(matrices(INCONSISTENT[0])[INCONSISTENT[1]], top).most_inconsistent
    node_heads = [f"{n} ({system.name(n, 'en').lower()})" if n != system.root else f"{n} (the five dimensions)"
                  for n in nodes]
    profile_rows = [[expert.replace("expert", "expert "), f"`{FILES[expert]}`", PROFILES[expert]]
                    for expert in JUDGEMENTS]
    kids_text = "; ".join(f"{n}: {', '.join(k)}" for n, k in nodes.items())
    return f"""## Expert AHP judgements for the LSQ-5 index

**Simulated as well: no real expert filled these in.** Three experts' pairwise comparisons
(层次分析法 AHP, Saaty's 1–9 scale) for the evaluation index system `lsq5-index`
(`questionnaires/indices/lsq5-index.yaml`: the five LSQ dimensions, each with its four items), written by
`datasets/generate_ahp.py` for group AHP examples (`notebooks/06_evaluation_index.ipynb`,
`research evaluate DATA --system lsq5-index --ahp …`).

{_table(['expert', 'file', 'who the judgements stand for'], profile_rows)}

How they were made: each file is the toolkit's own expert template,
`ahp_workbook(system.ahp_nodes(), path, names=system.display_names())` for
`load_system("lsq5-index")` (the workbook `research evaluate --template` writes), with the yellow
cells above the diagonal filled in as an expert types them: whole numbers as numbers, reciprocals as text
(`1/3`). The judgements are written out in the script (`JUDGEMENTS`; nothing is drawn at random);
`read_ahp_workbook` reads them back exactly. Regenerate (byte-identical):
`python datasets/generate_ahp.py`.

Sheets: one per node of the tree with children, named by the node id ({kids_text}).
In each sheet: A2 the marker `节点 / Node`, B2 the node id, C2 its names; the comparison grid with the
children's ids in the header row and in column A (their names one row above and in column B), 1 on the
diagonal, the judgements (row element vs column element) above it, the grey cells below it empty; below
the grid the instructions in Simplified Chinese, Traditional Chinese and English and Saaty's scale.

Consistency ratios (CR = CI / RI, eigenvector method, random index of Saaty 1980; CR < 0.10 is acceptable):

{_table(['expert', *node_heads], cr_rows)}

Expert 2's comparison of the five dimensions is the one inconsistent matrix, on purpose: its most
inconsistent judgement (Saaty 2003, the largest ε_ij = a_ij·w_j/w_i) is {worst['row']} vs {worst['column']}
= {worst['value']:g}, where the expert's other judgements imply about {worst['consistent_value']:.2f}.

Each expert's weights of the five dimensions (eigenvector):

{_table(['expert', *top], weight_rows)}
"""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", metavar="DIR", default=str(HERE), help="folder for the three workbooks")
    args = parser.parse_args(argv)
    for path in write_workbooks(args.out).values():
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
