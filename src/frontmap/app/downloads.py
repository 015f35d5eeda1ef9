"""Downloads made when their button is pressed, the one way every page offers a file.

On the briefing a download was cancelled once in five tries, under the room's poll (a part of the
page rerun four times a second). The file a click makes is kept for the session until its next full
run (`streamlit_internals.kept_for_this_session`), where every run's end swept it; and a click asks
for no rerun of the whole page, which nothing needs and which dropped the button's placeholder.
"""

from __future__ import annotations

from collections.abc import Callable

from frontmap import i18n
from frontmap.app import streamlit_internals


def button(container, label: str, make: Callable[[], bytes | str], file_name: str, mime: str, **options) -> None:
    """A download button in `container` (a column, the page's `st`) whose file `make` makes on click."""
    language = i18n.current()

    def in_language():  # Streamlit makes it on a thread of its own, whose language is the default
        i18n.set_language(language)
        return make()

    made = streamlit_internals.kept_for_this_session(in_language, mime, file_name)
    container.download_button(label, made, file_name=file_name, mime=mime, on_click="ignore", **options)
