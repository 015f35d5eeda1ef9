"""Text from files and links shown as plain text: never HTML, never markdown, never a formula.

The one place where text becomes HTML (`esc`, `link`) or Streamlit markdown (`md`). Streamlit's markdown (`st.markdown`,
`st.caption`, `st.info`, titles, expander labels) does not render HTML but does render links,
images and autolinks: `md` backslash-escapes what could start one, so a file name such as
`[x](javascript:...)` or `![](http://outside/pixel.png)` shows as those characters.
"""

from __future__ import annotations

import html
import re

import pandas as pd

# Inline markdown: links, images, autolinks (`<http://..>`, `a@b.c`), emphasis, code, tables, HTML
# entities, maths. A colon only before `//` (a bare `http://` link): Streamlit's `:colour[...]` and
# `:icon:` directives change how text looks, never where it leads, and titles read better unescaped.
_INLINE = re.compile(r"([\\`*_\[\]<>!~$&|@{}]|:(?=//))")
# Block markers count only at the start of a line: headings, quotes, lists, rules.
_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])", re.MULTILINE)
_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)
_WWW = re.compile(r"(?i)(www)\.")  # GFM links a bare www.example.com

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # OWASP's CSV injection list
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!?]|javascript:|\bon[a-z]+\s*=", re.IGNORECASE)


def esc(value) -> str:
    """Any value as HTML text: escaped, quotes included (safe in an attribute); nothing for a
    missing value; a timestamp as its day."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return html.escape(str(value))


def link(href: str, text) -> str:
    """A link that opens in a new tab and tells the page it leaves nothing: both parts escaped.
    The caller vouches for `href` being a web address (`provenance.web_url`)."""
    return f"<a href='{esc(href)}' target='_blank' rel='noopener noreferrer'>{esc(text)}</a>"


def md(value) -> str:
    """Any value as markdown source that renders as exactly its text."""
    text = "" if value is None else str(value)
    text = _INDENT.sub("", text)  # four spaces would make a code block, where escapes show
    text = _INLINE.sub(r"\\\1", text)
    text = _WWW.sub(r"\1\\.", text)
    return _LINE_START.sub(
        lambda m: m.group(1) + "".join("\\" + c if not c.isdigit() else c for c in m.group(2)), text
    )


def csv_cell(value):
    """A cell a spreadsheet will not run: text starting with = + - @ (or a tab or carriage return)
    gets a leading apostrophe, as OWASP advises; plain numbers such as -33.5 stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def from_csv_cell(value: str) -> str:
    """The inverse of `csv_cell`, so that a downloaded CSV loads back to the same rows."""
    if value.startswith("'") and value[1:].startswith(FORMULA_START) and not _NUMBER.fullmatch(value[1:]):
        return value[1:]
    return value


def has_markup(value) -> bool:
    """True when text looks like HTML or script (a tag, `javascript:`, an `on...=` handler)."""
    return isinstance(value, str) and bool(_MARKUP.search(value))
