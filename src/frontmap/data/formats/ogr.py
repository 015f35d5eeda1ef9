"""GeoPackage and zipped Shapefile, read from memory with GDAL (through pyogrio); GeoPackage written.

Sizes are read before rows: the layer list, a layer's declared feature and field counts; and rows
are read no further than the limit even when a file under-declares them. Coordinates are
reprojected to WGS84 from the layer's CRS. A Shapefile without a .prj is taken as longitude/latitude
only when every coordinate fits WGS84; a .prj GDAL cannot read refuses the file.
"""

from __future__ import annotations

import io
import os
import tempfile
import warnings
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyproj
import shapely

from frontmap import limits
from frontmap.data import problems as said
from frontmap.data.formats import Parsed, safezip
from frontmap.i18n import Msg, msg

MAX_LAYERS = 100  # a GeoPackage's layers listed to choose from
SQLITE_MAGIC = b"SQLite format 3\x00"
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")


def _pyogrio():
    """pyogrio, loaded when a GeoPackage or Shapefile is first read or written: GDAL costs every
    server about 30 MB of memory from its start otherwise."""
    import pyogrio

    return pyogrio


def is_geopackage(data: bytes) -> bool:
    return data[:16] == SQLITE_MAGIC


def _refused(kind: str, message: Msg) -> Parsed:
    return Parsed(kind, pd.DataFrame(), [], [], [message], refused=True)


def layers(data: bytes, spatial_first: bool = False) -> list[str]:
    """The layers' names; with `spatial_first`, those with a geometry before plain tables."""
    pyogrio = _pyogrio()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        found = [(str(layer), kind) for layer, kind in pyogrio.list_layers(io.BytesIO(data))]
    return [n for n, kind in found if kind] + [n for n, kind in found if not kind] if spatial_first else [n for n, _ in found]


def _read_layer(kind: str, name: str, data: bytes, layer: str | None, prj_given: bool | None) -> Parsed:
    """One layer in WGS84; `prj_given` is None for a GeoPackage (its CRS is part of it)."""
    pyogrio = _pyogrio()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            info = pyogrio.read_info(io.BytesIO(data), layer=layer)
            declared = int(info["features"])
            if declared > limits.MAX_ROWS:
                return _refused(kind, said.problem(name, None, msg(
                    "layer {layer}: {found} features; the limit is {limit} rows a file, so it is not loaded (split or filter it)",
                    layer=layer or "1", found=declared, limit=limits.MAX_ROWS,
                )))
            if len(info["fields"]) > limits.MAX_COLUMNS:
                return _refused(kind, said.problem(name, None, msg(
                    "layer {layer}: {found} fields; the limit is {limit} columns a file", layer=layer or "1", found=len(info["fields"]), limit=limits.MAX_COLUMNS,
                )))
            frame = pyogrio.read_dataframe(io.BytesIO(data), layer=layer, max_features=limits.MAX_ROWS + 1)
        except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as err:  # every pyogrio error
            return _refused(kind, said.problem(name, None, msg("not readable as {kind} ({error})", kind=kind, error=str(err)[:200])))
    if len(frame) > limits.MAX_ROWS:
        return _refused(kind, said.problem(name, None, msg(
            "more than {found} features; the limit is {limit} rows a file, so it is not loaded", found=limits.MAX_ROWS, limit=limits.MAX_ROWS,
        )))
    guessed, problems = [], []
    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.isna().all():
        return _refused(kind, said.problem(name, None, msg(
            "layer {layer} has no geometry; use a CSV with latitude and longitude for a table", layer=layer or "1",
        )))
    shapes = frame.geometry
    if frame.crs is None:
        fits = shapes.dropna().empty or shapely.box(-180, -90, 180, 90).covers(shapely.box(*shapes.total_bounds))
        if prj_given:
            return _refused(kind, unknown_prj(name))
        if not fits:
            x, y = (int(round(v)) for v in shapes.total_bounds[:2])
            return _refused(kind, said.problem(name, None, msg(
                "no projection (.prj) and coordinates that are not longitude/latitude (e.g. {x}, {y}); add its .prj or export it in EPSG:4326", x=x, y=y,
            ) if prj_given is False else msg(
                "no projection and coordinates that are not longitude/latitude (e.g. {x}, {y}); add its .prj or export it in EPSG:4326", x=x, y=y,
            )))
        guessed.append(
            msg("no projection given (.prj): coordinates taken as WGS84 longitude/latitude")
            if prj_given is False
            else msg("no CRS given: coordinates taken as WGS84 longitude/latitude")
        )
    elif not frame.crs.equals("EPSG:4326"):
        try:
            shapes = frame.to_crs("EPSG:4326").geometry
        except Exception as err:  # pyproj's errors name no common base
            return _refused(kind, said.problem(name, None, msg(
                "cannot reproject from {crs} to WGS84 ({error})", crs=frame.crs.name, error=str(err)[:200],
            )))
        guessed.append(msg("reprojected from {code} ({crs}) to WGS84", code=frame.crs.to_string(), crs=frame.crs.name))
    table = pd.DataFrame(frame.drop(columns=frame.geometry.name))
    for column in table.columns:
        cells = table[column]
        if pd.api.types.is_datetime64_any_dtype(cells):
            table[column] = cells.dt.strftime("%Y-%m-%d").fillna("")
        else:
            table[column] = cells.astype(str).where(cells.notna(), "")
    places = [f"feature {n}" for n in range(1, len(table) + 1)]
    missing = shapes.isna().to_numpy() | shapes.is_empty.to_numpy()
    problems += [said.problem(name, place, msg("no geometry; left out")) for place, gone in zip(places, missing) if gone]
    keep = ~missing
    return Parsed(kind, table[keep].reset_index(drop=True), [p for p, k in zip(places, keep) if k], list(shapes[keep]), problems, guessed)


