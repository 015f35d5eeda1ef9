// Loaded after Leaflet: marker images come from the local copy, not from a guess based on CSS.
if (window.L) { L.Icon.Default.imagePath = "/app/static/vendor/leaflet/images/"; }
