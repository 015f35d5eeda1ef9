"""Streamlit's internals (1.67.0) that frontmap relies on, touched here and nowhere else;
tests/test_pinned_internals.py fails loudly when an upgrade changes one of them.
"""

from __future__ import annotations

from streamlit import runtime


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


def serve_in_memory(data: bytes, name: str) -> str | None:
    """An address for `data` from Streamlit's media file manager, for this session (re-named on
    every run, as Streamlit's media files are: a file no run names any more is dropped); None in a
    bare script run, with no server."""
    if not runtime.exists():
        return None
    return runtime.get_instance().media_file_mgr.add(data, "application/octet-stream", f"frontmap-{name}")
