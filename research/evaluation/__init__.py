"""Evaluation index systems as Chinese evaluation studies build them (评价指标体系, DOMAIN.md §7): multi-level
indicator trees with a weight at every node, weights from experts (AHP with a consistency check) or from the
data (entropy, CRITIC) or both combined, fuzzy comprehensive evaluation (模糊综合评价) into grades, and the
ranking of alternatives (platforms, couriers, regions) by TOPSIS or grey relational analysis.  Each module
holds one family of methods and returns small result objects with ``.table()`` and ``.to_dict()``; worked
examples with published answers are in ``../shared/reference/mcda/``.

>>> from research.evaluation import evaluate, load_system
>>> res = evaluate(responses, "lsq5-index", weights="entropy", group="PLATFORM")
"""

from .ahp import ahp, ahp_workbook, group_ahp, hierarchy, read_ahp_workbook
from .engine import EvaluationResult, evaluate
from .fuzzy import fuzzy_by_segment, fuzzy_evaluate, fuzzy_hierarchy, membership_from_answers
from .ranking import grey_relational, rank_segments, rank_sensitivity, topsis
from .system import IndexSystem, IndicatorNode, list_systems, load_system
from .weights import combine_weights, critic_weights, cv_weights, entropy_weights

__all__ = ["ahp", "group_ahp", "hierarchy", "ahp_workbook", "read_ahp_workbook", "entropy_weights",
           "critic_weights", "cv_weights", "combine_weights", "membership_from_answers", "fuzzy_evaluate",
           "fuzzy_hierarchy", "fuzzy_by_segment", "topsis", "grey_relational", "rank_sensitivity", "rank_segments",
           "IndexSystem", "IndicatorNode", "load_system", "list_systems", "evaluate", "EvaluationResult"]
