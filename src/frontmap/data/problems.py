"""A file's problems, made and taken in.

Made: a problem reads `FILE: line 12: what` (or `feature 3`, `placemark 3`, `event 3`, `FILE:1:
what`, `FILE: what`), kept as an `i18n.Msg` (`problem`, `header`, `line` ...): its str is the
English of the log and the CLI, and the page says it in the reader's language, however long ago and
for whomever it was made (an upload parsed once is cached; a team's layer keeps its problems).

Taken in: a problem that repeats (137 rows far outside the region) is one line with its count and
its first rows; the full list stays for a download. Problems of one kind differ only in their place
and in the values quoted or bracketed in them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from frontmap import i18n
from frontmap.i18n import Msg, msg

PLACE = re.compile(r"^(?:(line|feature|placemark|event) (\d+)|(\d+)): (.*)$", re.S)
VALUES = re.compile(r"\s*\([^()]*\)|'[^']*'|\"[^\"]*\"|«[^«»]*»")
FIRST = 5  # places named in a grouped line


def line(number) -> Msg:
    """A CSV's row by its line in the file (the header is line 1)."""
    return msg("line {number}", number=str(number))


def feature(number) -> Msg:
    return msg("feature {number}", number=str(number))


def placemark(number) -> Msg:
    return msg("placemark {number}", number=str(number))


def event(number) -> Msg:
    return msg("event {number}", number=str(number))


# (the frames hold no words of their own: said as they are in every language)
def problem(file: str, where, what) -> Msg:
    """`FILE: where: what`; `where` a row's place (`line`, `feature` ...), or None for the file's own."""
    if where is None:
        return Msg("{file}: {what}", args={"file": file, "what": what})
    return Msg("{file}: {where}: {what}", args={"file": file, "where": where, "what": what})


def header(file: str, number: int, what) -> Msg:
    """`FILE:1: what`: a problem of a line that is no row (a header, XML cut short)."""
    return Msg("{file}:{line}: {what}", args={"file": file, "line": str(number), "what": what})


def say_all(found: list[str]) -> list[str]:
    """Each problem in the reader's language."""
    return [i18n.say(p) for p in found]


@dataclass
class Group:
    what: str  # the problem with its values taken out, in the reader's language
    example: str  # the first problem of the kind, in the reader's language
    places: list[tuple[str, str]] = field(default_factory=list)  # ("line", "12")

    @property
    def count(self) -> int:
        return len(self.places) or 1


def _parts(name: str, found: str) -> tuple[str, str, str | Msg] | None:
    """(place word, its number, what) of a row's problem; None for the file's own or a header's."""
    if isinstance(found, Msg):
        where = found.args.get("where")
        if not isinstance(where, Msg) or where.msgid not in _WORDS:
            return None
        return _WORDS[where.msgid], where.args["number"], found.args["what"]
    rest = found.removeprefix(name)
    rest = re.sub(r"^/[^:]*", "", rest).removeprefix(":").lstrip()  # "x.kmz/doc.kml: placemark 3"
    parsed = PLACE.match(rest)
    if not parsed or parsed.group(3):
        return None
    return parsed.group(1), parsed.group(2), parsed.group(4)


_WORDS = {"line {number}": "line", "feature {number}": "feature", "placemark {number}": "placemark", "event {number}": "event"}


def _without_values(what: str) -> str:
    return re.sub(r"\s+", " ", VALUES.sub("", what)).replace(" ;", ";").strip()


def group(name: str, problems: list[str]) -> list[Group]:
    groups: dict[str, Group] = {}
    for found in problems:
        parts = _parts(name, found)
        if parts is None or parts[0] == "line" and parts[1] == "1":  # the header's problems are each their own
            groups.setdefault(str(found), Group(i18n.say(found), i18n.say(found)))
            continue
        word, number, what = parts
        # (grouped by the English, said in the reader's language)
        entry = groups.setdefault(f"{word}\n{_without_values(str(what))}", Group(_without_values(i18n.say(what)), i18n.say(found)))
        entry.places.append((word, number))
    return list(groups.values())


def _counted(word: str, n: int) -> str:
    """The grouped line of `n` rows of one kind, by the word its rows are placed by."""
    if word == "feature":
        return i18n.ngettext("{file}: {n} feature: {what} (features {shown})", "{file}: {n} features: {what} (features {shown})", n)
    if word == "placemark":
        return i18n.ngettext(
            "{file}: {n} placemark: {what} (placemarks {shown})", "{file}: {n} placemarks: {what} (placemarks {shown})", n
        )
    if word == "event":
        return i18n.ngettext("{file}: {n} event: {what} (events {shown})", "{file}: {n} events: {what} (events {shown})", n)
    return i18n.ngettext("{file}: {n} line: {what} (lines {shown})", "{file}: {n} lines: {what} (lines {shown})", n)


def summary_lines(name: str, problems: list[str]) -> list[str]:
    """One line a kind of problem, in the reader's language: the problem itself when it is alone,
    else its count, what it is and the first places it happens."""
    out = []
    for g in group(name, problems):
        if g.count == 1:
            out.append(g.example)
            continue
        shown = ", ".join(number for _, number in g.places[:FIRST])
        if g.count > FIRST:
            shown = i18n._("{shown} and {n} more").format(shown=shown, n=i18n.number(g.count - FIRST))
        out.append(_counted(g.places[0][0], g.count).format(file=name, n=i18n.number(g.count), what=g.what, shown=shown))
    return out
