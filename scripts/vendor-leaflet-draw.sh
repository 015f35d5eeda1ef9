#!/bin/sh
# Leaflet.draw, pinned, from the npm registry into static/vendor/leaflet-draw (committed: the app
# serves it offline). The tarball's integrity is checked against the registry's before unpacking.
set -eu
VERSION=1.0.4
INTEGRITY="sha512-rsQ6saQO5ST5Aj6XRFylr5zvarWgzWnrg46zQ1MEOEIHsppdC/8hnN8qMoFvACsPvTioAuysya/TVtog15tyAQ=="
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "leaflet-draw@$VERSION" >/dev/null 2>&1
got="sha512-$(openssl dgst -sha512 -binary "leaflet-draw-$VERSION.tgz" | base64 -w0)"
[ "$got" = "$INTEGRITY" ] || { echo "leaflet-draw-$VERSION.tgz: integrity $got, expected $INTEGRITY" >&2; exit 1; }
tar xzf "leaflet-draw-$VERSION.tgz"
out="$here/static/vendor/leaflet-draw"
rm -rf "$out"
mkdir -p "$out/images"
cp package/dist/leaflet.draw.js package/dist/leaflet.draw.css "$out/"
cp package/dist/images/spritesheet.png package/dist/images/spritesheet-2x.png package/dist/images/spritesheet.svg "$out/images/"
printf 'leaflet-draw %s from the npm registry (%s), MIT licence: (c) 2012-2017, Jacob Toye, Jon West, Smartrak, Leaflet\n' \
  "$VERSION" "$INTEGRITY" >"$out/SOURCE"
