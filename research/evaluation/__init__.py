"""Evaluation index systems as Chinese evaluation studies build them (评价指标体系, DOMAIN.md §7): multi-level
indicator trees with a weight at every node, weights from experts (AHP with a consistency check) or from the
data (entropy, CRITIC) or both combined, fuzzy comprehensive evaluation (模糊综合评价) into grades, and the
ranking of alternatives (platforms, couriers, regions) by TOPSIS or grey relational analysis.  Each module
holds one family of methods and returns small result objects with ``.table()`` and ``.to_dict()``; worked
examples with published answers are in ``../shared/reference/mcda/``.
"""
