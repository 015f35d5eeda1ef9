"""Numbers as a reader expects them: `6.9 million`, `€1.5 billion per month`, `-20 °C`."""

from __future__ import annotations

import math

from frontmap import i18n
from frontmap.i18n import _

COUNTED = {"people", "children", "consumers", "subscribers"}  # the card's label names what is counted


def format_value(value: float, unit: str) -> str:
    """`6.9 million`, `10,500`, `€1.5 billion per month`, `-20 °C`, `35 years` (in Ukrainian
    `6,9 млн`, `10 500`, `€1,5 billion`: the number as the language writes it, never rounded; a
    unit from the data stays in its language)."""
    shown_unit = "" if unit in COUNTED else f" {_(unit)}"
    if "EUR" in unit:
        return f"€{_exact(value)} {_(unit.replace(' EUR', '').replace('EUR', '').strip())}".strip()
    if abs(value) >= 1_000_000:
        return _("{n} million").format(n=_exact(value / 1_000_000)) + shown_unit
    if math.isclose(value, round(value)):
        return f"{i18n.number(int(round(value)))}{shown_unit}"
    return f"{i18n.number(value)}{shown_unit}"


def _exact(value: float) -> str:
    """`6.54`, `6,54`: every digit the source gave (Python's %g), in the language's form."""
    text = f"{value:g}"
    return text if i18n.is_english() else text.replace(".", ",")


def card_label(label: str, unit: str) -> tuple[str, str]:
    """A rate's "per month" moves from the unit to the label, so that the number stays short."""
    base, _sep, per = unit.partition(" per ")
    if per and "each" not in label and "per" not in label:
        label = _("{label} (per {per})").format(label=label, per=_(per))
    return label, base
