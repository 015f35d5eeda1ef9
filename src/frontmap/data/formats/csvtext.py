"""A CSV as spreadsheets save it: the encoding (UTF-8 with or without BOM, UTF-16, Windows-1251 or
Windows-1252), the delimiter (`,` `;` or tab) and decimal commas are guessed, and each guess is said.

Windows-1251 and -1252 decode almost any bytes, so the choice between them (or neither) is made on
what the text looks like: Cyrillic words in 1251, Latin words with the odd accented letter in 1252.
A text that looks like neither is refused rather than loaded as mojibake.
"""

from __future__ import annotations

import re

from frontmap import limits
from frontmap.data import problems as said
from frontmap.i18n import Msg, msg

SAMPLE = limits.MB  # the encoding and delimiter are judged on the first megabyte
DELIMITERS = (",", ";", "\t")
_WORD = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN_ACCENTED = re.compile(r"[\u00c0-\u00ff]")
# A decimal comma: 48,5 or -37,123456 (a whole cell, so that "48,5" in a comma CSV is never touched)
DECIMAL_COMMA = re.compile(r"^\s*-?\d{1,3},\d+\s*$")


def _plausible_1251(text: str) -> bool:
    """Cyrillic words, not Cyrillic letters glued to Latin ones (1252 text read as 1251: "cafй")."""
    words = [w for w in _WORD.findall(text) if not w.isascii()]
    if not words:
        return True
    odd = sum(1 for w in words if _CYRILLIC.search(w) and (re.search(r"[A-Za-z]", w) or not w.isalpha()))
    # mixed case inside a word (not Title or UPPER) is rare in real text and common in mojibake
    odd += sum(1 for w in words if not (w.islower() or w.isupper() or w.istitle()))
    return odd <= len(words) * 0.1


def _plausible_1252(text: str) -> bool:
    """Latin words where accented letters are the minority (1251 text read as 1252 is all accents)."""
    words = [w for w in _WORD.findall(text) if not w.isascii()]
    if not words:
        return True
    letters = sum(len(w) for w in words)
    accented = sum(len(_LATIN_ACCENTED.findall(w)) for w in words)
    symbols = len(re.findall(r"[\u0080-\u00bf\u2000-\u206f\u0152-\u02dc]", text))
    return accented <= letters * 0.5 and symbols <= max(2, len(words) * 0.1)


def decode(name: str, data: bytes) -> tuple[str | None, Msg | str | None, Msg | None]:
    """(text, the encoding said when it was guessed, None) or (None, None, why it is refused)."""
    if data[:3] == b"\xef\xbb\xbf":
        encoding, said_as = "utf-8-sig", None
    elif data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encoding, said_as = "utf-16", "UTF-16"
    elif data[:SAMPLE:2].count(0) > len(data[:SAMPLE:2]) // 3 or data[1:SAMPLE:2].count(0) > len(data[1:SAMPLE:2]) // 3:
        encoding = "utf-16-le" if data[1:SAMPLE:2].count(0) > data[:SAMPLE:2].count(0) else "utf-16-be"
        said_as = msg("UTF-16 (no byte-order mark)")
    else:
        try:
            return data.decode("utf-8"), None, None
        except UnicodeDecodeError as err:
            at = err.start
        around = data[max(0, at - SAMPLE // 2) : at + SAMPLE // 2]  # where the text stops being UTF-8
        for encoding, check in (("cp1251", _plausible_1251), ("cp1252", _plausible_1252)):
            try:
                sample = around.decode(encoding)
            except UnicodeDecodeError:
                continue
            if check(sample):
                try:
                    return data.decode(encoding), msg("Windows-{code} (not UTF-8 from byte {at})", code=encoding[2:], at=at), None
                except UnicodeDecodeError as err:
                    return None, None, said.problem(name, None, msg("byte {at} is not {encoding}; not read", at=err.start, encoding=encoding))
        return None, None, said.problem(name, None, msg(
            "not text in an encoding it reads (UTF-8, UTF-16, Windows-1251, Windows-1252): byte {at} is not UTF-8 and the "
            "text makes no sense as the others; save it as UTF-8 CSV", at=at,
        ))
    try:
        return data.decode(encoding), said_as, None
    except UnicodeDecodeError as err:
        return None, None, said.problem(name, None, msg("byte {at} is not {encoding}; not read", at=err.start, encoding=said_as or "UTF-8"))


def without_sep_line(text: str) -> tuple[str, str | None]:
    """Excel's first line `sep=;` (it names the delimiter): (the text after it, the delimiter), or
    (the text, None) when there is none."""
    first, _, rest = text.partition("\n")
    found = re.fullmatch(r"sep=(.)\r?", first)
    return (rest, found.group(1)) if found else (text, None)


def separated(sep: str) -> Msg:
    """What a guessed delimiter is said as."""
    if sep == ";":
        return msg("fields separated by semicolons")
    if sep == "\t":
        return msg("fields separated by tabs")
    return msg("fields separated by commas") if sep == "," else msg("fields separated by {delimiter}", delimiter=repr(sep))


def delimiter(text: str) -> tuple[str, Msg | None]:
    """The delimiter, and what to say when it is not a comma: the one the header line holds most of
    (a header names columns, so it rarely holds the others)."""
    header = text[: text.find("\n") if "\n" in text[:SAMPLE] else SAMPLE]
    counts = {d: header.count(d) for d in DELIMITERS}
    found = max(counts, key=lambda d: (counts[d], d == ","))
    found = found if counts[found] else ","
    return found, None if found == "," else separated(found)
