"""CFA and SEM with lavaan's numbers: ML and robust ML (MLR), listwise or full-information (FIML).

>>> from research.sem import fit_sem, cfa
>>> res = cfa("visual =~ x1 + x2 + x3\\ntextual =~ x4 + x5 + x6", data)
>>> res.fit["cfi"], res.table()
>>> fit_sem(model, data, estimator="MLR", missing="fiml").fit["cfi.robust"]
>>> fit_sem(model, data, estimator="WLSMV", ordered=True).test["scaled.shifted"]   # ordered items (wls)
>>> modindices(res, max_rows=10); residuals(res, "standardized")     # a WLSMV fit: its DWLS versions
>>> fit_interaction("...\nSAT ~ REL + EMP + REL:EMP", data, method="dmc").simple_slopes   # latent interaction

Model syntax is lavaan's (see :mod:`research.sem.syntax` for the accepted
syntax — constraints, intercepts, modifiers, higher-order factors —, parsed
without evaluating anything); results use lavaan's vocabulary
(``parameterEstimates`` columns, ``fitMeasures`` names).  semopy gives the
starting point; the final ML fit, standard errors, fit measures and the
standardized solution are computed here (:mod:`research.sem.ram`,
:mod:`research.sem.fit_measures`, :mod:`research.sem.standardize`) and
checked against lavaan 0.6-14.
"""
from .diagnostics import SemWarning
from .fit import SemResult, cfa, fit_sem
from .interaction import InteractionResult, fit_interaction
from .modindices import modindices
from .multigroup_score import release_candidates, score_tests
from .residuals import largest_residuals, residuals
from .fit_measures import FIT_MEASURE_NAMES
from .robust import FIML_ROBUST_NAMES, ROBUST_FIT_MEASURE_NAMES
from .partable import ParTable, build_partable
from .ram import MLFit, RamModel
from .scores import factor_scores
from .syntax import DefinedParameter, ModelSpec, Statement, parse_model
from .wls import WlsResult, WlsStats, fit_wls, fit_wls_data

__all__ = ["fit_sem", "cfa", "SemResult", "SemWarning", "modindices", "residuals", "largest_residuals", "score_tests",
           "fit_interaction", "InteractionResult", "release_candidates", "parse_model", "ModelSpec", "Statement",
           "DefinedParameter", "build_partable", "ParTable", "RamModel", "MLFit", "FIT_MEASURE_NAMES",
           "ROBUST_FIT_MEASURE_NAMES", "FIML_ROBUST_NAMES", "factor_scores", "fit_wls", "fit_wls_data", "WlsResult",
           "WlsStats"]
