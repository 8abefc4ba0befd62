"""Equality and inequality constraints on parameters (lavaan's ``==``, ``<``, ``>``).

A constraint is user text parsed by :mod:`research.sem.syntax` into expression
trees over labels, ``:=`` names and numbers (nothing is evaluated by Python).
Written in one direction, ``c(θ) = lhs − rhs`` (``==``, ``>``) or ``rhs − lhs``
(``<``): equalities ask c(θ) = 0, inequalities c(θ) ≥ 0 (lavaan, like most
programs, treats ``>`` as ``≥`` at the optimum: a bound can be reached).

Estimation (what lavaan 0.6 does, by other numerics):

* only **linear equalities** (``a == b``, ``a == 2*b``, ``a + b == 1``): the
  free parameters are reparametrised onto the constraint set, θ = θ₀ + K u
  with K an orthonormal basis of the null space of the constraint matrix,
  and Newton–Raphson runs on u (lavaan: ``ceq.linear``, nlminb on the reduced
  parameters);
* otherwise (nonlinear equalities or inequalities): sequential quadratic
  programming (scipy's SLSQP) to the neighbourhood of the optimum, then
  Newton's method on the Karush–Kuhn–Tucker conditions of the active set
  (equalities and the inequalities within ``ACTIVE_SLACK`` of their bound),
  with the exact Hessian of the Lagrangian, to a gradient of ~1e-10 (lavaan:
  ``nlminb.constr``, an augmented-Lagrangian method).

Standard errors (lavaan's ``lav_model_information_augment_invert``): with J
the Jacobian of the equalities and of the *active* inequalities (lavaan's
slack 1e-5), ACOV = the upper-left block of the Moore–Penrose inverse of the
bordered matrix [[I + JᵀJ, Jᵀ], [J, 0]] divided by N — for linear
constraints K (Kᵀ I K)⁻¹ Kᵀ / N.  A parameter at an active bound gets SE 0.
Degrees of freedom: p* − q + rank of the equalities' Jacobian (inequalities
change neither q nor df); ``npar`` = q − that rank (lavaan's fitMeasures).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import linalg, optimize

from .expressions import evaluate
from .ram import MLFit, descent_direction

ACTIVE_SLACK = 1e-5          # lavaan: an inequality within 1e-5 of its bound is active


def _degree(tree: tuple, names: dict) -> float:
    """Polynomial degree of an expression in the free parameters (inf: not a polynomial)."""
    kind = tree[0]
    if kind == "num":
        return 0
    if kind == "name":
        return names.get(tree[1], 0)
    if kind == "neg":
        return _degree(tree[1], names)
    a, b = _degree(tree[1], names), _degree(tree[2], names)
    if kind in ("add", "sub"):
        return max(a, b)
    if kind == "mul":
        return a + b
    if kind == "div":
        return a if b == 0 else np.inf
    return 0 if a == 0 and b == 0 else np.inf          # pow


class ConstraintSet:
    """The constraints of a parameter table, as functions of the free parameters."""

    def __init__(self, pt):
        self.partable = pt
        self.q = pt.npar
        self.items = tuple(pt.constraints)
        self.equalities = tuple(c for c in self.items if c.op == "==")
        self.inequalities = tuple(c for c in self.items if c.op != "==")
        self._labels: dict[str, tuple[str, float]] = {}
        for r in pt.rows:
            if r.label and r.label not in self._labels:
                self._labels[r.label] = ("free", r.free - 1) if r.free else ("fixed", float(r.value or 0.0))
        self._defined = {d.name: d.expr for d in pt.defined}
        degrees: dict[str, float] = {k: (1 if v[0] == "free" else 0) for k, v in self._labels.items()}
        for d in pt.defined:
            degrees[d.name] = _degree(d.expr, degrees)
        self.linear = all(_degree(c.tree, degrees) <= 1 for c in self.items)
        self.linear_equalities_only = self.linear and not self.inequalities

    def __bool__(self) -> bool:
        return bool(self.items)

    @property
    def n_eq(self) -> int:
        return len(self.equalities)

    def _evaluate(self, trees, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        theta = np.asarray(theta, dtype=float)
        q = len(theta)
        memo: dict[str, tuple[float, np.ndarray]] = {}

        def lookup(name):
            if name in memo:
                return memo[name]
            if name in self._labels:
                kind, v = self._labels[name]
                if kind == "free":
                    g = np.zeros(q)
                    g[v] = 1.0
                    out = (theta[v], g)
                else:
                    out = (v, np.zeros(q))
            else:
                out = evaluate(self._defined[name], lookup, q)
            memo[name] = out
            return out

        values, rows = [], []
        with np.errstate(all="ignore"):
            for t in trees:
                v, g = evaluate(t, lookup, q)
                values.append(v)
                rows.append(g)
        return np.array(values, dtype=float), np.array(rows, dtype=float).reshape(len(trees), q)

    def equality(self, theta) -> tuple[np.ndarray, np.ndarray]:
        """(c_eq(θ), ∂c_eq/∂θ): the equalities, each = 0 at a feasible θ."""
        return self._evaluate([c.tree for c in self.equalities], theta)

    def inequality(self, theta) -> tuple[np.ndarray, np.ndarray]:
        """(c_in(θ), ∂c_in/∂θ): the inequalities, each ≥ 0 at a feasible θ."""
        return self._evaluate([c.tree for c in self.inequalities], theta)

    def active(self, theta, slack: float = ACTIVE_SLACK) -> np.ndarray:
        """Mask of the inequalities at their bound (within ``slack``)."""
        v, _ = self.inequality(theta)
        return v <= slack

    def jacobian(self, theta, slack: float = ACTIVE_SLACK) -> np.ndarray:
        """Rows of the equalities and of the active inequalities (what the standard errors use); a row that
        cannot be evaluated at θ (e.g. a division by zero) is left out — the fit is then not converged."""
        _, Je = self.equality(theta)
        _, Ji = self.inequality(theta)
        J = np.vstack([Je, Ji[self.active(theta, slack)]])
        return J[np.isfinite(J).all(axis=1)]

    def rank_eq(self, theta) -> int:
        """Rank of the equalities' Jacobian (what they take from npar and add to df)."""
        _, Je = self.equality(theta)
        Je = Je[np.isfinite(Je).all(axis=1)]
        return int(np.linalg.matrix_rank(Je)) if Je.size else 0

    def violation(self, theta) -> float:
        """The largest violation (inf when a constraint cannot be evaluated at θ)."""
        ve, _ = self.equality(theta)
        vi, _ = self.inequality(theta)
        if not (np.all(np.isfinite(ve)) and np.all(np.isfinite(vi))):
            return np.inf
        return float(max(np.max(np.abs(ve), initial=0.0), np.max(-vi, initial=0.0)))

    def names_at_bound(self, theta) -> list[str]:
        """The inequalities that are active at θ, as the user wrote them."""
        act = self.active(theta)
        return [c.text for c, a in zip(self.inequalities, act) if a]


