"""The third-party internals frontmap touches, one place each, checked against the pinned versions.
An upgrade that changes one fails here, loudly, before it fails quietly in a browser:
- Streamlit's, in `app/streamlit_internals.py`;
- streamlit-folium's frontend, in `static/frontmap-leaflet.js` (its `stFolium` block);
- branca's render, in `maps/template_guard.py`.
"""

import inspect
import re
import tomllib
from importlib import metadata
from pathlib import Path

import streamlit_folium

ROOT = Path(__file__).resolve().parents[1]
PINNED = {
    line.split("==")[0]: line.split("==")[1]
    for line in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    if "==" in line
}


def check_version(package: str, where: str) -> None:
    installed = metadata.version(package)
    assert installed == PINNED[package], (
        f"{package} {installed} is installed where {PINNED[package]} is pinned: re-check {where} "
        "against the new version, then pin it"
    )


def test_streamlits_session_manager_and_media_files_are_as_relied_on():
    check_version("streamlit", "src/frontmap/app/streamlit_internals.py")
    from streamlit.runtime import memory_session_storage, runtime, websocket_session_manager

    manager = inspect.getsource(websocket_session_manager.WebsocketSessionManager.__init__)
    assert "self._session_storage = session_storage" in manager
    assert "self._storage_lock = threading.Lock()" in manager
    storage = inspect.getsource(memory_session_storage.MemorySessionStorage.__init__)
    assert "self._cache" in storage and "TTLCache" in storage  # cachetools' TTLCache has expire()
    assert callable(runtime.Runtime._get_async_objs)
    assert "eventloop" in inspect.getsource(runtime.AsyncObjects)
    assert isinstance(runtime.Runtime.media_file_mgr, property)
    assert "def add(" in inspect.getsource(runtime.MediaFileManager)


def test_a_widget_is_named_after_the_script_that_makes_it_unless_told_otherwise():
    """app/streamlit_internals.py's `as_the_apps_own`: the sidebar's date, made from a page's fragment."""
    from streamlit.elements.lib import utils
    from streamlit.runtime.scriptrunner_utils.script_run_context import ScriptRunContext

    assert 'kwargs_to_use["active_script_hash"] = ThreadState.get().active_script_hash' in inspect.getsource(
        utils.compute_and_register_element_id
    )
    assert "ThreadState.scoped(active_script_hash=page_hash)" in inspect.getsource(ScriptRunContext.run_with_active_hash)
    assert "main_script_hash" in inspect.getsource(ScriptRunContext)


def test_streamlit_foliums_frontend_keeps_what_the_map_script_reaches_into():
    check_version("streamlit-folium", "static/frontmap-leaflet.js (stFolium)")
    build = Path(streamlit_folium.__file__).parent / "frontend" / "build" / "static" / "js"
    bundle = "".join(p.read_text(encoding="utf-8") for p in build.glob("main.*.js"))
    for name in (
        "window.map",
        "window.feature_group",
        "window.__GLOBAL_DATA__",
        "last_object_clicked_count",
        "last_object_clicked_tooltip",
        "last_object_clicked_popup",
        "all_drawings",  # Explore's lasso sends its shape in it (stFolium.reportDrawing)
        "moveend",
        "window.drawnItems",  # Leaflet.draw's shapes, as `all_drawings` (frontmap/app/slide_drawing.py)
        "draw:created",
    ):
        assert name in bundle, f"streamlit-folium's frontend no longer has {name}: see stFolium in static/frontmap-leaflet.js"


def test_streamlit_folium_still_names_the_draw_group_drawnitems():
    assert '"drawnItems"' in inspect.getsource(streamlit_folium._get_map_string)


def test_only_the_bridge_touches_streamlit_foliums_globals():
    script = (ROOT / "static" / "frontmap-leaflet.js").read_text(encoding="utf-8")
    bridge_end = script.index("// frontmap's layers:")
    rest = script[bridge_end:]
    assert not re.search(r"window\.(map|feature_group|__GLOBAL_DATA__|drawnItems)\b", rest)


def test_only_one_module_reaches_into_streamlits_privates():
    package = ROOT / "src" / "frontmap"
    private = re.compile(r"\b(get_instance\(\)|_session_mgr|_get_async_objs|media_file_mgr)")
    touching = sorted(
        str(p.relative_to(package)) for p in package.rglob("*.py") if private.search(p.read_text(encoding="utf-8"))
    )
    assert touching == ["app/streamlit_internals.py"], touching


def test_branca_renders_as_the_template_guard_assumes():
    check_version("folium", "src/frontmap/maps/template_guard.py")
    import branca

    from frontmap.maps import template_guard

    assert branca.__version__.startswith("0.8."), "branca changed: re-check maps/template_guard.py"
    assert template_guard.MacroElement.render is template_guard._render  # installed with frontmap.maps


def test_a_file_made_on_click_outlives_the_sweeps_of_fragment_runs():
    """What cancelled a download on the briefing: a file made on a click is swept by the end of
    any run, a fragment's too (the room's poll: four a second), unless the session names it."""
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    from frontmap.app import streamlit_internals

    def made_on_click(manager, make) -> str:
        placeholder = manager.add_deferred(make, "text/html", "1.2.3", "slide.html")
        return manager.execute_deferred(placeholder).rsplit("/", 1)[1].split(".")[0]

    bare = MediaFileManager(MemoryMediaFileStorage("/media"))
    swept = made_on_click(bare, lambda: "<html>a slide</html>")
    bare.remove_orphaned_files()
    bare.remove_orphaned_files()  # two poll runs: Streamlit alone has deleted it
    assert bare.read_file(swept) is None

    manager = MediaFileManager(MemoryMediaFileStorage("/media"))
    session = "dontcare"  # Streamlit's own session id outside a server

    def kept():
        data = "<html>a slide</html>"
        streamlit_internals.keep(manager, session, data, "text/html", "slide.html")
        return data

    file_id = made_on_click(manager, kept)
    for _ in range(8):  # two seconds of the room's poll
        manager.remove_orphaned_files()
    assert manager.read_file(file_id).content == b"<html>a slide</html>"
    manager.clear_session_refs(session)  # the session's next full run
    manager.remove_orphaned_files()
    manager.remove_orphaned_files()
    assert manager.read_file(file_id) is None  # and then it goes, as the session's other files do