def unknown_prj(name: str) -> Msg:
    return said.problem(name, None, msg("its .prj names a projection GDAL does not know; not loaded (export it again in EPSG:4326)"))


def read_geopackage(name: str, data: bytes, layer: str | None = None) -> Parsed:
    pyogrio = _pyogrio()
    try:
        found = layers(data, spatial_first=True)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as err:
        return _refused("GeoPackage", said.problem(name, None, msg("not a readable GeoPackage ({error})", error=str(err)[:200])))
    if not found:
        return _refused("GeoPackage", said.problem(name, None, msg("a GeoPackage with no layers")))
    if len(found) > MAX_LAYERS:
        return _refused("GeoPackage", said.problem(name, None, msg(
            "{found} layers; the limit is {limit} layers a GeoPackage (export the layer you want on its own)", found=len(found), limit=MAX_LAYERS,
        )))
    if layer is not None and layer not in found:
        return _refused("GeoPackage", said.problem(name, None, msg("no layer {layer} in it", layer=repr(layer))))
    chosen = layer or found[0]
    parsed = _read_layer("GeoPackage", name, data, chosen, None)
    if len(found) > 1:
        listed = ", ".join(found[:10]) + (", …" if len(found) > 10 else "")
        parsed.guessed.insert(0, msg("layer {layer} of {n} ({layers})", layer=repr(chosen), n=len(found), layers=listed))
    return parsed


def read_shapefile_zip(name: str, data: bytes, layer: str | None = None) -> Parsed:
    """A zipped Shapefile: its parts are unpacked (within the zip limits) into a new flat zip in
    memory, which GDAL reads without a file on disk."""
    members, problem = safezip.names(name, data)
    if problem:
        return _refused("Shapefile", problem)
    shapefiles = sorted(m for m in members if m.lower().endswith(".shp"))
    if not shapefiles:
        return _refused("Shapefile", said.problem(name, None, msg("a zip with no .shp (Shapefile) or .kml (KMZ) in it")))
    stems = [os.path.splitext(s)[0] for s in shapefiles]
    chosen = next((s for s in stems if os.path.basename(s) == layer), stems[0])
    parts = [m for m in members if os.path.splitext(m)[0] == chosen and os.path.splitext(m)[1].lower() in SHAPEFILE_PARTS]
    files, problem = safezip.read(name, data, parts)
    if problem:
        return _refused("Shapefile", problem)
    extensions = {os.path.splitext(f)[1].lower() for f in files}
    prj = next((content for member, content in files.items() if member.lower().endswith(".prj")), None)
    if prj is not None:
        try:
            pyproj.CRS.from_wkt(prj.decode("utf-8", "replace"))
        except pyproj.exceptions.CRSError:
            return _refused("Shapefile", unknown_prj(f"{name}/{os.path.basename(chosen)}.shp"))
    if not {".shx", ".dbf"} <= extensions:
        lacking = sorted({".shx", ".dbf"} - extensions)
        return _refused("Shapefile", said.problem(name, None, msg(
            "{shapefile} comes without its {parts}; zip all the parts together",
            shapefile=f"{os.path.basename(chosen)}.shp", parts=msg("{a} and {b}", a=lacking[0], b=lacking[1]) if len(lacking) == 2 else lacking[0],
        )))
    flat = io.BytesIO()
    with zipfile.ZipFile(flat, "w", zipfile.ZIP_STORED) as out:
        for member, content in files.items():
            out.writestr("layer" + os.path.splitext(member)[1].lower(), content)
    parsed = _read_layer("Shapefile", f"{name}/{os.path.basename(chosen)}.shp", flat.getvalue(), None, ".prj" in extensions)
    if len(stems) > 1:
        parsed.guessed.insert(0, msg("layer {layer} of {n} Shapefiles in the zip", layer=repr(os.path.basename(chosen)), n=len(stems)))
    return parsed


def shapefile_layers(name: str, data: bytes) -> list[str]:
    members, problem = safezip.names(name, data)
    return [] if problem else sorted(os.path.basename(os.path.splitext(m)[0]) for m in members if m.lower().endswith(".shp"))


def write_geopackage(named: dict[str, gpd.GeoDataFrame]) -> bytes:
    """Frames as the layers of one GeoPackage (GDAL writes it to a file of its own first: a
    GeoPackage is a SQLite database, written page by page)."""
    pyogrio = _pyogrio()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "out.gpkg"
        for layer, frame in named.items():
            out = frame.copy()
            for column in out.columns:
                if column != out.geometry.name and pd.api.types.is_datetime64_any_dtype(out[column]):
                    out[column] = out[column].dt.strftime("%Y-%m-%d")
            pyogrio.write_dataframe(out, path, layer=layer, driver="GPKG", append=path.exists())
        return path.read_bytes()
