"""Survey-based customer-satisfaction research: questionnaires, import of
survey exports, screening, reliability, validity, CFA/SEM, effects,
regression and driver analysis for marketers (relative importance, IPA,
segment comparison, measurement invariance, a weighted satisfaction index).

>>> import research
>>> q = research.load_questionnaire("lsq5")
>>> r = research.load_responses("datasets/lsq5_wjx_gbk.csv", q)
>>> s = research.screen(r)
>>> res = research.analyze("datasets/lsq5_wjx_gbk.csv", questionnaire="lsq5", seed=1)

``research.analyze`` is the function (the module of the same name stays
importable as ``from research.analyze import AnalysisSpec``); so are
``research.report``, ``research.power``, ``research.pls`` (PLS-SEM:
``research.pls(data, "lsq5")``; its modules stay importable as
``from research.pls import estimate_pls``) and ``research.process`` (Hayes'
PROCESS models: ``research.process(data, 7, x="REL", m=["SAT"], y="LOY", w="EMP")``;
``from research.process import ProcessResult``).
"""
from . import errors
from .errors import ResearchError
from .forms import render_questionnaire
from .io import load_responses
from .questionnaire import Questionnaire, list_templates, load_questionnaire
from .responses import Responses
from .screening import Screening, ScreeningPolicy, screen

from .analyze import AnalysisResult, AnalysisSpec, analyze  # noqa: E402  (binds research.analyze to the function)
from .marketing.groups import compare_groups
from .marketing.importance import drivers
from .marketing.index import satisfaction_index
from .marketing.index import satisfaction_index as index
from .marketing.ipa import ipa, ipma
from .sem.multigroup import compare_path, invariance
from .sem import fit_sem, cfa, modindices, residuals, score_tests
from .normality import mardia
from .method_bias import full_collinearity_vif, marker_variable, method_factor, single_factor_cfa
from .report import report  # noqa: E402  (binds research.report to the function, as for analyze)
from .power import power  # noqa: E402  (likewise)
from .pls.study import pls  # noqa: E402  (binds research.pls to the function: research.pls(data, model, ...))
from .process.fit import process  # noqa: E402  (binds research.process to the function: PROCESS models 1–76)

__version__ = "0.1.0"

__all__ = ["errors", "ResearchError", "load_responses", "load_questionnaire", "list_templates",
           "Questionnaire", "Responses", "render_questionnaire", "screen", "Screening", "ScreeningPolicy", "analyze", "AnalysisSpec", "AnalysisResult",
           "drivers", "ipa", "ipma", "compare_groups", "invariance", "compare_path", "index", "satisfaction_index",
           "fit_sem", "cfa", "modindices", "residuals", "score_tests", "mardia", "single_factor_cfa", "method_factor",
           "marker_variable", "full_collinearity_vif",
           "report", "power", "pls", "process", "__version__"]