# ------------------------------------------------------------------------------------------
# standard errors
# ------------------------------------------------------------------------------------------
def constrained_inverse(info: np.ndarray, J: np.ndarray) -> np.ndarray:
    """Upper-left block of the Moore–Penrose inverse of [[I + JᵀJ, Jᵀ], [J, 0]] (lavaan's augmented
    information; ``info`` unscaled, e.g. N × the information per observation)."""
    q = info.shape[0]
    if J.size == 0:
        return np.linalg.inv(info)
    m = J.shape[0]
    aug = np.zeros((q + m, q + m))
    aug[:q, :q] = info + J.T @ J
    aug[:q, q:] = J.T
    aug[q:, :q] = J
    inv = np.linalg.pinv(aug, rcond=np.finfo(float).eps ** 0.75, hermitian=True)
    out = inv[:q, :q]
    return (out + out.T) / 2


# ------------------------------------------------------------------------------------------
# estimation
# ------------------------------------------------------------------------------------------
@dataclass
class Problem:
    """What the constrained optimiser needs: f(θ), ∇f(θ), (∇f, ∇²f or None) at θ, a PD metric at θ."""

    value: object
    gradient: object
    hessian: object          # θ → (g, H): H exact or None
    metric: object           # θ → positive definite approximation of ∇²f (e.g. Fisher information)


