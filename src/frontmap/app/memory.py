"""Sessions of closed tabs ended, and the memory they held given back to the system.

Measured: 10 sessions with an upload each left the server 200 MB up long after their tabs had
closed. Two things held it. Streamlit (1.67) keeps a closed tab's session for
`server.disconnectedSessionTTL` (120 s by default) in case it reconnects, and then only forgets it
lazily and never shuts it down, so its state, uploaded files and media stay. And when they are
freed, Arrow's allocator (mimalloc) and glibc's keep the pages for reuse. A thread, every few
seconds, ends the sessions whose time is up as Streamlit ends a session itself, and hands freed
pages back.

It also collects the reference cycles (folium's elements point at their parents) that Streamlit
would otherwise collect after every run (`runner.postScriptGC`, off in .streamlit/config.toml): a
full collection there was a third of a `/front` date step's CPU, paid by every viewer on every step.
The objects that live as long as the server are set aside from it (`set_aside_long_lived`).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import threading
import time

import pyarrow as pa
import streamlit as st

from frontmap.app import streamlit_internals

INTERVAL = 10  # seconds between returns: each takes about 55 ms (the collection), under 1% of a core


def give_back() -> None:
    gc.collect()
    pa.default_memory_pool().release_unused()
    if _libc is not None:
        _libc.malloc_trim(0)


def set_aside_long_lived() -> None:
    """What lives as long as the server (its modules, a situation just loaded) set aside from the
    cyclic collector (`gc.freeze`): the full collection in `give_back` went over 190,000 such
    objects each time, 80 ms with the interpreter lock held that every viewer's run waited out.
    What was set aside before is looked at again first, so that a situation no longer kept is
    collected. (Reference counting still frees what is set aside.)"""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _glibc():
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None  # musl has none


_libc = _glibc()
M_ARENA_MAX = -8  # glibc's mallopt parameter: how many malloc arenas threads may spread over


def use_returnable_allocators() -> None:
    """Allocators that hand freed memory back. Arrow's default pool (mimalloc) kept the pages of
    closed sessions' uploads, and glibc gives each new thread (Streamlit runs every rerun on one) an
    arena of its own, up to 16 here, each keeping its free pages. Measured with 10 sessions of a
    10,000-row upload, opened then closed: the server went from 289 MB to 442 MB and stayed; with
    Arrow on the system allocator, 253 to 294 MB; with at most two arenas as well, 248 to 270 MB."""
    pa.set_memory_pool(pa.system_memory_pool())
    if _libc is not None and hasattr(_libc, "mallopt"):
        _libc.mallopt(M_ARENA_MAX, 2)


@st.cache_resource
def keep_returning() -> threading.Thread:
    """Start, once per server, the thread that ends expired sessions and gives memory back."""
    use_returnable_allocators()

    def loop() -> None:
        while True:
            time.sleep(INTERVAL)
            streamlit_internals.end_expired_sessions()
            give_back()

    thread = threading.Thread(target=loop, name="frontmap-memory", daemon=True)
    thread.start()
    return thread
