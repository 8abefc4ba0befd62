"""The equations of a PROCESS model as design matrices, and effects as polynomials in the moderators.

A design column is a product of *atoms*: a variable's value, or one indicator of a categorical
moderator's level (indicator coding against a reference level, PROCESS's ``mcw = 1``).  The effect of a
variable s on an equation's outcome is the derivative of that equation with respect to s: a sum of
coefficients, each multiplied by the other atoms of its column — e.g. b₁ + b₃·W for Y = … + b₁M + b₃M·W.
An indirect effect multiplies those derivatives along the chain X → M → Y (Hayes 2015, 2018 §11), so its
terms are products of coefficients from different equations; evaluated at moderator values they give the
conditional (indirect) effects, and their coefficients on the moderators give the indices of (partial,
conditional, moderated) moderated mediation.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np

from .models import Template

ORDER = ("X", "M", "W", "Z", "V", "Q")


def _role_key(role: str) -> tuple:
    head = role[0] if role[0] in "XMWZVQ" and (len(role) == 1 or role[1:].isdigit()) else "~"
    return (ORDER.index(head) if head in ORDER else len(ORDER), int(role[1:]) if role[1:].isdigit() else 0, role)


@dataclass(frozen=True)
class Equation:
    """One outcome's regression: its design columns, each a tuple of atoms ``(role, level)``."""

    outcome: str                          # role: "M1", …, "Y" (or "Y.total" for the total-effect model)
    columns: tuple                        # () for the constant, then tuples of atoms
    names: tuple                          # display names, "(constant)" first


@dataclass
class Design:
    template: Template
    roles: dict                           # role → column name in the data
    levels: dict                          # categorical role → (reference, level, …)
    mediators: tuple                      # ("M1", "M2", …)
    covariates: tuple                     # ("C1", …)
    equations: list = field(default_factory=list)

    def atoms(self, role: str) -> list:
        if role in self.levels:
            return [(role, lv) for lv in self.levels[role][1:]]
        return [(role, None)]

    def atom_name(self, atom) -> str:
        role, level = atom
        name = self.roles[role]
        return name if level is None else f"{name}[{level}]"

    def column_name(self, column) -> str:
        return "×".join(self.atom_name(a) for a in column) if column else "(constant)"


def _sources(design: Design, outcome: str) -> list:
    t = design.template
    if outcome == "Y":
        return ["X", *design.mediators]
    k = design.mediators.index(outcome)
    return ["X", *design.mediators[:k]] if t.mediators == "serial" else ["X"]


def path_moderation(template: Template, source: str, outcome: str) -> tuple:
    if outcome != "Y":
        return template.moderation("a") if source == "X" else ()
    return template.moderation("c") if source == "X" else template.moderation("b")


def build(design: Design) -> None:
    """Fill ``design.equations``: mediators first (in order), then Y, as PROCESS lists them."""
    for outcome in [*design.mediators, "Y"]:
        terms: list = []

        def add(term):
            term = tuple(sorted(term, key=_role_key))
            if term not in terms:
                terms.append(term)

        sources = _sources(design, outcome)
        mods = [(s, path_moderation(design.template, s, outcome)) for s in sources]
        for s in sources:
            add((s,))
        for _, sets in mods:
            for ms in sets:
                for m in ms:
                    add((m,))
        for _, sets in mods:
            for ms in sets:
                if len(ms) == 2:
                    add(ms)
        for s, sets in mods:
            for ms in sets:
                add((s, *ms))
        for c in design.covariates:
            add((c,))
        columns = [()]
        for term in terms:
            for combo in itertools.product(*(design.atoms(r) for r in term)):
                columns.append(tuple(combo))
        design.equations.append(Equation(outcome, tuple(columns), tuple(design.column_name(c) for c in columns)))


def total_equation(design: Design) -> Equation:
    """Y on X and the covariates: the total effect of X when nothing is moderated (models 4 and 6)."""
    columns = [(), (("X", None),), *[(a,) for c in design.covariates for a in design.atoms(c)]]
    return Equation("Y.total", tuple(columns), tuple(design.column_name(c) for c in columns))