def _null_space(A: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(θ_p, K): A θ = b ⇔ θ = θ_p + K u (K orthonormal; θ_p the minimum-norm solution)."""
    theta_p = np.linalg.lstsq(A, b, rcond=None)[0]
    K = linalg.null_space(A)
    return theta_p, K


def _newton(problem: Problem, u0, lift, drop, gtol: float, max_iter: int):
    """Damped Newton on f(lift(u)) with the exact Hessian (metric where it is not positive definite)."""
    u = np.array(u0, dtype=float)
    f = problem.value(lift(u))
    it, gmax = 0, np.inf
    for it in range(1, max_iter + 1):
        theta = lift(u)
        try:
            g_full, H_full = problem.hessian(theta)
        except np.linalg.LinAlgError:
            return u, f, np.inf, it, False, "implied covariance matrix is singular"
        g = drop(g_full)
        gmax = float(np.max(np.abs(g), initial=0.0))
        if gmax < gtol:
            return u, f, gmax, it - 1, True, "gradient below tolerance"
        reduced = [lambda: drop(drop(H_full).T)] if H_full is not None else []
        step, slope = descent_direction(g, reduced + [lambda: drop(drop(problem.metric(theta)).T)])
        t = 1.0
        while t > 1e-12:
            fc = problem.value(lift(u + t * step))
            if np.isfinite(fc) and fc <= f + 1e-4 * t * slope:
                break
            t *= 0.5
        if t <= 1e-12:
            return u, f, gmax, it, gmax < 1e-6, "line search failed"
        u, f = u + t * step, fc
    return u, f, gmax, it, gmax < 1e-6, "maximum iterations reached"


def minimize(problem: Problem, theta0: np.ndarray, cons: ConstraintSet, *, gtol: float = 1e-10,
             max_iter: int = 500) -> MLFit:
    """Minimise f under the constraints from θ₀ (see the module docstring); a constraint that cannot be
    evaluated (e.g. a division by zero) ends as not converged, never as an exception."""
    theta0 = np.array(theta0, dtype=float)
    try:
        return _minimize(problem, theta0, cons, gtol, max_iter)
    except (np.linalg.LinAlgError, ValueError, FloatingPointError, OverflowError):
        return MLFit(theta0, problem.value(theta0), np.inf, 0, False, "the constraints cannot be evaluated here")


def _minimize(problem: Problem, theta0: np.ndarray, cons: ConstraintSet, gtol: float, max_iter: int) -> MLFit:
    if cons.linear_equalities_only:
        c0, A = cons.equality(np.zeros_like(theta0))
        theta_p, K = _null_space(A, -c0)
        lift = lambda u: theta_p + K @ u                      # noqa: E731
        drop = lambda v: K.T @ v                              # noqa: E731
        u, f, gmax, it, ok, msg = _newton(problem, K.T @ (theta0 - theta_p), lift, drop, gtol, max_iter)
        if not np.isfinite(f):
            return MLFit(lift(u), f, np.inf, it, False, "starting values give a non-positive-definite Σ")
        # contradictory equalities (a == 1; a == 2) or one on a fixed parameter have no solution
        return _finish(lift(u), f, gmax, it, cons, msg, converged=ok)
    return _sqp(problem, theta0, cons, gtol, max_iter)


def _sqp(problem: Problem, theta0, cons: ConstraintSet, gtol: float, max_iter: int) -> MLFit:
    f0 = problem.value(theta0)
    big = abs(f0) * 10 + 1e3 if np.isfinite(f0) else 1e6

    def fun(t):
        v = problem.value(t)
        return v if np.isfinite(v) else big

    def jac(t):
        try:
            g = problem.gradient(t)
        except np.linalg.LinAlgError:
            return np.zeros_like(t)
        return g if np.all(np.isfinite(g)) else np.zeros_like(t)

    constraints = []
    if cons.equalities:
        constraints.append({"type": "eq", "fun": lambda t: cons.equality(t)[0],
                            "jac": lambda t: cons.equality(t)[1]})
    if cons.inequalities:
        constraints.append({"type": "ineq", "fun": lambda t: cons.inequality(t)[0],
                            "jac": lambda t: cons.inequality(t)[1]})
    with np.errstate(all="ignore"):
        res = optimize.minimize(fun, theta0, jac=jac, method="SLSQP", constraints=constraints,
                                options={"maxiter": max_iter, "ftol": 1e-14})
    theta = res.x if np.all(np.isfinite(res.x)) else theta0
    return _kkt_polish(problem, theta, cons, gtol, int(res.nit))


def _constraint_hessian(cons: ConstraintSet, theta, weights, which: str, h: float = 1e-6) -> np.ndarray:
    """Σ wᵢ ∇²cᵢ(θ) by central differences of the analytic Jacobian (zero for linear constraints)."""
    q = len(theta)
    if cons.linear or not np.any(weights):
        return np.zeros((q, q))
    fn = cons.equality if which == "eq" else cons.inequality
    out = np.zeros((q, q))
    for j in range(q):
        e = np.zeros(q)
        e[j] = h
        out[:, j] = (weights @ (fn(theta + e)[1] - fn(theta - e)[1])) / (2 * h)
    return (out + out.T) / 2


def _kkt_polish(problem: Problem, theta, cons: ConstraintSet, gtol: float, offset: int,
                max_iter: int = 60) -> MLFit:
    """Newton on the KKT conditions of the active set: ∇f = Jᵀλ, c_A(θ) = 0."""
    theta = np.array(theta, dtype=float)
    f = problem.value(theta)
    active = cons.active(theta) if cons.inequalities else np.zeros(0, dtype=bool)
    gmax, it = np.inf, 0
    for it in range(1, max_iter + 1):
        ce, Je = cons.equality(theta)
        ci, Ji = cons.inequality(theta)
        c = np.concatenate([ce, ci[active]])
        J = np.vstack([Je, Ji[active]])
        try:
            g, H = problem.hessian(theta)
        except np.linalg.LinAlgError:
            break
        lam = np.linalg.lstsq(J.T, g, rcond=None)[0] if J.size else np.zeros(0)
        n_eq = len(ce)
        lam_in = lam[n_eq:]
        if lam_in.size and np.any(lam_in < -1e-8):
            # an active bound pulls the wrong way: release it and go on
            idx = np.flatnonzero(active)[np.argmin(lam_in)]
            active[idx] = False
            continue
        r = g - J.T @ lam if J.size else g
        gmax = float(np.max(np.abs(r), initial=0.0))
        viol = float(np.max(np.abs(c), initial=0.0))
        if gmax < gtol and viol < 1e-10:
            return _finish(theta, f, gmax, offset + it - 1, cons, "gradient below tolerance")
        B = H if H is not None else problem.metric(theta)
        if J.size:            # Hessian of the Lagrangian f − λᵀc (inactive inequalities weigh 0)
            lam_all_in = np.zeros(len(ci))
            lam_all_in[active] = lam_in
            B = B - _constraint_hessian(cons, theta, lam[:n_eq], "eq") \
                - _constraint_hessian(cons, theta, lam_all_in, "in")
        q, m = len(theta), J.shape[0]
        K = np.zeros((q + m, q + m))
        K[:q, :q] = B
        K[:q, q:] = J.T
        K[q:, :q] = J
        rhs = np.concatenate([-g, -c])
        sol = np.linalg.lstsq(K, rhs, rcond=None)[0]
        d = sol[:q]
        t = 1.0
        while t > 1e-8:
            cand = theta + t * d
            fc = problem.value(cand)
            if np.isfinite(fc):
                break
            t *= 0.5
        if t <= 1e-8:
            break
        theta, f = cand, fc
        if cons.inequalities:
            active = active | cons.active(theta, slack=0.0)
        if np.max(np.abs(t * d)) < 1e-14:
            break
    return _finish(theta, f, gmax, offset + it, cons, "maximum iterations reached",
                   converged=gmax < 1e-6 and cons.violation(theta) < 1e-8)


def _finish(theta, f, gmax, iterations, cons, message, converged: bool = True) -> MLFit:
    ok = converged and cons.violation(theta) < 1e-8
    return MLFit(theta, f, gmax, iterations, ok, message if ok or not converged else "constraints violated")
