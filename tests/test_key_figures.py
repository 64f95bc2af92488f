"""The projection's key figures, pinned for `akimat` (the plan, calibrated) and `pilot_evidence`
(46.4 bn at the first stage's rates), to seven significant figures.

The other scenario tests check directions (more money, more jobs) and identities; these fail
when a factor, a year or a discount is wrong while the directions still hold: dropping the
deadweight, shifting survival or the discounting by a year, rounding a cost per job. A change that
is meant to move a figure updates its pin here, in the same commit, with the reason in the
message (`python -m model project --scenario NAME --json` prints the new values).
"""
import numpy as np
import pytest

import model

REL = 2e-6  # the pins carry seven significant figures

PINNED = {
    "akimat": {
        # calibrated to the article: these reproduce its headline figures
        "projects": 31000.0, "jobs_direct": 90000.0, "entrepreneurs": 68000.0,
        "output_added_bn_kzt": 132.2, "output_rise_pct": 33.0, "processing_rise_pct": 30.0,
        "processing_rise_pp": 15.0,
        # what follows from the fit and the assumptions around it
        "fiscal_cost_bn_kzt": 13.59958, "owners_running": 58783.75, "hired": 31216.25,
        "jobs_direct_net": 61200.0, "jobs_indirect": 17344.7, "job_years_net": 580644.7,
        "tsa_families_out": 5823.116, "tsa_people_out": 28740.35, "tsa_saved_bn_kzt_total": 24.51413,
        "cost_per_net_job_m_kzt": 0.5907464, "economic_npv_bn_kzt": 88.28819, "economic_irr": 0.6397695,
        "economic_bcr": 1.608151, "payback_years": 3.0, "fiscal_npv_bn_kzt": 23.12658,
        "labour_cost_bn_kzt_total": 138.5187, "default_cost_bn_kzt": 0.1682197,
        "baseline_public_bn_kzt": 340.2324, "output_rise_pct_public": 38.85579,
        "cost_per_job_m_kzt": 0.5155556, "cost_per_hired_job_m_kzt": 1.486405,
        "fiscal_cost_per_net_job_m_kzt": 0.1731445, "fiscal_bcr": 2.773765,
        "economic_npv_no_shadow_wage_bn_kzt": 187.6441, "economic_bcr_no_shadow_wage": 5.09534,
        "default_rate_mean": 0.005179179,
    },
    "pilot_evidence": {
        "fiscal_cost_bn_kzt": 16.44423, "projects": 13406.84, "owners_running": 7600.741,
        "hired": 2088.233, "jobs_direct": 9688.974, "jobs_direct_net": 6588.502,
        "jobs_indirect": 1984.75, "job_years_net": 89799.0, "entrepreneurs": 8424.353,
        "output_added_bn_kzt": 4.603969, "output_rise_pct": 1.149251, "processing_rise_pct": 1.375017,
        "processing_rise_pp": 0.6875084, "tsa_families_out": 398.2243, "tsa_people_out": 1949.151,
        "tsa_saved_bn_kzt_total": 3.886376, "cost_per_net_job_m_kzt": 4.210673,
        "economic_npv_bn_kzt": -42.00463, "economic_irr": -0.3786461, "economic_bcr": 0.2594588,
        "payback_years": None,  # never pays back at the pilot's rates
        "fiscal_npv_bn_kzt": -11.16696, "labour_cost_bn_kzt_total": 21.1232,
        "default_cost_bn_kzt": 2.552468,
        "baseline_public_bn_kzt": 340.2324, "output_rise_pct_public": 1.353184,
        "cost_per_job_m_kzt": 3.725798, "cost_per_hired_job_m_kzt": 17.28694,
        "fiscal_cost_per_net_job_m_kzt": 1.544736, "fiscal_bcr": 0.2437646,
        "economic_npv_no_shadow_wage_bn_kzt": -27.8524, "economic_bcr_no_shadow_wage": 0.3457162,
        "default_rate_mean": 0.07858583,
    },
}

# The aggregate TSA estimate, kept as a cross-check in notebooks 04 and 07 (not in the summary):
# each series summed over the years, a checksum of the whole path.
PINNED_SERIES = {
    "akimat": {"tsa_families_out_aggregate": 88898.89, "tsa_people_out_aggregate": 451034.1,
               "tsa_saved_bn_aggregate": 33.98993},
    "pilot_evidence": {"tsa_families_out_aggregate": 37457.58, "tsa_people_out_aggregate": 190043.4,
                       "tsa_saved_bn_aggregate": 14.32167},
}


@pytest.fixture(scope="module", params=sorted(PINNED))
def case(request):
    return request.param, model.project(model.load_scenario(request.param))


def test_key_figures_are_as_pinned(case):
    """Every figure in one test: a wrong figure fails whichever test runs the projection first."""
    name, proj = case
    wrong = []
    for key, want in PINNED[name].items():
        got = proj.summary[key]
        ok = (got is None or got != got) if want is None else got == pytest.approx(want, rel=REL, abs=1e-9)
        if not ok:
            wrong.append(f"{key} = {got!r}, pinned {want!r}")
    for key, want in PINNED_SERIES[name].items():
        got = float(np.asarray(proj.arrays[key]).sum())
        if got != pytest.approx(want, rel=REL):
            wrong.append(f"sum of {key} = {got!r}, pinned {want!r}")
    assert not wrong, f"{name}: " + "; ".join(wrong)


def test_net_jobs_take_off_deadweight_and_displacement_once(case):
    name, proj = case
    s = proj.summary
    sc = model.load_scenario(name)
    keep = (1 - sc.value("net_effect.deadweight")) * (1 - sc.value("net_effect.displacement"))
    assert s["jobs_direct_net"] == pytest.approx(s["jobs_direct"] * keep, rel=1e-12)
    # and the two losses add up to the difference, each counted once
    assert s["jobs_deadweight"] + s["jobs_displaced"] == pytest.approx(s["jobs_direct"] - s["jobs_direct_net"], rel=1e-12)
    assert s["jobs_deadweight"] == pytest.approx(s["jobs_direct"] * sc.value("net_effect.deadweight"), rel=1e-12)
