"""The conditional process models of Hayes' PROCESS, numbered as PROCESS numbers them.

Each model says which paths a moderator acts on: ``a`` (X → each mediator), ``b`` (each mediator → Y)
and ``c`` (the direct path X → Y), with mediators ``parallel`` (models 4, 5, 7–76), ``serial``
(model 6) or absent (models 1–3).  A path's moderation is written as PROCESS's conceptual diagrams
draw it: ``"W"`` (a two-way interaction with W), ``"W+Z"`` (two two-way interactions), ``"W*Z"`` (the
three-way interaction with everything below it: W, Z and W·Z) and ``"X"`` (model 74: X moderates its own
b paths).

Letters follow PROCESS 3 and 4 (Hayes 2018, 2022, Appendix A), which name every moderator W or Z.
Models 23–27 and 30–57 exist only in PROCESS 2 (Hayes 2013), which used up to four moderators; they keep
PROCESS 2's letters W, Z (first stage) and V, Q (second stage).  PROCESS 2 printouts name the moderator
of models 1–3 M (and W), and the second-stage moderator of models 14–22, 28, 29 and 64–71 V (and Q):
those are this module's W and Z in the same order.  The table was checked against the product terms
PROCESS 2.16.3 prints for each of the 76 models (``tests/test_process_models.py``).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import invalid_option

MEDIATORS = {**{k: "none" for k in (1, 2, 3)}, 6: "serial"}     # every other model: parallel mediators
PROCESS2_ONLY = frozenset([*range(23, 28), *range(30, 58)])

# model → {path: moderation}
PATHS = {
    1: {'c': 'W'},
    2: {'c': 'W+Z'},
    3: {'c': 'W*Z'},
    4: {},
    5: {'c': 'W'},
    6: {},
    7: {'a': 'W'},
    8: {'a': 'W', 'c': 'W'},
    9: {'a': 'W+Z'},
    10: {'a': 'W+Z', 'c': 'W+Z'},
    11: {'a': 'W*Z'},
    12: {'a': 'W*Z', 'c': 'W*Z'},
    13: {'a': 'W*Z', 'c': 'W'},
    14: {'b': 'W'},
    15: {'b': 'W', 'c': 'W'},
    16: {'b': 'W+Z'},
    17: {'b': 'W+Z', 'c': 'W+Z'},
    18: {'b': 'W*Z'},
    19: {'b': 'W*Z', 'c': 'W*Z'},
    20: {'b': 'W*Z', 'c': 'W'},
    21: {'a': 'W', 'b': 'Z'},
    22: {'a': 'W', 'b': 'Z', 'c': 'W'},
    23: {'a': 'W+Z', 'b': 'V'},  # PROCESS 2 only
    24: {'a': 'W+Z', 'b': 'V', 'c': 'W+Z'},  # PROCESS 2 only
    25: {'a': 'W*Z', 'b': 'V'},  # PROCESS 2 only
    26: {'a': 'W*Z', 'b': 'V', 'c': 'W*Z'},  # PROCESS 2 only
    27: {'a': 'W*Z', 'b': 'V', 'c': 'W'},  # PROCESS 2 only
    28: {'a': 'W', 'b': 'Z', 'c': 'Z'},
    29: {'a': 'W', 'b': 'Z', 'c': 'W+Z'},
    30: {'a': 'W+Z', 'b': 'V', 'c': 'V'},  # PROCESS 2 only
    31: {'a': 'W+Z', 'b': 'V', 'c': 'W+Z+V'},  # PROCESS 2 only
    32: {'a': 'W*Z', 'b': 'V', 'c': 'V'},  # PROCESS 2 only
    33: {'a': 'W*Z', 'b': 'V', 'c': 'W*Z+V'},  # PROCESS 2 only
    34: {'a': 'W*Z', 'b': 'V', 'c': 'W+V'},  # PROCESS 2 only
    35: {'a': 'W', 'b': 'V+Q'},  # PROCESS 2 only
    36: {'a': 'W', 'b': 'V+Q', 'c': 'V+Q'},  # PROCESS 2 only
    37: {'a': 'W', 'b': 'V*Q'},  # PROCESS 2 only
    38: {'a': 'W', 'b': 'V*Q', 'c': 'V*Q'},  # PROCESS 2 only
    39: {'a': 'W', 'b': 'V*Q', 'c': 'V'},  # PROCESS 2 only
    40: {'a': 'W', 'b': 'V+Q', 'c': 'W'},  # PROCESS 2 only
    41: {'a': 'W', 'b': 'V+Q', 'c': 'W+V+Q'},  # PROCESS 2 only
    42: {'a': 'W', 'b': 'V*Q', 'c': 'W'},  # PROCESS 2 only
    43: {'a': 'W', 'b': 'V*Q', 'c': 'V*Q+W'},  # PROCESS 2 only
    44: {'a': 'W', 'b': 'V*Q', 'c': 'W+V'},  # PROCESS 2 only
    45: {'a': 'W+Z', 'b': 'V+Q'},  # PROCESS 2 only
    46: {'a': 'W*Z', 'b': 'V+Q'},  # PROCESS 2 only
    47: {'a': 'W+Z', 'b': 'V*Q'},  # PROCESS 2 only
    48: {'a': 'W*Z', 'b': 'V*Q'},  # PROCESS 2 only
    49: {'a': 'W+Z', 'b': 'V+Q', 'c': 'W+Z'},  # PROCESS 2 only
    50: {'a': 'W+Z', 'b': 'V+Q', 'c': 'V+Q'},  # PROCESS 2 only
    51: {'a': 'W*Z', 'b': 'V+Q', 'c': 'W*Z'},  # PROCESS 2 only
    52: {'a': 'W*Z', 'b': 'V+Q', 'c': 'V+Q'},  # PROCESS 2 only
    53: {'a': 'W+Z', 'b': 'V*Q', 'c': 'W+Z'},  # PROCESS 2 only
    54: {'a': 'W+Z', 'b': 'V*Q', 'c': 'V*Q'},  # PROCESS 2 only
    55: {'a': 'W*Z', 'b': 'V*Q', 'c': 'W*Z'},  # PROCESS 2 only
    56: {'a': 'W*Z', 'b': 'V*Q', 'c': 'V*Q'},  # PROCESS 2 only
    57: {'a': 'W*Z', 'b': 'V*Q', 'c': 'V*Q+W*Z'},  # PROCESS 2 only
    58: {'a': 'W', 'b': 'W'},
    59: {'a': 'W', 'b': 'W', 'c': 'W'},
    60: {'a': 'W+Z', 'b': 'W'},
    61: {'a': 'W+Z', 'b': 'W', 'c': 'W'},
    62: {'a': 'W+Z', 'b': 'W', 'c': 'Z'},
    63: {'a': 'W+Z', 'b': 'W', 'c': 'W+Z'},
    64: {'a': 'W', 'b': 'W+Z'},
    65: {'a': 'W', 'b': 'W+Z', 'c': 'W'},
    66: {'a': 'W', 'b': 'W+Z', 'c': 'Z'},
    67: {'a': 'W', 'b': 'W+Z', 'c': 'W+Z'},
    68: {'a': 'W*Z', 'b': 'W'},
    69: {'a': 'W*Z', 'b': 'W', 'c': 'W*Z'},
    70: {'a': 'W', 'b': 'W*Z'},
    71: {'a': 'W', 'b': 'W*Z', 'c': 'W*Z'},
    72: {'a': 'W*Z', 'b': 'W*Z'},
    73: {'a': 'W*Z', 'b': 'W*Z', 'c': 'W*Z'},
    74: {'b': 'X'},
    75: {'a': 'W+Z', 'b': 'W+Z'},
    76: {'a': 'W+Z', 'b': 'W+Z', 'c': 'W+Z'},
}


@dataclass(frozen=True)
class Template:
    """One PROCESS model: its mediator structure and each path's moderator sets.

    ``paths["a"]`` is a tuple of moderator sets, e.g. ``(("W",), ("Z",), ("W", "Z"))`` for ``"W*Z"``.
    """

    number: int
    mediators: str
    paths: dict

    @property
    def moderators(self) -> tuple:
        """The moderator letters the model needs, in PROCESS's order (X of model 74 excluded)."""
        seen = {m for sets in self.paths.values() for s in sets for m in s if m != "X"}
        return tuple(m for m in "WZVQ" if m in seen)

    def moderation(self, path: str) -> tuple:
        return self.paths.get(path, ())


def _sets(text: str) -> tuple:
    out = []
    for term in text.split("+"):
        parts = tuple(term.split("*"))
        out.extend((p,) for p in parts)
        if len(parts) == 2:
            out.append(parts)
    return tuple(out)


def template(number) -> Template:
    """The :class:`Template` of PROCESS model ``number`` (1–76)."""
    if isinstance(number, np.integer):
        number = int(number)
    if isinstance(number, bool) or not isinstance(number, int) or number not in PATHS:
        raise invalid_option("model", f"{number!r} ∉ 1…76",
                             "Choose a PROCESS model number from 1 to 76 (1 moderation, 4 mediation, 6 serial "
                             "mediation, 7 first-stage moderated mediation, 14 second-stage …).",
                             "请选择 1 到 76 的 PROCESS 模型编号（1 调节、4 中介、6 链式中介、7 前半段被调节的中介、14 后半段……）。",
                             "請選擇 1 到 76 的 PROCESS 模型編號（1 調節、4 中介、6 鏈式中介、7 前半段被調節的中介、14 後半段……）。")
    paths = {k: _sets(v) for k, v in PATHS[number].items()}
    return Template(number, MEDIATORS.get(number, "parallel"), paths)
