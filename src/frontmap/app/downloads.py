"""Downloads made when their button is pressed, the one way every page offers a file.

A click on a download whose file is made on demand also asked for a rerun of the whole page. That
rerun drops the run's placeholder for the file, and under load (the briefing room's poll reruns a
part of the page four times a second) the browser's request for it sometimes came after: the
download was cancelled, once in five tries. Nothing on a page needs that rerun, so none is asked.
"""

from __future__ import annotations

from collections.abc import Callable


def button(container, label: str, make: Callable[[], bytes | str], file_name: str, mime: str, **options) -> None:
    """A download button in `container` (a column, the page's `st`) whose file `make` makes on click."""
    container.download_button(label, make, file_name=file_name, mime=mime, on_click="ignore", **options)
