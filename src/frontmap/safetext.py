r"""Text from files and links shown as plain text: never HTML, never markdown, never a formula.

The one place where text becomes HTML (`esc`, `link`, `html`) or Streamlit markdown (`md`). Streamlit's markdown (`st.markdown`,
`st.caption`, `st.info`, titles, expander labels) does not render HTML but does render links,
images and autolinks: `md` backslash-escapes what could start one, so a file name such as
`[x](javascript:...)` or `![](http://outside/pixel.png)` shows as those characters.

Escapes do not stop GFM's bare autolinks (`http://..`, `www.`, `a@b.c`): Streamlit finds those in
the text after parsing, escapes resolved (remark-gfm's `findAndReplace` over text nodes), so that
`![px](https\://outside/a.png)` still became a live link. `md` puts an invisible word joiner
(U+2060) where such a link would start, which no autolink pattern crosses.
"""

from __future__ import annotations

import html as _html
import re

import pandas as pd

# Inline markdown: links, images, autolinks (`<http://..>`), emphasis, code, tables, HTML entities,
# maths. Not the colon: Streamlit's `:colour[...]` and `:icon:` directives change how text looks,
# never where it leads, and titles read better unescaped.
_INLINE = re.compile(r"([\\`*_\[\]<>!~$&|@{}])")
# Block markers count only at the start of a line: headings, quotes, lists, rules.
_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])", re.MULTILINE)
_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)
# Where GFM's bare autolinks start: `scheme://`, `www.`, `user@host`.
_AUTOLINK = re.compile(r"(?i)(:)(?=//)|(www)(?=\.)|(@)")
WORD_JOINER = "\u2060"  # invisible, and no line break: the text reads and wraps as before
_WWW_JOINED = re.compile(r"(?i)(www\u2060)\.")

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
    return _html.escape(str(value))


def link(href: str, text) -> str:
    """A link that opens in a new tab and tells the page it leaves nothing: both parts escaped.
    The caller vouches for `href` being a web address (`provenance.web_url`)."""
    return f"<a href='{esc(href)}' target='_blank' rel='noopener noreferrer'>{esc(text)}</a>"


def md(value) -> str:
    """Any value as markdown source that renders as exactly its text."""
    text = "" if value is None else str(value)
    text = _INDENT.sub("", text)  # four spaces would make a code block, where escapes show
    text = unlinked(_INLINE.sub(r"\\\1", text))
    text = _WWW_JOINED.sub(r"\1\\.", text)  # and after `www` an escaped dot, which no link starts from
    return _LINE_START.sub(
        lambda m: m.group(1) + "".join("\\" + c if not c.isdigit() else c for c in m.group(2)), text
    )


def html(value) -> str:
    """Any value as HTML text inside a block of `st.markdown(..., unsafe_allow_html=True)`: escaped,
    and its line breaks as `<br>`, since a blank line would end the HTML block and let markdown
    (links, images, bare autolinks) start on the next."""
    text = "" if value is None else str(value)
    return "<br>".join(_html.escape(line) for line in text.splitlines())


def unlinked(text: str) -> str:
    """The text with a word joiner where a bare autolink would start (after `scheme:`, `www`, `@`):
    what `md` shows of it, to the letter."""
    return _AUTOLINK.sub(lambda m: m.group(0) + WORD_JOINER, text)


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
