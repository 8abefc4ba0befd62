"""PLS-SEM: PLS path modelling and consistent PLS, with the assessment SmartPLS users report.

``estimate_pls(data, model)`` estimates; the modules beside it assess
(:mod:`.assessment`), resample (:mod:`.bootstrap`), predict (:mod:`.predict`),
and handle higher-order constructs, moderation and groups.
"""
from .fit import PLSResult, estimate_pls
from .model import Block, Interaction, PLSModel, make_model, parse_pls_model

__all__ = ["Block", "Interaction", "PLSModel", "PLSResult", "estimate_pls", "make_model", "parse_pls_model"]
