"""frontmap: the entry point. Builds the navigation and the one sidebar every page shares.

The page files live in views/, not pages/: Streamlit treats a pages/ folder beside the entry script
as an old-style multipage app, and then runs a deep link (/front) or an AppTest page switch
without this script, so without the shared sidebar and state.
"""

import streamlit as st

from frontmap import safetext
from frontmap.app import assets, language, memory, sidebar, source
from frontmap.i18n import _

# The language first: every word of the run is said in it (the pages' names too).
LANGUAGE_NOTES = language.start(st.session_state, st.query_params, st.context.locale)
TITLE = _("frontmap · Ukraine, November 2022")
st.set_page_config(page_title=TITLE, page_icon="static/favicon.png", layout="wide")

PAGES = [
    st.Page("views/overview.py", title=_("Overview"), icon=":material/dashboard:", default=True),
    st.Page("views/front.py", title=_("Front"), icon=":material/map:", url_path="front"),
    st.Page(
        "views/humanitarian.py",
        title=_("Humanitarian"),
        icon=":material/family_restroom:",
        url_path="humanitarian",
    ),
    st.Page("views/energy.py", title=_("Energy"), icon=":material/bolt:", url_path="energy"),
    st.Page("views/aid.py", title=_("Aid"), icon=":material/euro:", url_path="aid"),
    st.Page("views/supply.py", title=_("Supply"), icon=":material/local_shipping:", url_path="supply"),
    st.Page("views/explore.py", title=_("Explore"), icon=":material/table_view:", url_path="explore"),
    st.Page("views/sources.py", title=_("Sources"), icon=":material/menu_book:", url_path="sources"),
    st.Page("views/briefing.py", title=_("Briefing"), icon=":material/slideshow:", url_path="briefing"),
]

# The sidebar's map controls each page's maps honour; a page left out has no map that uses them
# (Energy's oblast map keeps its own plain basemap; Explore's draws the rows it filters).
MAP_CONTROLS = {
    "": ("layers", "basemap"),
    "front": ("layers", "basemap"),
    "supply": ("layers", "basemap"),
    "explore": ("basemap",),
}

# The pages whose date controls are written by the page, from the fragment a date step reruns
# alone (`shell.dated`): the rest of the sidebar and the navigation are not run again on a step.
DATE_IN_PAGE = {"", "front", "supply", "energy"}

memory.keep_returning()
assets.install()
page = st.navigation(PAGES)
presenting = page.url_path == "briefing"  # presenter mode: no sidebar, the slide sets date and layers
st.set_page_config(
    page_title=TITLE,
    page_icon="static/favicon.png",
    layout="wide",
    initial_sidebar_state="collapsed" if presenting else "auto",
)


def run_page() -> None:
    for note in LANGUAGE_NOTES:
        st.info(safetext.md(note), icon="ℹ️")
    if not presenting:
        sidebar.sidebar(
            source.situation(), MAP_CONTROLS.get(page.url_path, ()), date_in_page=page.url_path in DATE_IN_PAGE
        )
    page.run()


source.guarded(run_page, page.url_path)
