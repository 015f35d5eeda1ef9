"""The maps: offline base, layers as published GeoJSON, the dated view, the GIF."""

from frontmap.maps import template_guard

template_guard.guard()  # before any map is rendered: no text in a map is read as a template
