"""A file's problems, made and taken in.

Made: a problem reads `FILE: line 12: what` (or `feature 3`, `placemark 3`, `event 3`, `FILE:1:
what`, `FILE: what`), kept as an `i18n.Msg` (`problem`, `header`): its str is the English of the
log and the CLI, and the page says it in the reader's language, however long ago and for whomever
it was made (an upload parsed once is cached; a team's layer keeps its problems). A row's place
in its file ("line 12", "feature 3") is plain English text, as row ids carry it: the line's frame
says it in the reader's language.

Taken in: a problem that repeats (137 rows far outside the region) is one line with its count and
its first rows; the full list stays for a download. Problems of one kind differ only in their place
and in the values quoted or bracketed in them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from frontmap import i18n
from frontmap.i18n import N_, Msg

PLACE = re.compile(r"^(?:(line|feature|placemark|event) (\d+)|(\d+)): (.*)$", re.S)
VALUES = re.compile(r"\s*\([^()]*\)|'[^']*'|\"[^\"]*\"|«[^«»]*»")
FIRST = 5  # places named in a grouped line


# The line of a row's problem, by the word its place in the file is said with
FRAMES = {
    "line": N_("{file}: line {number}: {what}"),
    "feature": N_("{file}: feature {number}: {what}"),
    "placemark": N_("{file}: placemark {number}: {what}"),
    "event": N_("{file}: event {number}: {what}"),
}
WORDS = {frame: word for word, frame in FRAMES.items()}


def problem(file: str, where: str | None, what) -> Msg:
    """`FILE: where: what`; `where` a row's place ("line 12", "feature 3"), or None for the file's own."""
    if where is None:  # (the frames without a place hold no words: said as they are)
        return Msg("{file}: {what}", args={"file": file, "what": what})
    word, _, number = where.partition(" ")
    if word in FRAMES and number.isdigit():  # (written here, the English of its frame: the usual problem)
        return Msg.made(f"{file}: {where}: {what}", FRAMES[word], {"file": file, "number": number, "what": what})
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
        return (WORDS[found.msgid], found.args["number"], found.args["what"]) if found.msgid in WORDS else None
    rest = found.removeprefix(name)
    rest = re.sub(r"^/[^:]*", "", rest).removeprefix(":").lstrip()  # "x.kmz/doc.kml: placemark 3"
    parsed = PLACE.match(rest)
    if not parsed or parsed.group(3):
        return None
    return parsed.group(1), parsed.group(2), parsed.group(4)


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
        key = f"{word}\n{_without_values(str(what))}"  # (grouped by the English, said in the reader's language)
        if key not in groups:
            groups[key] = Group(_without_values(i18n.say(what)), i18n.say(found))
        groups[key].places.append((word, number))
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
