"""Streamlit's file uploader in the page's language. Streamlit 1.67 writes its uploader's button
("Upload") and its line of limits ("60MB per file • CSV, ...") in English and has no setting for
them; on a page in another language our words are shown in their place (`assets.words_over`)."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from frontmap import i18n
from frontmap.app import assets
from frontmap.i18n import _


def file_uploader(label: str, types: list[str], key: str, max_mb: int, **options):
    """`st.file_uploader` (`types`: its `type`, `max_mb`: its `max_upload_size`), its own words in
    the page's language."""
    file = st.file_uploader(label, type=types, key=key, max_upload_size=max_mb, **options)
    if not i18n.is_english():
        zone = f".st-key-{key} [data-testid=stFileUploaderDropzone]"
        limits = _("{size} MB a file • {types}").format(
            size=i18n.number(max_mb), types=", ".join(t.lstrip(".").upper() for t in types)  # (as Streamlit lists them)
        )
        line = f"{zone} [data-testid=stFileUploaderDropzoneInstructions]>div"
        button = _("Choose files") if options.get("accept_multiple_files") else _("Choose a file")
        st.html(assets.words_over({f"{zone} button [data-testid=stMarkdownContainer]": button, line: limits}, faded=(line,)))
    return file


def held(key: str) -> list[UploadedFile]:
    """The files in the uploader `key` that the server holds. A file the browser still lists after the
    server lost it (a restarted server, the browser reconnected) is Streamlit's `DeletedFile`: no name,
    no bytes, nothing to read."""
    value = st.session_state.get(key)
    files = value if isinstance(value, list) else [] if value is None else [value]
    return [f for f in files if isinstance(f, UploadedFile)]
