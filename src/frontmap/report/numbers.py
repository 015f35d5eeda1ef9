"""Numbers as a reader expects them: `6.9 million`, `€1.5 billion per month`, `-20 °C`."""

from __future__ import annotations

import math

COUNTED = {"people", "children", "consumers", "subscribers"}  # the card's label names what is counted


def format_value(value: float, unit: str) -> str:
    """`6.9 million`, `10,500`, `€1.5 billion per month`, `-20 °C`, `35 years`."""
    shown_unit = "" if unit in COUNTED else f" {unit}"
    if "EUR" in unit:
        return f"€{value:g} {unit.replace(' EUR', '').replace('EUR', '')}".strip()
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:g} million{shown_unit}"
    if math.isclose(value, round(value)):
        return f"{int(round(value)):,}{shown_unit}"
    return f"{value:,}{shown_unit}"


def card_label(label: str, unit: str) -> tuple[str, str]:
    """A rate's "per month" moves from the unit to the label, so that the number stays short."""
    base, _, per = unit.partition(" per ")
    if per and "each" not in label and "per" not in label:
        label = f"{label} (per {per})"
    return label, base
