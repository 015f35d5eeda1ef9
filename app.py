"""frontmap: the entry point. Builds the navigation and the one sidebar every page shares."""

import streamlit as st

from frontmap import ui

st.set_page_config(page_title="frontmap · Ukraine, November 2022", page_icon=":material/map:", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("pages/front.py", title="Front", icon=":material/map:", url_path="front"),
    st.Page(
        "pages/humanitarian.py",
        title="Humanitarian",
        icon=":material/family_restroom:",
        url_path="humanitarian",
    ),
    st.Page("pages/energy.py", title="Energy", icon=":material/bolt:", url_path="energy"),
    st.Page("pages/aid.py", title="Aid", icon=":material/euro:", url_path="aid"),
    st.Page("pages/supply.py", title="Supply", icon=":material/local_shipping:", url_path="supply"),
    st.Page("pages/sources.py", title="Sources", icon=":material/menu_book:", url_path="sources"),
]

page = st.navigation(PAGES)
ui.sidebar(ui.situation())
page.run()
