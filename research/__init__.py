"""Survey-based customer-satisfaction research: questionnaires, import of
survey exports, screening and (in later modules) reliability, validity,
CFA/SEM, effects, regression and driver analysis.

>>> import research
>>> q = research.load_questionnaire("lsq5")
>>> r = research.load_responses("datasets/lsq5_wjx_gbk.csv", q)
>>> s = research.screen(r)
"""
from . import errors
from .errors import ResearchError
from .forms import render_questionnaire
from .io import load_responses
from .questionnaire import Questionnaire, list_templates, load_questionnaire
from .responses import Responses
from .screening import Screening, ScreeningPolicy, screen

__version__ = "0.1.0"

__all__ = ["errors", "ResearchError", "load_responses", "load_questionnaire", "list_templates",
           "Questionnaire", "Responses", "render_questionnaire", "screen", "Screening", "ScreeningPolicy", "__version__"]
