"""A file's problems as a reader takes them in: a problem that repeats (137 rows far outside the
region) is one line with its count and its first rows; the full list stays for a download.

A problem reads `FILE: line 12: what` (or `feature 3`, `placemark 3`, `event 3`, `FILE:1: what`);
problems of one kind differ only in their place and in the values quoted or bracketed in them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PLACE = re.compile(r"^(?:(line|feature|placemark|event) (\d+)|(\d+)): (.*)$", re.S)
VALUES = re.compile(r"\s*\([^()]*\)|'[^']*'|\"[^\"]*\"")
FIRST = 5  # places named in a grouped line


@dataclass
class Group:
    what: str  # the problem with its values taken out
    example: str  # the first problem of the kind, as it was written
    places: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.places) or 1


def group(name: str, problems: list[str]) -> list[Group]:
    groups: dict[str, Group] = {}
    for problem in problems:
        rest = problem.removeprefix(name)
        rest = re.sub(r"^/[^:]*", "", rest).removeprefix(":").lstrip()  # "x.kmz/doc.kml: placemark 3"
        found = PLACE.match(rest)
        if not found:
            groups.setdefault(problem, Group(problem, problem))
            continue
        word, number, line, what = found.groups()
        if line == "1" or number == "1" and word == "line":  # the header's problems are each their own
            groups.setdefault(problem, Group(problem, problem))
            continue
        kind = re.sub(r"\s+", " ", VALUES.sub("", what)).replace(" ;", ";").strip()
        entry = groups.setdefault(f"{word or 'line'}\n{kind}", Group(kind, problem))
        entry.places.append(f"{word} {number}" if word else f"line {line}")
    return list(groups.values())


def summary_lines(name: str, problems: list[str]) -> list[str]:
    """One line a kind of problem: the problem itself when it is alone, else its count, what it
    is and the first places it happens."""
    out = []
    for g in group(name, problems):
        if g.count == 1:
            out.append(g.example)
            continue
        word = g.places[0].split(" ")[0]
        shown = ", ".join(p.split(" ")[1] for p in g.places[:FIRST])
        more = f" and {g.count - FIRST:,} more" if g.count > FIRST else ""
        out.append(f"{name}: {g.count:,} {word}s: {g.what} ({word}s {shown}{more})")
    return out
