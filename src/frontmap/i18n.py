"""The app's languages: gettext catalogues (locale/<lang>/LC_MESSAGES/frontmap.po, compiled to
.mo and committed; `make locale` extracts, updates and compiles them with Babel), and Babel for
dates, numbers and plural forms. Below every folder: any module may say its words through it.

The language is the session's (its run sets it first, app.py); a module-level text is marked with
`N_` and said with `_` where it is shown. Work done for every viewer (`cache.py`) is kept per
language. Outside a run (a thread, the CLI, a test) the language is English.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
import gettext
import re
from pathlib import Path

from babel import dates as babel_dates
from babel import numbers as babel_numbers

LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"
DOMAIN = "frontmap"
# The languages offered, in the selector's order: their code (the link's `lang=`), the selector's
# word, Babel's locale. English is the source language (the msgids).
LANGUAGES = {"en": "EN", "uk": "УК"}
DEFAULT = "en"
_BABEL = {"en": "en", "uk": "uk_UA"}  # (en_GB abbreviates September "Sept")
_BROWSER = {"en": "en-GB", "uk": "uk-UA"}  # the browser's Intl: "12 Nov 2022", day first
_current: contextvars.ContextVar[str] = contextvars.ContextVar("frontmap_language", default=DEFAULT)


def set_language(code: str) -> None:
    _current.set(code if code in LANGUAGES else DEFAULT)


def current() -> str:
    return _current.get()


def locale() -> str:
    """Babel's locale of the current language."""
    return _BABEL[current()]


def from_browser(tag: str | None) -> str:
    """The language of a browser's `en-US`, `uk-UA`, `uk`: one we have, else English."""
    code = (tag or "").replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else DEFAULT


@functools.cache
def catalogue(code: str) -> gettext.NullTranslations:
    if code == DEFAULT:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[code], fallback=True)


def _(message: str | None) -> str | None:
    """The message in the session's language (None and "" as they are)."""
    return catalogue(current()).gettext(message) if message else message


