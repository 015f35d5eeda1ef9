"""The framework's floor for `make bench`: one st_folium marker that a button moves a step.

Synthetic (a benchmark baseline, not data): the marker's position means nothing. It loads Leaflet
from the same local files as frontmap, so that both pages are measured offline alike.
"""

import folium
import streamlit as st
from streamlit_folium import st_folium

from frontmap.maps import basemap

basemap.ensure_static_assets()
basemap.use_local_assets()

st.session_state.setdefault("step", 0)


def _next() -> None:
    st.session_state["step"] += 1


st.button("Day after", on_click=_next)
step = st.session_state["step"]
fmap = folium.Map(location=[47.6, 34.8], zoom_start=6, tiles=None, max_zoom=14)
group = folium.FeatureGroup(name="marker")
folium.CircleMarker([47.6 + 0.05 * step, 34.8], radius=8, class_name=f"bench-step-{step}").add_to(group)
st_folium(fmap, key="bare_map", height=560, use_container_width=True, feature_group_to_add=[group], returned_objects=[])
