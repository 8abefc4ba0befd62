"""Population values written as lavaan syntax (PopulationModel.from_lavaan): read without evaluating anything."""
from __future__ import annotations

import numpy as np
import pytest

from research.errors import OptionError
from research.simulate import PopulationModel, simulate_continuous

TEXT = """
ECO =~ .78*ECO1 + .74*ECO2 + .81*ECO3
RES =~ .70*RES1 + .72*RES2 + .75*RES3
SAT =~ .80*SAT1 + .75*SAT2 + .82*SAT3
SAT ~ .35*ECO + .20*RES
ECO ~~ .30*RES
"""


def test_values_are_read_as_stated():
    m = PopulationModel.from_lavaan(TEXT)
    assert m.loadings["ECO2"] == 0.74 and m.constructs["SAT"] == ("SAT1", "SAT2", "SAT3")
    assert m.paths == {("SAT", "ECO"): 0.35, ("SAT", "RES"): 0.20}
    assert m.exogenous_corr == {("ECO", "RES"): 0.30}
    # the simulated data have the stated standardised structure: corr(ECO1, SAT1) = λ·λ·(β_ECO + β_RES·r)
    data = simulate_continuous(m, n=200_000, seed=4)
    expected = 0.78 * 0.80 * (0.35 + 0.20 * 0.30)
    assert np.corrcoef(data["ECO1"], data["SAT1"])[0, 1] == pytest.approx(expected, abs=0.01)


@pytest.mark.parametrize("text", ["A =~ a1 + .7*a2", "A =~ .7*a1 + .7*a2\nB =~ .7*b1 + .7*b2\nB ~ A",
                                  "A =~ .7*a1 + .7*a2\nimport os"])
def test_missing_values_and_foreign_text_are_refused(text):
    with pytest.raises(OptionError):
        PopulationModel.from_lavaan(text)
