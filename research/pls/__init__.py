"""PLS-SEM: PLS path modelling and consistent PLS, with the assessment SmartPLS users report.

``research.pls(data, model, ...)`` (:func:`research.pls.study.pls`) runs a whole study; the modules:

* :mod:`.model` (lavaan syntax → :class:`PLSModel`), :mod:`.engine` (the algorithm on correlation matrices),
  :mod:`.fit` (:func:`estimate_pls` → :class:`PLSResult`);
* :mod:`.assessment` (:func:`assess`: reliability, validity, VIF, R², f², effects, SRMR/d_ULS/d_G, Q²),
  :mod:`.blindfolding` (Q²), :mod:`.measures` (HTMT, f², indirect effects on batches);
* :mod:`.bootstrap` (:func:`bootstrap_pls`), :mod:`.predict` (:func:`predict_pls`, :func:`cvpat`),
  :mod:`.ipma` (:func:`pls_ipma`);
* :mod:`.hoc` (:func:`estimate_hoc`), :mod:`.moderation` (:func:`estimate_moderated`, :func:`simple_slopes`),
  :mod:`.groups` (:func:`micom`, :func:`mga`).
"""
from .assessment import Assessment, assess
from .bootstrap import PLSBootstrap, bootstrap_pls
from .fit import PLSResult, estimate_pls
from .groups import mga, micom
from .hoc import HOCResult, estimate_hoc
from .ipma import pls_ipma
from .model import Block, Interaction, PLSModel, make_model, parse_pls_model
from .moderation import ModeratedResult, estimate_moderated, simple_slopes
from .predict import cvpat, predict_pls
from .study import PLSStudy

__all__ = ["Assessment", "Block", "HOCResult", "Interaction", "ModeratedResult", "PLSBootstrap", "PLSModel",
           "PLSResult", "PLSStudy", "assess", "bootstrap_pls", "cvpat", "estimate_hoc", "estimate_moderated",
           "estimate_pls", "make_model", "mga", "micom", "parse_pls_model", "pls_ipma", "predict_pls",
           "simple_slopes"]
