"""``each_distinct``: a function applied once per distinct cell of a column.

Survey columns repeat a handful of values (five answer labels, a few
durations) over thousands of rows; reading or writing them cell by cell
spends its time calling the same function on the same value.
"""
from __future__ import annotations

import math


def each_distinct(fn, values) -> list:
    """``[fn(v) for v in values]``, calling ``fn`` once per distinct ``(type, value)``.

    Cells of one type that are equal under ``==`` share one call.  The type is
    part of the key because ``True == 1 == 1.0`` in Python and a cell's type
    can change its reading or its text; so is a float's sign (Python and numpy
    floats), as ``-0.0 == 0.0`` but their texts differ; every NaN of a float
    type is one value.  Unhashable cells (a list) are passed to ``fn`` one by one.
    """
    done: dict = {}
    out = []
    for v in values:
        if isinstance(v, float):  # every NaN is one value here (NaN != NaN would miss each time)
            key = (type(v), v, math.copysign(1.0, v)) if v == v else (type(v), "nan")
        else:
            key = (type(v), v)
        try:
            text = done[key]
        except KeyError:
            text = done[key] = fn(v)
        except TypeError:
            text = fn(v)
        out.append(text)
    return out
