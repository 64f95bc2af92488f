"""A run's output folder is its identity: what produced it can be read from its name.

The unmodified scenario at the full number of draws and the default seed owns
``<out>/<scenario>/``, the folder a meeting's PDFs come from. Any other run goes to
``<out>/<scenario>+<tag>+…/``, one tag per thing that differs:

- ``<programme>@<region>``: a pack other than the default (``zhambyl_2019`` in ``zhambyl``), first;
- ``fast``: the ``--fast`` number of draws (100); ``draws<N>``: any other number of draws;
- ``seed<N>``: a seed other than the default;
- ``set-<digest>``: run-time overrides (``--set``, papermill ``overrides``); the digest is the first
  10 hex digits of the SHA-256 of the overrides as canonical JSON (keys sorted), so the same
  overrides always land in the same folder and different ones never share it.

``+`` is not a character a scenario name may hold (``model.scenario.check_name``: lower-case
letters, digits, ``_`` and ``-``), so no scenario's own folder can ever be another run's: the
scenario ``akimat-fast`` owns ``akimat-fast/``, and ``run --scenario akimat --fast`` writes
``akimat+fast/``. The tag and the digest are printed in the run's summary and recorded in
``results.json`` (``run.folder``, ``run.overrides_digest``).
"""
from __future__ import annotations

import hashlib
import json

SEP = "+"
FAST_TAG = "fast"
FAILED_TAG = "failed"  # <folder>+failed/: the executions of a run that failed, kept to read


def overrides_digest(overrides: dict) -> str:
    """10 hex digits naming a set of overrides ('' for none)."""
    if not overrides:
        return ""
    text = json.dumps(overrides, sort_keys=True, ensure_ascii=True, separators=(",", ":"), default=repr)
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def folder_tags(overrides: dict, draws: int, seed: int, *, full_draws: int, fast_draws: int,
                default_seed: int) -> list[str]:
    """What differs from the unmodified scenario at full draws, one tag each (empty: nothing)."""
    tags = []
    if draws == fast_draws:
        tags.append(FAST_TAG)
    elif draws != full_draws:
        tags.append(f"draws{draws}")
    if seed != default_seed:
        tags.append(f"seed{seed}")
    if overrides:
        tags.append(f"set-{overrides_digest(overrides)}")
    return tags


def pack_tags(pack) -> list[str]:
    """``["<programme>@<region>"]`` for a pack other than the default (model/paths.py), else none:
    the default pack's folders stay ``<scenario>/``, another pack's are ``<scenario>+<programme>@<region>/``
    (``@`` is in no scenario, programme or region name, so the tag reads back unambiguously)."""
    from .paths import DEFAULT_PROGRAMME, DEFAULT_REGION

    if pack is None or (pack.programme, pack.region) == (DEFAULT_PROGRAMME, DEFAULT_REGION):
        return []
    return [f"{pack.programme}@{pack.region}"]


def folder_name(scenario: str, tags: list[str]) -> str:
    return SEP.join([scenario, *tags])


def failed_name(folder: str) -> str:
    """Where a failed run of ``folder`` keeps its failed executions."""
    return f"{folder}{SEP}{FAILED_TAG}"
