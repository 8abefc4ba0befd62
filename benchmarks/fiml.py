"""Speed of the FIML analysis (``missing="fiml"``) of the standard study and of its bootstrap.

    python benchmarks/fiml.py [--bootstrap 200] [--seed 1] [--jobs 1] [--root PATH] [--skip-listwise]

The bundled 问卷星 sample (datasets/lsq5_wjx_gbk.csv, questionnaire lsq5: 27 items,
7 constructs, 460 rows with data, 47 missing-data patterns).  Prints, each as wall
and CPU seconds of this process:

* ``research.analyze(..., bootstrap=0, missing="fiml")`` (and the listwise analysis
  for comparison);
* the steps inside it that FIML makes costly: the observed information of the
  moments (:meth:`MissingPatterns.information`), the Hessian of −log L/N (analytic
  and lavaan's numerical rule where this checkout has both), one FIML fit of the
  method-factor model;
* ``research.bootstrap.bootstrap`` of the FIML SEM with ``--bootstrap`` resamples
  (``--jobs`` worker processes; the CPU figure is only meaningful with one): the
  cost per resample.

``--root`` times another checkout (e.g. an exported older commit) with this script,
for before/after figures.  Asserts nothing.  On a busy machine wall times vary by
2–3x; the CPU times are steadier.

Figures (2-core machine shared with other jobs, load 5–6; one run each; CPU s / wall s).
"before" is commit 2dc79b0 (``--root`` pointing at ``git archive 2dc79b0``):

==========================================  =====================  =====================
step                                        before (2dc79b0)        after
==========================================  =====================  =====================
analyze, listwise, bootstrap=0 (1st run)    4.9 / 13.0              1.5 / 2.7
analyze, FIML, bootstrap=0 (after it)       35.8 / 100.5            2.1 / 3.4
analyze, FIML, bootstrap=0 (fresh process)  ≈ 35 / 66–128           2.9 / 4.9
information (observed), one call            0.50                    0.003
Hessian, method-factor model (q = 129)      0.64 (numerical)        0.005 (analytic)
FIML fit, method-factor model               11.9 (66 iterations)    0.49 (32 iterations)
bootstrap of the FIML SEM, per resample     0.021 / 0.030           0.011 / 0.017
==========================================  =====================  =====================

The analytic and numerical Hessians agree to 3e-10 (relative, largest entry), the SEs
from them to 8e-8.
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path


def _timed(fn):
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w, time.process_time() - c


def _line(label: str, wall: float, cpu: float, per: int = 1) -> None:
    if per > 1:
        print(f"  {label:48} wall {wall / per * 1e3:9.1f} ms   cpu {cpu / per * 1e3:9.1f} ms   (per item, {per} items)")
    else:
        print(f"  {label:48} wall {wall:9.3f} s    cpu {cpu:9.3f} s")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bootstrap", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=1, help="bootstrap worker processes (1: CPU time is meaningful)")
    ap.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1],
                    help="checkout to time (default: this one)")
    ap.add_argument("--skip-listwise", action="store_true")
    args = ap.parse_args(argv)
    root = args.root.resolve()
    sys.path.insert(0, str(root))
    os.chdir(root)

    import numpy as np

    import research
    from research.bootstrap import bootstrap
    from research.sem import fit as sem_fit
    from research.sem.fiml import FimlObjective
    from research.sem.mvnorm import MissingPatterns

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load {os.getloadavg()[0]:.1f}")
    print(f"checkout: {root}")
    q = research.load_questionnaire("lsq5")
    r = research.load_responses("datasets/lsq5_wjx_gbk.csv", q)

    # capture the FIML fits inside the analysis (model, rows) for the step timings below
    fits = []
    original = sem_fit._fit_fiml

    def capture(spec, data, estimator, start, complete=False):
        res = original(spec, data, estimator, start, complete)
        fits.append((spec, data, estimator, start, res))
        return res

    print("analysis (the first one also pays the one-time imports, ≈ 1 s CPU)")
    if not args.skip_listwise:
        _, wall, cpu = _timed(lambda: research.analyze(r, questionnaire=q, bootstrap=0, missing="listwise", seed=1))
        _line('analyze(bootstrap=0, missing="listwise")', wall, cpu)
    sem_fit._fit_fiml = capture
    try:
        result, wall, cpu = _timed(lambda: research.analyze(r, questionnaire=q, bootstrap=0, missing="fiml", seed=1))
    finally:
        sem_fit._fit_fiml = original
    _line('analyze(bootstrap=0, missing="fiml")', wall, cpu)

    from contextlib import nullcontext
    try:                         # fits run with one BLAS thread: the steps too
        from research.sem.threads import one_thread
    except ImportError:
        one_thread = nullcontext
    with one_thread():
        _steps(fits, np, research, FimlObjective, MissingPatterns)

    if args.bootstrap > 0:
        sem = result.sem
        print(f"bootstrap of the FIML SEM ({sem.partable.npar} free parameters), {args.bootstrap} resamples, "
              f"{args.jobs} job(s)")
        boot, wall, cpu = _timed(lambda: bootstrap(sem, result.data, n_boot=args.bootstrap, seed=args.seed,
                                                   n_jobs=args.jobs))
        _line("bootstrap", wall, cpu)
        _line("bootstrap per resample", wall, cpu, args.bootstrap)
        print(f"  non-converged: {boot.n_nonconverged}, inadmissible: {boot.n_inadmissible}")


def _steps(fits, np, research, FimlObjective, MissingPatterns) -> None:
    print("steps (the largest FIML model of the analysis: the method factor; one BLAS thread)")
    spec, data, estimator, start, res = max(fits, key=lambda f: f[4].partable.npar)
    names = list(res.partable.ov_names)
    X = data[names].apply(lambda s: s.astype(float)).to_numpy()
    X = X[~np.isnan(X).all(axis=1)]
    mp = MissingPatterns(X)
    print(f"  model: {len(names)} items, {res.partable.npar} free parameters, {len(mp.patterns)} patterns, "
          f"N = {mp.n}")
    em = mp.em()
    reps = 5
    _, wall, cpu = _timed(lambda: [mp.information(em.mu, em.sigma, "observed") for _ in range(reps)])
    _line("information (observed)", wall, cpu, reps)
    obj = FimlObjective(res.model, mp, em.sigma, em.mu)
    theta = res.theta
    if hasattr(obj, "analytic_hessian"):
        _, wall, cpu = _timed(lambda: [obj.analytic_hessian(theta) for _ in range(reps)])
        _line("Hessian, analytic", wall, cpu, reps)
        Hn, wall, cpu = _timed(lambda: obj.numerical_hessian(theta))
        _line("Hessian, numerical (lavaan's 4-point rule)", wall, cpu)
        Ha = obj.analytic_hessian(theta)
        se = [np.sqrt(np.diag(np.linalg.pinv(H))) for H in (Ha, Hn)]
        print(f"    max |H_a − H_n| / max |H_n| = {np.max(np.abs(Ha - Hn)) / np.max(np.abs(Hn)):.1e}, "
              f"SEs max relative difference {np.nanmax(np.abs(se[0] / se[1] - 1)):.1e}")
    else:
        _, wall, cpu = _timed(lambda: obj.hessian(theta))
        _line("Hessian, numerical (lavaan's 4-point rule)", wall, cpu)
    fit2, wall, cpu = _timed(lambda: research.sem.fit_sem(spec, data, estimator=estimator, missing="fiml",
                                                          start=start))
    _line(f"fit_sem(missing=\"fiml\"), {fit2.optimizer['iterations']} iterations", wall, cpu)


if __name__ == "__main__":
    main()
