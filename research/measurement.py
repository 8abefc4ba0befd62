"""The measurement structure of a model: which constructs are measured by which items.

A lavaan model's ``=~`` lines may do more than give each construct its own
items: an item may load on two constructs (a cross-loading), and a construct
may be measured by other constructs (a second- or higher-order factor, e.g.
logistics service quality measured by its five dimensions).  The analyses
that read item sets (reliability, HTMT, Fornell–Larcker, mean scores, IPA)
ask this module what a construct's items are and whether a statistic is
defined for it:

* :attr:`Structure.items` — every observed item under a construct, through
  its lower-order constructs (in model order, each once);
* :attr:`Structure.first_order` — constructs measured by observed items only;
  :attr:`Structure.higher_order` — constructs with a construct among their
  indicators; :attr:`Structure.shared` — items loading on several constructs;
* :func:`mean_scores` — a first-order construct's score is the mean of its
  items (half rule of :func:`research.regression.construct_scores`; a shared
  item counts in each construct), a higher-order construct's score the mean
  of its lower-order constructs' scores (again requiring half of them), so
  :meth:`Structure.item_weights` gives the weight each item has in it.
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .regression import construct_scores


@dataclass(frozen=True)
class Structure:
    """Constructs → indicators as written (``indicators``), resolved to observed items."""

    indicators: dict

    @classmethod
    def from_model(cls, model) -> "Structure":
        return cls({f: list(inds) for f, inds in model.measurement.items()})

    @property
    def constructs(self) -> list[str]:
        return list(self.indicators)

    @property
    def higher_order(self) -> list[str]:
        return [f for f, inds in self.indicators.items() if any(i in self.indicators for i in inds)]

    @property
    def first_order(self) -> list[str]:
        return [f for f in self.indicators if f not in self.higher_order]

    @property
    def items(self) -> dict[str, list[str]]:
        """Every observed item under each construct (recursively through lower-order constructs)."""
        out: dict[str, list[str]] = {}

        def walk(f, seen):
            if f in out:
                return out[f]
            got: list[str] = []
            for ind in self.indicators[f]:
                if ind in self.indicators:
                    if ind in seen:          # a cycle cannot come from valid syntax; stop rather than loop
                        continue
                    got += [i for i in walk(ind, seen | {ind}) if i not in got]
                elif ind not in got:
                    got.append(ind)
            out[f] = got
            return got

        for f in self.indicators:
            walk(f, {f})
        return out

    @property
    def observed_items(self) -> list[str]:
        """All observed indicators, each once, in model order."""
        out: list[str] = []
        for inds in self.indicators.values():
            out += [i for i in inds if i not in self.indicators and i not in out]
        return out

    @property
    def shared(self) -> dict[str, list[str]]:
        """Items that load on more than one construct → those constructs."""
        owners: dict[str, list[str]] = {}
        for f, inds in self.indicators.items():
            for i in inds:
                if i not in self.indicators:
                    owners.setdefault(i, []).append(f)
        return {i: fs for i, fs in owners.items() if len(fs) > 1}

    def with_shared_items(self) -> list[str]:
        """First-order constructs that have an item loading elsewhere too."""
        shared = self.shared
        return [f for f in self.first_order if any(i in shared for i in self.indicators[f])]

    def item_weights(self, construct: str) -> dict[str, float]:
        """The weight of each item in the construct's mean score (they sum to 1 when every item is answered)."""
        inds = self.indicators[construct]
        out: dict[str, float] = {}
        for ind in inds:
            part = self.item_weights(ind) if ind in self.indicators else {ind: 1.0}
            for item, w in part.items():
                out[item] = out.get(item, 0.0) + w / len(inds)
        return out


def mean_scores(data: pd.DataFrame, structure: Structure, min_share: float = 0.5) -> pd.DataFrame:
    """Mean scores of every construct (first-order: items, higher-order: lower-order scores; see the
    module docstring), one column per construct in model order."""
    first = {f: structure.indicators[f] for f in structure.first_order}
    scores = {f: construct_scores(data, {f: items}, min_share=min_share)[f] for f, items in first.items()}
    pending = [f for f in structure.constructs if f not in scores]
    while pending:
        progressed = False
        for f in list(pending):
            parts = structure.indicators[f]
            if not all(p in scores or p not in structure.indicators for p in parts):
                continue
            cols = np.column_stack([scores[p].to_numpy(dtype=float) if p in scores
                                    else pd.to_numeric(data[p], errors="coerce").to_numpy(dtype=float)
                                    for p in parts])
            need = max(1, math.ceil(len(parts) * float(min_share) - 1e-9))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                s = np.nanmean(cols, axis=1)
            s[(~np.isnan(cols)).sum(axis=1) < need] = np.nan
            scores[f] = pd.Series(s, index=data.index)
            pending.remove(f)
            progressed = True
        if not progressed:           # pragma: no cover - a cycle; the parser's models have none
            break
    return pd.DataFrame({f: scores[f] for f in structure.constructs if f in scores}, index=data.index)
