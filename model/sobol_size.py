"""How large a Sobol base sample is (model/sensitivity.py), without importing numpy: the command
line shows these in its help."""

SOBOL_N = 4096  # the largest base sample sobol_size gives: n (inputs + 2) model runs
SOBOL_MIN = 1024  # the smallest: at 512 a total index can fall short of its first-order one beyond both intervals


def sobol_size(draws: int) -> int:
    """The Sobol base sample for a run of ``draws`` Monte Carlo draws: the power of two at or
    above ``draws``, at least SOBOL_MIN (1,024: below it the intervals stop being meaningful,
    a total index falling short of its first-order one) and at most SOBOL_N (4,096: every
    total index at least its first-order one within the intervals; more only costs time).
    A power of two keeps the Sobol sequence balanced. 1,000 draws -> 1,024; 100,000 -> 4,096."""
    n = 1 << max(0, int(draws) - 1).bit_length()
    return min(SOBOL_N, max(SOBOL_MIN, n))