def pgettext(context: str, message: str) -> str:
    """A message whose English is said elsewhere with another sense ("open": a route's status, or a
    link's action), told apart by its context."""
    return catalogue(current()).pgettext(context, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form for `n` (Ukrainian has three: 1 день, 2 дні, 5 днів); `{n}` in it is left to format."""
    return catalogue(current()).ngettext(singular, plural, n)


def plural_forms(singular: str, plural: str) -> dict[str, str]:
    """The forms of a word by the browser's plural categories (Intl.PluralRules: one, few, many,
    other), for a script that counts (the time bar, the lasso, the point cloud), which falls back to
    `other` for a category left out."""
    forms = {cat: ngettext(singular, plural, n) for cat, n in (("one", 1), ("few", 2), ("many", 5), ("other", 5))}
    # (a form the same as "other" is left out, the script falling back to it: fewer bytes a run)
    return {cat: form for cat, form in forms.items() if cat == "other" or form != forms["other"]}


def js_locale() -> str:
    """The language's tag for the browser's Intl (dates, plural rules)."""
    return _BROWSER[current()]


class Msg(str):
    """A message kept as its msgid and arguments, said in the reader's language where it is shown
    (`say`): a file's problem line is made once (cached, stored, remembered on disk) and read in
    either language. Its str is the English: the log's, the CLI's, what tests and grouping compare.
    An argument that is a `Msg` is said in the same language, an int as `number` writes it, a float
    with two decimals (a size in MB); the rest (file names, values, row numbers: a str) as they are."""

    msgid: str
    plural: str | None
    n: int | None
    args: dict

    def __new__(cls, msgid: str, plural: str | None = None, n: int | None = None, args: dict | None = None):
        # (a file may have 100,000 problem lines, each made at once and most never said: text, the
        # usual arguments, takes the short way)
        kept = english = args or {}
        for value in kept.values():
            if not isinstance(value, str):  # (a Msg is a str: its English)
                kept, english = _plain(kept)
                break
        if plural is not None:
            english = {**english, "n": f"{n:,}"}
        return cls.made((msgid if plural is None or n == 1 else plural).format_map(english), msgid, kept, plural, n)

    @classmethod
    def made(cls, english: str, msgid: str, args: dict, plural: str | None = None, n: int | None = None) -> Msg:
        """A message whose English the caller has written (the same as `msgid` with `args`)."""
        self = super().__new__(cls, english)
        self.__dict__ = {"msgid": msgid, "plural": plural, "n": n, "args": args}
        return self

    def __reduce__(self):  # (pickled by st.cache_data and the like as what it is made from)
        return Msg, (self.msgid, self.plural, self.n, self.args)

    def said(self) -> str:
        try:
            return _render(self.msgid, self.plural, self.n, self.args)
        except (KeyError, IndexError, ValueError):  # (a translation that lost a placeholder: its English)
            return str(self)

    def to_json(self) -> dict:
        """The message as JSON data (a team's store keeps it so), `from_json` its inverse."""
        args = {k: v.to_json() if isinstance(v, Msg) else v for k, v in self.args.items()}
        return {"text": str(self), "msgid": self.msgid, "plural": self.plural, "n": self.n, "args": args}

    @classmethod
    def from_json(cls, data: dict) -> str:
        """The message again; its English text alone when it is not one this code could have made
        (stored data is not trusted as a template: `{a.__class__}` would reach into objects)."""
        try:
            templates = [data["msgid"]] + ([data["plural"]] if data.get("plural") is not None else [])
            named = all(_NAME.fullmatch(f) for t in templates for f in _FIELD.findall(t))
            n = data.get("n")
            if not named or not isinstance(n, int | None) or (n is None) != (len(templates) == 1):
                return str(data["text"])
            args = {k: cls.from_json(v) if isinstance(v, dict) else v for k, v in data["args"].items() if _NAME.fullmatch(k)}
            return cls(data["msgid"], data.get("plural"), n, args)
        except (KeyError, TypeError, AttributeError, ValueError, IndexError):
            return str(data.get("text", "")) if isinstance(data, dict) else ""


_FIELD = re.compile(r"\{([^{}]*)\}")
_NAME = re.compile(r"[a-z_][a-z0-9_]*")


def _plain(args: dict) -> tuple[dict, dict]:
    """Arguments kept as plain data, to pickle and store (an exception, a path, become their text),
    and as English writes them, by Python's own formatting as Babel's "en" writes numbers."""
    kept, english = {}, {}
    for k, v in args.items():
        if isinstance(v, str):
            kept[k] = english[k] = v
        elif isinstance(v, int) and not isinstance(v, bool):
            kept[k], english[k] = v, f"{v:,}"
        elif isinstance(v, float):
            kept[k], english[k] = v, f"{v:,.2f}"
        else:
            kept[k] = english[k] = str(v)
    return kept, english


def _render(msgid: str, plural: str | None, n: int | None, args: dict) -> str:
    text = ngettext(msgid, plural, n) if plural is not None else _(msgid)
    shown = {k: _arg(v) for k, v in args.items()}
    return text.format(n=number(n), **shown) if plural is not None else text.format(**shown)


def _arg(value) -> str:
    if isinstance(value, Msg):
        return value.said()
    if isinstance(value, int) and not isinstance(value, bool):
        return number(value)
    if isinstance(value, float):
        return number(value, 2)
    return str(value)


def msg(message: str, **args) -> Msg:
    """`message` with its `{named}` arguments, said later in the reader's language (`say`)."""
    return Msg(message, None, None, args)


def msg_n(singular: str, plural: str, n: int, **args) -> Msg:
    """A counted message (`{n}` in it), said later in the reader's language with its plural form."""
    return Msg(singular, plural, n, args)


def say(text: str | None) -> str | None:
    """A `Msg` in the current language; any other text as it is."""
    return text.said() if isinstance(text, Msg) else text


def N_(message: str) -> str:
    """A text marked for the catalogue where it is written (a module's table), said with `_` where shown."""
    return message


def is_english() -> bool:
    return current() == "en"


def day(value: dt.date) -> str:
    """A day in full: "09 November 2022", "9 листопада 2022"."""
    pattern = "dd MMMM y" if is_english() else "d MMMM y"
    return babel_dates.format_date(value, pattern, locale=locale())


def day_short(value: dt.date) -> str:
    """A day briefly: "09 Nov 2022", "9 лист. 2022"."""
    pattern = "dd MMM y" if is_english() else "d MMM y"
    return babel_dates.format_date(value, pattern, locale=locale())


def day_month(value: dt.date) -> str:
    """"09 Nov", "9 лист."."""
    return babel_dates.format_date(value, "dd MMM" if is_english() else "d MMM", locale=locale())


def month_short(value: dt.date) -> str:
    """A month alone, briefly: "Jan", "січ."."""
    return babel_dates.format_date(value, "LLL", locale=locale())


def number(value: float, decimals: int | None = None) -> str:
    """A number as the language writes it: "4,600" or "4 600" (a no-break space), "2.5" or "2,5"."""
    if decimals is None:
        return babel_numbers.format_decimal(value, locale=locale())
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return babel_numbers.format_decimal(value, format=pattern, locale=locale())


def number_symbols() -> dict[str, str]:
    """The decimal sign and the thousands separator, for a script that writes numbers: "." and ",",
    or "," and a no-break space."""
    return {"decimal": babel_numbers.get_decimal_symbol(locale()), "thousands": babel_numbers.get_group_symbol(locale())}


def percent(value: float) -> str:
    """A share to a tenth of a per cent: "0.9%", "0,9%"."""
    return babel_numbers.format_percent(value, format="#,##0.0%", locale=locale())


def compact(value: float, digits: int = 1) -> str:
    """A large number in short: "4.6K", "4,6 тис." (only where a figure is said as a size, never a
    sourced figure, which is printed as the source gives it)."""
    return babel_numbers.format_compact_decimal(value, format_type="short", fraction_digits=digits, locale=locale())


def km2(value: float, short: bool = False) -> str:
    """An area measured by the app: "4,600 km²", "4 600 км²"; `short` where a headline says it
    ("4,6 тис. км²" from a thousand up)."""
    amount = compact(value) if short and value >= 1000 and not is_english() else number(value, 0)
    return amount + (" " if is_english() else "\xa0") + _("km²")  # (Ukrainian keeps a unit with its number)


def source_language_note(language: str = "en") -> str:
    """The marker after data text kept in its source's language, where the page speaks another one:
    "" in that language, "(in English)" / "(мовою джерела)" otherwise."""
    return "" if current() == language else " " + _("(in the language of the source)")
