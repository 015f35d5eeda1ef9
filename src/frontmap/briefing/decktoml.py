"""A deck written back as TOML (the presenter's drawings saved with it), read back identical by
`decks.parse_deck`. The standard library reads TOML but does not write it; a deck holds only
strings, numbers, dates and lists of them, which this writes."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped, nothing else."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 32 or ord(ch) == 127:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, int | float):
        return repr(value)  # finite: the models refuse nan and inf
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise TypeError(f"a deck holds no {type(value).__name__}")


def _table(model: BaseModel) -> tuple[list[str], dict[str, list[BaseModel]]]:
    """A model's own fields as `key = value` lines (None left out), and its lists of models."""
    lines, tables = [], {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        if value is None:
            continue
        if isinstance(value, list) and value and isinstance(value[0], BaseModel):
            tables[name] = value
        elif not (isinstance(value, list) and not value and name == "annotations"):
            lines.append(f"{name} = {_value(value)}")
    return lines, tables


def dumps(deck: BaseModel) -> str:
    """The deck as TOML: its fields, then each slide as `[[slides]]` and each of a slide's drawings
    as `[[slides.annotations]]`."""
    head, tables = _table(deck)
    out = [*head]
    for slide in tables.get("slides", []):
        lines, inner = _table(slide)
        out += ["", "[[slides]]", *lines]
        for annotation in inner.get("annotations", []):
            fields, _ = _table(annotation)
            out += ["", "[[slides.annotations]]", *fields]
    return "\n".join(out) + "\n"
