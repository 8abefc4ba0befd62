"""Every table the app shows converts to Arrow as it is (Streamlit serialises st.dataframe/st.table through
``pyarrow.Table.from_pandas``; a column mixing numbers and text fails there with ArrowTypeError, which
Streamlit logs before converting the column to text): the tables of ``research.tables.all_tables`` for the
sample grouped by platform, in the three languages, as computed and as ``apa.display`` shows them."""
from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest

from conftest import ROOT
from research.analyze import analyze
from research.report import apa
from research.tables import all_tables

SAMPLE = ROOT / "datasets" / "lsq5_wjx_gbk.csv"
LANGS = ("en", "zh-Hans", "zh-Hant")


@pytest.fixture(scope="module")
def grouped():
    return analyze(SAMPLE, questionnaire="lsq5", bootstrap=50, seed=20261122, group="PLATFORM").to_dict()


def _mixed(frame: pd.DataFrame) -> list:
    """Object columns (and the index) whose cells are of more than one kind (number, text, …)."""
    out = []
    for name, values in [("<index>", frame.index), *((c, frame[c]) for c in frame.columns)]:
        kinds = {type(v).__name__ for v in values if not (v is None or (isinstance(v, float) and v != v))}
        if len(kinds - {"NAType"}) > 1 and values.dtype == object:
            out.append((name, sorted(kinds)))
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_every_table_converts_to_arrow(grouped, lang):
    tables = all_tables(grouped, lang)
    assert {"groups", "invariance", "drivers", "index"} <= set(tables)
    for name, frame in tables.items():
        for shown, what in ((frame, "table"), (apa.display(frame, lang), "displayed")):
            try:
                pa.Table.from_pandas(shown)
            except (pa.ArrowTypeError, pa.ArrowInvalid) as err:      # pragma: no cover — the failure said
                pytest.fail(f"{name} ({what}, {lang}): {err}; mixed columns: {_mixed(shown)}")
