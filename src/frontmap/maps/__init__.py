"""The maps: offline base, layers as published GeoJSON, the dated view, the GIF."""
