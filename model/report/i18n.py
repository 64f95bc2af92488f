"""Everything a reader sees, in kk, ru and en: texts from locales/<lang>/*.yaml, and number formats.

Locale files are nested YAML; a text is addressed by its dotted key (``directions.livestock``).
Every key must exist in every language (tests/test_code_health.py). Texts may hold ``{name}``
fields filled by ``t(key, lang, name=value)``.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..paths import rel
from ..schema import LANGS, read_yaml

LOCALES = Path(__file__).parent / "locales"
_NBSP = "\u00a0"
_NNBSP = "\u202f"  # narrow no-break space: the thousands separator in kk and ru


def _flatten(tree: dict, prefix: str = "") -> dict[str, str]:
    out = {}
    for k, v in tree.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(_flatten(v, key + "."))
        else:
            out[key] = str(v)
    return out


@lru_cache(maxsize=None)
def texts(lang: str) -> dict[str, str]:
    """All texts of one language, by dotted key (files merged; a key defined twice is an error)."""
    if lang not in LANGS:
        raise ValueError(f"lang = {lang!r}: expected one of {LANGS}")
    out: dict[str, str] = {}
    for path in sorted((LOCALES / lang).glob("*.yaml")):  # the loader's rules: a key twice in one file too
        flat = _flatten(read_yaml(path, rel(path)))
        twice = set(flat) & set(out)
        if twice:
            raise ValueError(f"{path}: keys {sorted(twice)[:3]} already defined in another {lang} file")
        out.update(flat)
    return out


def t(key: str, lang: str, **fields) -> str:
    """The text for ``key`` in ``lang``, with ``{fields}`` filled in."""
    try:
        text = texts(lang)[key]
    except KeyError:
        raise KeyError(f"model/report/locales/{lang}: no text for key {key!r}") from None
    if not fields:
        return text
    # a value set in «» that has «» of its own (a programme's name in a title) takes the inner
    # quotes of kk and ru typography, „“, never ««…»…»
    fields = {k: v.replace("«", "„").replace("»", "“") if isinstance(v, str) and f"«{{{k}}}»" in text else v
              for k, v in fields.items()}
    return text.format(**fields)


DASH = "—"  # a missing value, in every table, text and chart of the report


MINUS = "\u2212"  # a true minus sign, in every language: a hyphen is not a minus


def number(x: float, lang: str, digits: int = 0) -> str:
    """31 000 / 46,4 / −3 in kk and ru; 31,000 / 46.4 / −3 in en. A value that rounds to zero
    is 0, never −0."""
    if x is None:
        return DASH
    s = f"{x:,.{digits}f}"
    if s.startswith("-"):
        s = s[1:] if not any(c in "123456789" for c in s) else f"{MINUS}{s[1:]}"
    if lang == "en":
        return s
    return s.replace(",", _NNBSP).replace(".", ",")


_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")


def date(iso: str, lang: str) -> str:
    """A document's date as the language writes it: 05.12.2026 in kk and ru (the form of an
    official document), 5 December 2026 in en; from an ISO date (2026-12-05)."""
    y, m, d = (int(x) for x in iso.split("-"))
    return f"{d} {_MONTHS_EN[m - 1]} {y}" if lang == "en" else f"{d:02d}.{m:02d}.{y}"


def money_bn(x: float, lang: str, digits: int = 1) -> str:
    """46,4 млрд ₸ (kk, ru) / KZT 46.4 bn (en)."""
    return f"KZT{_NBSP}{number(x, lang, digits)}{_NBSP}bn" if lang == "en" else f"{number(x, lang, digits)}{_NBSP}млрд{_NBSP}₸"


def money_m(x: float, lang: str, digits: int = 2) -> str:
    """1,50 млн ₸ (kk, ru) / KZT 1.50 m (en)."""
    return f"KZT{_NBSP}{number(x, lang, digits)}{_NBSP}m" if lang == "en" else f"{number(x, lang, digits)}{_NBSP}млн{_NBSP}₸"


def money_k(x: float, lang: str) -> str:
    """6 700 ₸ (kk, ru) / KZT 6,700 (en): whole tenge."""
    return f"KZT{_NBSP}{number(x, lang)}" if lang == "en" else f"{number(x, lang)}{_NBSP}₸"


def pct(x: float, lang: str, digits: int = 1) -> str:
    """33,0 % (kk, ru) / 33.0% (en)."""
    return f"{number(x, lang, digits)}%" if lang == "en" else f"{number(x, lang, digits)}{_NBSP}%"


def direction(d: str, lang: str) -> str:
    return t(f"directions.{d}", lang)


def yes_no(flag: bool, lang: str) -> str:
    return t("common.met" if flag else "common.not_met", lang)