def matrix(equation: Equation, values: dict, levels: dict) -> np.ndarray:
    """The design matrix of ``equation`` from each role's data column (``values[role]``, already centred)."""
    n = len(next(iter(values.values())))
    out = np.ones((n, len(equation.columns)))
    for j, column in enumerate(equation.columns):
        for role, level in column:
            out[:, j] *= values[role] if level is None else (values[role] == level)
    return out


# ------------------------------------------------------------------------------------------------
# effects as polynomials: a list of (coefficients, atoms), coefficients = ((equation, column), …)
# ------------------------------------------------------------------------------------------------

def derivative(equations: list, k: int, role: str) -> list:
    """∂(equation k)/∂role as polynomial terms ``(((k, j),), other atoms)``."""
    out = []
    for j, column in enumerate(equations[k].columns):
        hits = [a for a in column if a[0] == role]
        if len(hits) == 1 and hits[0][1] is None:
            rest = tuple(a for a in column if a is not hits[0])
            out.append((((k, j),), rest))
    return out


def multiply(p: list, q: list) -> list:
    return [(c1 + c2, tuple(sorted(m1 + m2, key=lambda a: (_role_key(a[0]), str(a[1]))))) for c1, m1 in p
            for c2, m2 in q]


def collect(poly: list) -> dict:
    """Terms grouped by their atoms: ``{atoms: [coefficient products]}``."""
    out: dict = {}
    for coefs, atoms in poly:
        out.setdefault(atoms, []).append(coefs)
    return out


def atom_value(atom, point: dict, centers: dict) -> float:
    role, level = atom
    if level is None:
        return float(point[role]) - centers.get(role, 0.0)
    return 1.0 if point[role] == level else 0.0


def at(poly: list, point: dict, centers: dict) -> list:
    """The polynomial at moderator values ``point``: ``[(coefficient products, multiplier)]``."""
    out = []
    for coefs, atoms in poly:
        mult = 1.0
        for a in atoms:
            mult *= atom_value(a, point, centers)
        if mult != 0.0:
            out.append((coefs, mult))
    return out


def evaluate(terms: list, betas: list) -> np.ndarray:
    """Σ multiplier·Π coefficient over ``terms``, for coefficient arrays ``betas[k]`` of shape (B, p_k)."""
    total = np.zeros(betas[0].shape[0])
    for coefs, mult in terms:
        v = np.full(betas[0].shape[0], mult)
        for k, j in coefs:
            v = v * betas[k][:, j]
        total = total + v
    return total


def gradient(terms: list, k: int, p: int) -> np.ndarray:
    """The linear combination of equation k's coefficients that ``terms`` (all from equation k) form."""
    g = np.zeros(p)
    for coefs, mult in terms:
        ((kk, j),) = coefs
        assert kk == k
        g[j] += mult
    return g


# ------------------------------------------------------------------------------------------------
# routes through the mediators
# ------------------------------------------------------------------------------------------------

def chains(dsg: Design) -> list:
    """Every route X → … → Y through the mediators (serial: each ordered subset, PROCESS's order)."""
    meds = dsg.mediators
    if dsg.template.mediators == "serial":
        out = []
        for first in range(len(meds)):
            stack = [[meds[first]]]
            while stack:
                route = stack.pop(0)
                out.append(route)
                last = meds.index(route[-1])
                stack[:0] = [route + [m] for m in meds[last + 1:]]
        return [tuple(r) for r in out]
    return [(m,) for m in meds]


def chain_poly(dsg: Design, chain: tuple) -> list:
    eqs = dsg.equations
    index = {e.outcome: k for k, e in enumerate(eqs)}
    poly = derivative(eqs, index[chain[0]], "X")
    for src, dst in zip(chain, (*chain[1:], "Y")):
        poly = multiply(poly, derivative(eqs, index[dst], src))
    return poly


def degrees(poly: list) -> dict:
    """Degree of each moderator role in the polynomial (max count per term)."""
    deg: dict = {}
    for _, atoms in poly:
        counts: dict = {}
        for role, _lv in atoms:
            counts[role] = counts.get(role, 0) + 1
        for role, c in counts.items():
            deg[role] = max(deg.get(role, 0), c)
    return deg


def points(roles_used: list, probes: dict) -> list:
    return [dict(zip(roles_used, combo)) for combo in itertools.product(*(probes[r] for r in roles_used))]
