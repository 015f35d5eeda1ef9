"""frontmap: the entry point. Builds the navigation and the one sidebar every page shares.

The page files live in views/, not pages/: Streamlit treats a pages/ folder beside the entry script
as an old-style multipage app, and then runs a deep link (/front) or an AppTest page switch
without this script, so without the shared sidebar and state.
"""

import logging

import streamlit as st

from frontmap.app import assets, memory, sidebar, source

log = logging.getLogger("frontmap")

st.set_page_config(
    page_title="frontmap · Ukraine, November 2022", page_icon="static/favicon.png", layout="wide"
)

PAGES = [
    st.Page("views/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("views/front.py", title="Front", icon=":material/map:", url_path="front"),
    st.Page(
        "views/humanitarian.py",
        title="Humanitarian",
        icon=":material/family_restroom:",
        url_path="humanitarian",
    ),
    st.Page("views/energy.py", title="Energy", icon=":material/bolt:", url_path="energy"),
    st.Page("views/aid.py", title="Aid", icon=":material/euro:", url_path="aid"),
    st.Page("views/supply.py", title="Supply", icon=":material/local_shipping:", url_path="supply"),
    st.Page("views/explore.py", title="Explore", icon=":material/table_view:", url_path="explore"),
    st.Page("views/sources.py", title="Sources", icon=":material/menu_book:", url_path="sources"),
    st.Page("views/briefing.py", title="Briefing", icon=":material/slideshow:", url_path="briefing"),
]

# The sidebar's map controls each page's maps honour; a page left out has no map that uses them
# (Energy's oblast map keeps its own plain basemap; Explore's draws the rows it filters).
MAP_CONTROLS = {
    "": ("layers", "basemap"),
    "front": ("layers", "basemap"),
    "supply": ("layers", "basemap"),
    "explore": ("basemap",),
}

memory.keep_returning()
assets.install()
page = st.navigation(PAGES)
presenting = page.url_path == "briefing"  # presenter mode: no sidebar, the slide sets date and layers
st.set_page_config(
    page_title="frontmap · Ukraine, November 2022",
    page_icon="static/favicon.png",
    layout="wide",
    initial_sidebar_state="collapsed" if presenting else "auto",
)
# The last guard: a fault nobody foresaw costs this page a short message, never a traceback on
# screen (the server log keeps it). Streamlit's own stop and rerun signals are not Exceptions.
try:
    if not presenting:
        sidebar.prepare(source.situation())
    page.run()
except Exception:
    log.exception("page %s failed", page.url_path or "overview")
    st.error(source.PAGE_FAILED)
# The sidebar's widgets after the page: its map goes to the browser first (the page reads the view
# from the state `prepare` set; the widgets show it).
if not presenting:
    sidebar.sidebar(source.situation(), MAP_CONTROLS.get(page.url_path, ()))
