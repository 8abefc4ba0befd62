"""The experts' AHP workbooks for the LSQ-5 index (datasets/lsq5_ahp_expert*.xlsx, datasets/generate_ahp.py).

Consistency and priorities are recomputed here with numpy (principal eigenvalue and eigenvector, CI = (λmax −
n)/(n − 1), CR = CI / RI with Saaty's 1980 random index), independently of research.evaluation.ahp.
"""
from __future__ import annotations

import importlib.util

import numpy as np
import pytest
from openpyxl import load_workbook

from conftest import ROOT
from research.evaluation import load_system, read_ahp_workbook

DATASETS = ROOT / "datasets"
RI_SAATY_1980 = {3: 0.58, 4: 0.90, 5: 1.12}
FILES = {"expert1": "lsq5_ahp_expert1.xlsx", "expert2": "lsq5_ahp_expert2.xlsx", "expert3": "lsq5_ahp_expert3.xlsx"}


@pytest.fixture(scope="module")
def gen():
    spec = importlib.util.spec_from_file_location("lsq5_generate_ahp", DATASETS / "generate_ahp.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def books():
    return {who: read_ahp_workbook(DATASETS / name) for who, name in FILES.items()}


def eigen(a: np.ndarray) -> tuple[float, np.ndarray, float]:
    """(λmax, principal eigenvector summing to 1, CR with Saaty 1980's RI)."""
    vals, vecs = np.linalg.eig(a)
    k = int(np.argmax(vals.real))
    w = np.abs(vecs[:, k].real)
    w = w / w.sum()
    lam = float(vals[k].real)
    n = a.shape[0]
    return lam, w, (lam - n) / (n - 1) / RI_SAATY_1980[n]


def test_committed_workbooks_are_current_and_deterministic(gen, tmp_path):
    written = gen.write_workbooks(tmp_path)
    assert set(written) == set(FILES.values())
    for name, path in written.items():
        assert path.read_bytes() == (DATASETS / name).read_bytes(), \
            f"datasets/{name} is stale: run `python datasets/generate_ahp.py`"
        assert gen.workbook_bytes(next(k for k, v in FILES.items() if v == name)) == path.read_bytes()


def test_workbooks_cover_the_index_systems_nodes(books):
    nodes = load_system("lsq5-index").ahp_nodes()
    for who, book in books.items():
        assert set(book) == set(nodes), who
        for node, kids in nodes.items():
            m = book[node].to_numpy()
            assert list(book[node].columns) == list(kids) == list(book[node].index)
            assert np.allclose(np.diag(m), 1.0)
            assert np.allclose(m * m.T, 1.0)                      # reciprocal
            # every judgement on Saaty's scale: 1–9 or 1/2 … 1/9
            scale = {*range(1, 10), *(1 / k for k in range(2, 10))}
            assert all(any(abs(v - s) < 1e-12 for s in scale) for v in m.ravel()), (who, node)


def test_cells_typed_as_an_expert_types_them():
    sheet = load_workbook(DATASETS / FILES["expert2"])["LSQ"]
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "1/5" in values and "1/3" in values and "1/2" in values   # reciprocals as text
    assert any(v == 4 and isinstance(v, int) for v in values)          # whole numbers as numbers
    assert sheet["B2"].value == "LSQ"


def test_one_matrix_just_above_the_threshold(books):
    crs = {(who, node): eigen(m.to_numpy())[2] for who, book in books.items() for node, m in book.items()}
    flagged = {k: v for k, v in crs.items() if v >= 0.10}
    assert list(flagged) == [("expert2", "LSQ")]
    assert 0.10 < flagged[("expert2", "LSQ")] < 0.12
    assert all(v < 0.05 for k, v in crs.items() if k not in flagged)
    # Saaty (2003): the judgement to revise has the largest ε_ij = a_ij·w_j/w_i — economy vs flexibility = 4,
    # where the weights imply w_ECO/w_FLE ≈ 1.5
    m = books["expert2"]["LSQ"]
    a = m.to_numpy()
    _, w, _ = eigen(a)
    eps = a * w[None, :] / w[:, None]
    i, j = np.unravel_index(np.argmax(eps), eps.shape)
    assert (m.index[i], m.columns[j], a[i, j]) == ("ECO", "FLE", 4.0)
    assert w[i] / w[j] == pytest.approx(1.48, abs=0.005)


def test_each_expert_puts_a_different_dimension_first(books):
    first = {who: book["LSQ"].columns[int(np.argmax(eigen(book["LSQ"].to_numpy())[1]))]
             for who, book in books.items()}
    assert first == {"expert1": "REL", "expert2": "RES", "expert3": "ECO"}


def test_data_card_section(gen):
    card = (DATASETS / "README.md").read_text(encoding="utf-8")
    section = gen.data_card()
    assert section in card
    assert card.index(section) < card.index("## Licence")
    assert "| expert 2 | 0.1075 **≥ 0.10** |" in section
    assert "ECO vs FLE\n= 4, where the expert's other judgements imply about 1.48" in section
    for name in FILES.values():
        assert f"`{name}`" in card
