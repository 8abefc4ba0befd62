"""Turn results into plain JSON: numbers, text, lists and dicts only.

NaN and ±inf become ``None`` (JSON has no such numbers and ``allow_nan=False``
must hold for results.json); numpy scalars become Python ones; a Series
becomes ``{label: value}``; a DataFrame the ``{rownames, colnames, values}``
matrix layout of ../shared/reference; timestamps ISO text.
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

import numpy as np
import pandas as pd


def jsonable(v):
    if v is None or isinstance(v, str):
        return v
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return float(v) if math.isfinite(v) else None
    if isinstance(v, Mapping):
        return {str(k): jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [jsonable(x) for x in v]
    if isinstance(v, np.ndarray):
        return [jsonable(x) for x in v.tolist()]
    if isinstance(v, pd.Series):
        return {str(k): jsonable(x) for k, x in v.items()}
    if isinstance(v, pd.DataFrame):
        return {"rownames": [str(i) for i in v.index], "colnames": [str(c) for c in v.columns],
                "values": [[jsonable(x) for x in row] for row in v.itertuples(index=False)]}
    if v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, (pd.Timestamp, dt.datetime, dt.date)):
        return v.isoformat()
    return str(v)
