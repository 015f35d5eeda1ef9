"""Streamlit's internals (1.67.0) that frontmap relies on, touched here and nowhere else;
tests/test_pinned_internals.py fails loudly when an upgrade changes one of them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from streamlit import runtime
from streamlit.runtime.media_file_manager import MediaFileManager, MediaFileMetadata
from streamlit.runtime.media_file_storage import MediaFileKind
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx


def end_expired_sessions() -> None:
    """Shut down the stored sessions of closed tabs whose reconnect time is up, on the server's
    event loop as Streamlit shuts sessions down. Streamlit keeps a closed tab's session for
    `server.disconnectedSessionTTL` and then only forgets it lazily, never shutting it down: this
    reaches into its session manager. Where another version has none of it, nothing happens."""
    if not runtime.exists():
        return
    rt = runtime.get_instance()
    manager = getattr(rt, "_session_mgr", None)
    stored = getattr(getattr(manager, "_session_storage", None), "_cache", None)
    lock = getattr(manager, "_storage_lock", None)
    if stored is None or lock is None or not hasattr(stored, "expire"):
        return

    def end() -> None:
        with lock:
            expired = stored.expire()
        for _, info in expired:
            info.session.shutdown()

    rt._get_async_objs().eventloop.call_soon_threadsafe(end)


@contextlib.contextmanager
def as_the_apps_own() -> Iterator[None]:
    """The widgets made in it are the app's, not the page's. Streamlit names a widget after the
    script that makes it (its `active_script_hash`), so a widget a page makes is another widget on
    each page, and its value is lost on a page switch: the sidebar's date, written from a page's
    fragment (`shell.dated`) and from app.py on the other pages, would open at its first day."""
    ctx = get_script_run_ctx()
    if ctx is None:
        yield
        return
    with ctx.run_with_active_hash(ctx.pages_manager.main_script_hash):
        yield


def serve_in_memory(data: bytes, name: str) -> str | None:
    """An address for `data` from Streamlit's media file manager, for this session (re-named on
    every run, as Streamlit's media files are: a file no run names any more is dropped); None in a
    bare script run, with no server."""
    if not runtime.exists():
        return None
    return runtime.get_instance().media_file_mgr.add(data, "application/octet-stream", f"frontmap-{name}")


def kept_for_this_session(make: Callable[[], bytes | str], mime: str, file_name: str) -> Callable[[], bytes | str]:
    """`make` for a download button (`data=`), its file kept for this session until its next full
    run. Streamlit stores a file made on a click without naming who uses it, and the end of every
    run, a fragment's too, sweeps such files: the second sweep deletes one. With the briefing room's
    poll (four runs a second) that was half a second, and a browser that asked for the file later
    (a loaded machine) had its download cancelled, once in five tries."""
    ctx = get_script_run_ctx()
    if not runtime.exists() or ctx is None:
        return make
    manager, session = runtime.get_instance().media_file_mgr, ctx.session_id

    def made():
        data = make()
        keep(manager, session, data, mime, file_name)
        return data

    return made


def keep(manager: MediaFileManager, session: str, data: bytes | str, mime: str, file_name: str) -> str:
    """Name `data`'s stored file (the id Streamlit gives the same bytes, type and name) as used by
    `session`, under one place per file name: a full run forgets it, as it does the session's others."""
    as_bytes = data.encode("utf-8") if isinstance(data, str) else data
    with manager._lock:
        file_id = manager._storage.load_and_get_id(as_bytes, mime, MediaFileKind.DOWNLOADABLE, file_name)
        manager._file_metadata[file_id] = MediaFileMetadata(kind=MediaFileKind.DOWNLOADABLE)
        manager._files_by_session_and_coord[session][f"frontmap-download:{file_name}"] = file_id
    return file_id
