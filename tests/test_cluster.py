"""Resampling on a Dask distributed cluster (a LocalCluster of two worker processes here): the same draws as
on this machine, and clear errors for a bad scheduler address."""
from __future__ import annotations

import numpy as np
import pytest

from conftest import ROOT
from research import analyze
from research.bootstrap import bootstrap
from research.errors import OptionError


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c


@pytest.fixture(scope="module")
def fitted():
    return analyze(ROOT / "datasets" / "lsq5_wjx_gbk.csv", questionnaire="lsq5", bootstrap=0)


def test_cluster_gives_the_same_draws(cluster, fitted):
    local = bootstrap(fitted.sem, fitted.data, n_boot=120, seed=9)
    remote = bootstrap(fitted.sem, fitted.data, n_boot=120, seed=9, scheduler=cluster.scheduler_address)
    assert np.array_equal(local.status, remote.status)
    assert np.array_equal(local.draws, remote.draws, equal_nan=True)
    assert local.effects["boot.ci.lower"].tolist() == remote.effects["boot.ci.lower"].tolist()


def test_bca_jackknife_on_the_cluster(cluster):
    from research.sem import fit_sem
    import pandas as pd
    from conftest import REFERENCE

    data = pd.read_csv(REFERENCE / "political_democracy.csv")
    model = "ind60 =~ x1 + x2 + x3\ndem60 =~ y1 + y2 + y3 + y4\ndem60 ~ ind60\n"
    res = fit_sem(model, data)
    local = bootstrap(res, data, n_boot=60, seed=2, ci="bca")
    remote = bootstrap(res, data, n_boot=60, seed=2, ci="bca", scheduler=cluster.scheduler_address)
    assert np.array_equal(local.jackknife, remote.jackknife, equal_nan=True)


def test_analyze_runs_its_bootstrap_on_the_cluster(cluster):
    d = analyze(ROOT / "datasets" / "lsq5_wjx_gbk.csv", questionnaire="lsq5", bootstrap=50, seed=3,
                scheduler=cluster.scheduler_address).to_dict()
    ref = analyze(ROOT / "datasets" / "lsq5_wjx_gbk.csv", questionnaire="lsq5", bootstrap=50, seed=3).to_dict()
    ours = [(e["ci.lower"], e["ci.upper"]) for e in d["sem"]["effects"]]
    theirs = [(e["ci.lower"], e["ci.upper"]) for e in ref["sem"]["effects"]]
    assert ours == theirs


def test_bad_scheduler_address_is_a_clear_error(fitted):
    with pytest.raises(OptionError) as info:
        bootstrap(fitted.sem, fitted.data, n_boot=10, seed=1, scheduler="tcp://127.0.0.1:1")
    assert "scheduler" in info.value.message("en").lower()
    with pytest.raises(OptionError):
        bootstrap(fitted.sem, fitted.data, n_boot=10, seed=1, scheduler="   ")


def test_power_replications_on_the_cluster(cluster):
    from research.power import power
    from research.simulate import PopulationModel

    pop = PopulationModel.from_lavaan("A =~ .8*a1 + .8*a2 + .8*a3\nY =~ .8*y1 + .8*y2 + .8*y3\nY ~ .3*A\n")
    local = power(pop, n=(80,), reps=20, seed=4)
    remote = power(pop, n=(80,), reps=20, seed=4, scheduler=cluster.scheduler_address)
    assert local.table().equals(remote.table())
