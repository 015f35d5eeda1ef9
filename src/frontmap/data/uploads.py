"""Analysts' own data: GeoJSON, CSV (any common encoding and delimiter) with latitude and longitude,
an ACLED export, GeoParquet, KML/KMZ, GeoPackage, a zipped Shapefile or a TimeMap export (the
readers of the last ones are in `data.formats`; what they guessed is said with the file).

An upload becomes rows in the explore table's shape (`ROW_COLUMNS`) plus every column of its own.
Problems are listed by row (bad date, missing coordinate, unknown column); the good rows load. A
file past one of `limits` (bytes, rows, columns, coordinate positions, nesting) is refused with a
message naming the limit. Nothing is written anywhere: an upload lives in one browser session's state.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import shapely

from frontmap import limits, safetext
from frontmap.data import deepstate
from frontmap.data import problems as said
from frontmap.data.formats import Parsed, csvtext, kml, ogr, safezip, timemap
from frontmap.data.formats import columns as colnames
from frontmap.data.formats import dates as dates_in
from frontmap.data.geometry import THEATRE, check_geometry, outside_theatre
from frontmap.i18n import Msg, msg, msg_n

THEATRE_BOUNDS = THEATRE.bounds

ROW_COLUMNS = ["row_id", "dataset", "date", "title", "category", "side", "place", "oblast", "source", "notes"]


@dataclass
class Upload:
    name: str
    kind: str  # "GeoJSON", "CSV", "ACLED", "KML", "GeoPackage", "Shapefile", "TimeMap", ...
    rows: gpd.GeoDataFrame  # ROW_COLUMNS + the file's own columns + geometry
    problems: list[str] = field(default_factory=list)  # each an `i18n.Msg`: English, said in the reader's language
    guessed: list[str] = field(default_factory=list)  # encoding, delimiter, date format, layer... (`Msg`s too)
    layers: list[str] = field(default_factory=list)  # a GeoPackage's or zip's layers to choose from

    @property
    def summary(self) -> str:
        return f"{self.name} ({self.kind}): {len(self.rows):,} rows loaded, {len(self.problems):,} problem(s)"


def empty_rows() -> gpd.GeoDataFrame:
    columns = {c: pd.Series(dtype="str") for c in ROW_COLUMNS} | {"date": pd.Series(dtype="datetime64[s]")}
    return gpd.GeoDataFrame(columns, geometry=[], crs="EPSG:4326")


GZIP_MAGIC = b"\x1f\x8b"
PARQUET_MAGIC = b"PAR1"


_pick = colnames.columns_like
LAT_NAMES, LON_NAMES, DATE_NAMES = colnames.LAT_NAMES, colnames.LON_NAMES, colnames.DATE_NAMES
ACLED_COLUMNS, ACLED_REQUIRED = colnames.ACLED_COLUMNS, colnames.ACLED_REQUIRED


def load(name: str, data: bytes, layer: str | None = None, others: dict[str, bytes] | None = None) -> Upload:
    """Read an uploaded file by its content, never by its name alone; never raises on bad input.
    `layer` picks a GeoPackage's or a zip's layer; `others` are the files uploaded with it (a
    TimeMap events file finds its sources file there)."""
    too_big = limits.over_upload_size(name, len(data))
    if too_big:
        return Upload(name, "refused", empty_rows(), [too_big])
    if data[:2] == GZIP_MAGIC:
        data, problem = limits.gunzip(name, data)
        if problem:
            return Upload(name, "refused", empty_rows(), [problem])
    if data[:4] == PARQUET_MAGIC:
        return load_parquet(name, data)
    if safezip.is_zip(data):
        members, problem = safezip.names(name, data)
        if problem:
            return Upload(name, "refused", empty_rows(), [problem])
        if any(m.lower().endswith(".kml") for m in members) and not any(m.lower().endswith(".shp") for m in members):
            return from_parsed(name, kml.read_kmz(name, data))
        return from_parsed(name, ogr.read_shapefile_zip(name, data, layer), ogr.shapefile_layers(name, data))
    if ogr.is_geopackage(data):
        parsed = ogr.read_geopackage(name, data, layer)
        return from_parsed(name, parsed, [] if parsed.refused else ogr.layers(data, spatial_first=True))
    if kml.looks_like_kml(name, data):
        return from_parsed(name, kml.read(name, data))
    text, encoding, problem = csvtext.decode(name, data)
    if problem:
        return Upload(name, "refused", empty_rows(), [problem])
    guessed = [msg("encoding {encoding}", encoding=encoding)] if encoding else []
    if text.lstrip().startswith("["):
        return load_json_list(name, text, others or {})
    if name.lower().removesuffix(".gz").endswith((".geojson", ".json")) or text.lstrip().startswith("{"):
        return load_geojson(name, text, others or {})
    text, sep = csvtext.without_sep_line(text)
    if sep:
        upload = load_csv(name, text, sep, msg("{delimiter} (its Excel sep= line)", delimiter=csvtext.separated(sep)), header_line=2)
    else:
        upload = load_csv(name, text, *csvtext.delimiter(text))
    upload.guessed[:0] = guessed
    return upload


def from_parsed(name: str, parsed: Parsed, layers: list[str] | None = None) -> Upload:
    """A reader's rows, checked as a GeoJSON's are (left out when their shape is unusable, kept
    with a note when far from the region), in the explore table's shape."""
    if parsed.refused:
        return Upload(name, "refused", empty_rows(), parsed.problems, parsed.guessed)
    geoms = np.asarray(parsed.geoms, dtype=object)
    places = np.asarray(parsed.places, dtype=object)
    problems = list(parsed.problems)
    kinds = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon")
    usable = np.ones(len(geoms), dtype=bool)
    with limits.collector_paused():
        types = shapely.get_type_id(geoms)
        vertices = int(shapely.get_num_coordinates(geoms[types > 0]).sum())  # of lines and polygons
        if vertices > limits.MAX_POSITIONS:
            return Upload(name, "refused", empty_rows(), [said.problem(name, None, msg(
                "{found} coordinate positions in its lines and polygons; the limit is {limit} coordinate positions a file "
                "(simplify the geometry first)", found=vertices, limit=limits.MAX_POSITIONS,
            ))])
        far = ~shapely.intersects(geoms, THEATRE)
        suspect = (types > 0) | far  # points need no validity check: they are all the shape they are
    for index in np.flatnonzero(suspect):
        geom, problem = check_geometry(geoms[index], kinds)
        if problem:
            problems.append(said.problem(name, places[index], left_out(problem)))
            usable[index] = False
        elif far[index]:
            problems.append(said.problem(name, places[index], FAR))
    frame = parsed.frame[usable].reset_index(drop=True)
    upload = _normalise(name, parsed.kind, frame, places[usable], list(geoms[usable]), problems)
    upload.guessed[:0] = parsed.guessed
    upload.layers = layers if layers and len(layers) > 1 else []
    return upload


def load_json_list(name: str, text: str, others: dict[str, bytes]) -> Upload:
    """A JSON list: TimeMap's events (its sources file found among the files uploaded with it)."""
    doc, problem = limits.read_json(text, max_positions=None)
    if problem:
        return Upload(name, "refused", empty_rows(), [said.header(name, *problem)])
    if not timemap.is_events(doc):
        return Upload(name, "refused", empty_rows(), [said.problem(name, None, msg(
            "not a GeoJSON FeatureCollection, nor TimeMap events (a list of objects with latitude, longitude and date)"
        ))])
    if len(doc) > limits.MAX_FEATURES:
        return Upload(name, "refused", empty_rows(), [_too_many(name, msg_n("{n} event", "{n} events", len(doc)), "features")])
    sources, sources_name = timemap.find_sources(others)
    return from_parsed(name, timemap.read(name, doc, sources, sources_name))


def _json_type(value) -> Msg:
    if isinstance(value, list):
        return msg("a list")
    if isinstance(value, str):
        return msg("a string")
    if isinstance(value, bool):
        return msg("a boolean")
    return msg("a number") if isinstance(value, int | float) else msg("not an object")


def left_out(problem: str) -> Msg:
    """A row's problem, the row left out for it."""
    return msg("{problem}; left out", problem=problem)


FAR = msg("coordinates far outside the region; kept, check them")
MISSING = left_out(msg("missing coordinate"))


def _cell(value):
    """A property as a table cell: nested lists and objects become their JSON text."""
    return value if value is None or isinstance(value, str | int | float | bool) else json.dumps(value)


def load_geojson(name: str, text: str, others: dict[str, bytes] | None = None) -> Upload:
    doc, problem = limits.read_json(text)
    if problem:
        return Upload(name, "GeoJSON", empty_rows(), [said.header(name, *problem)])
    features = doc.get("features") if isinstance(doc, dict) else None
    if isinstance(doc, dict) and timemap.is_events(doc):
        sources, sources_name = timemap.find_sources(others or {})
        return from_parsed(name, timemap.read(name, doc, sources, sources_name))
    if features is None and timemap.is_sources(doc):
        return Upload(name, "TimeMap sources", empty_rows(), [], [msg("TimeMap sources: their entries become the citations of the events file uploaded with them")])
    if not isinstance(features, list):
        return Upload(name, "GeoJSON", empty_rows(), [said.problem(name, None, msg("not a GeoJSON FeatureCollection"))])
    if len(features) > limits.MAX_FEATURES:
        return Upload(name, "refused", empty_rows(), [_too_many(name, msg_n("{n} feature", "{n} features", len(features)), "features")])
    snapshot = deepstate.read_upload(name, features)
    if snapshot is not None:
        return from_parsed(name, snapshot)
    records, lines, geoms, problems, keys = [], [], [], [], set()
    kinds = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon")
    for number, feature in enumerate(features, start=1):
        where = f"feature {number}"
        if not isinstance(feature, dict):
            problems.append(said.problem(name, where, msg("{type}, not a GeoJSON Feature object; left out", type=_json_type(feature))))
            continue
        props = feature.get("properties")
        if props is not None and not isinstance(props, dict):
            problems.append(said.problem(name, where, msg("properties is {type}, not an object; left out", type=_json_type(props))))
            continue
        geom, problem = check_geometry(feature.get("geometry"), kinds)
        if problem is None and outside_theatre(geom):
            problems.append(said.problem(name, where, FAR))
        if problem:
            problems.append(said.problem(name, where, left_out(problem)))
            continue
        record = {str(k): _cell(v) for k, v in (props or {}).items()}
        keys.update(record)
        if len(keys) > limits.MAX_COLUMNS:
            return Upload(name, "refused", empty_rows(), [_too_many(name, msg("more property names"), "columns")])
        if len(keys) * len(features) > limits.MAX_CELLS:
            found = msg_n("{n} feature of {properties} properties", "{n} features of {properties} properties", len(features), properties=len(keys))
            return Upload(name, "refused", empty_rows(), [_too_many(name, found, "cells")])
        records.append(record)
        lines.append(where)
        geoms.append(geom)
    return _normalise(name, "GeoJSON", pd.DataFrame(records), np.array(lines, dtype=object), geoms, problems)


def _too_many(name: str, found: Msg, what: str) -> Msg:
    if what == "rows":
        limit = msg("the limit is {limit} rows a file", limit=limits.MAX_ROWS)
    elif what == "features":
        limit = msg("the limit is {limit} features a file", limit=limits.MAX_FEATURES)
    elif what == "columns":
        limit = msg("the limit is {limit} columns a file", limit=limits.MAX_COLUMNS)
    else:
        limit = msg("the limit is {limit} cells a file", limit=limits.MAX_CELLS)
    return said.problem(name, None, msg("{found}; {limit}, so it is not loaded (split or filter it)", found=found, limit=limit))


def _unquote_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Undo the apostrophe our CSV download puts before a formula-like cell (`safetext.csv_cell`)."""
    for column in frame.columns:
        cells = frame[column]
        marked = cells.str.startswith("'")
        if marked.any():
            frame.loc[marked, column] = cells[marked].map(safetext.from_csv_cell)
    return frame


def load_csv(name: str, text: str, delimiter: str = ",", guess: Msg | None = None, header_line: int = 1) -> Upload:
    """`header_line`: the header's line in the file (2 after Excel's `sep=;` line), so lines are named as the file has them."""
    try:
        header = next(
            csv.reader(io.StringIO(text[: limits.MB]), delimiter=delimiter), []
        )  # the header only, not a copy of the file
    except csv.Error as err:
        return Upload(name, "CSV", empty_rows(), [said.header(name, header_line, msg("malformed CSV header: {error}", error=err))])
    if len(header) > limits.MAX_COLUMNS:
        return Upload(name, "refused", empty_rows(), [_too_many(name, msg_n("{n} column", "{n} columns", len(header)), "columns")])
    # Wide files get fewer rows: the cells, not the rows, are what cost time and memory.
    max_rows = min(limits.MAX_ROWS, limits.MAX_CELLS // max(len(header), 1))
    try:
        frame = _read_csv(text.encode("utf-8"), max_rows, delimiter)
    except pd.errors.EmptyDataError:
        return Upload(name, "CSV", empty_rows(), [said.problem(name, None, msg("empty file: no header and no rows"))])
    except (pd.errors.ParserError, csv.Error, ValueError) as err:
        return Upload(name, "CSV", empty_rows(), [said.problem(name, None, msg("malformed CSV: {error}", error=str(err).strip()))])
    if len(frame) > max_rows:
        if max_rows < limits.MAX_ROWS:  # a wide file
            found = msg_n("more than {n} row of {columns} columns", "more than {n} rows of {columns} columns", max_rows, columns=len(header))
            return Upload(name, "refused", empty_rows(), [_too_many(name, found, "cells")])
        return Upload(name, "refused", empty_rows(), [_too_many(name, msg_n("more than {n} row", "more than {n} rows", max_rows), "rows")])
    if frame.empty:
        return Upload(name, "CSV", empty_rows(), [said.header(name, header_line, msg("a header and no rows: nothing to load"))])
    frame = _unquote_formulas(frame)
    columns = list(frame.columns)
    acled = "event_id_cnty" in columns
    kind = "ACLED" if acled else "CSV"
    problems = []
    if acled:
        missing = [c for c in ACLED_REQUIRED if c not in columns]
        if missing:
            return Upload(
                name, kind, empty_rows(), [said.header(name, header_line, msg("missing ACLED column(s): {columns}", columns=", ".join(missing)))]
            )
        problems += [
            said.header(name, header_line, msg("unknown column '{column}' (kept as it is)", column=c)) for c in columns if c not in ACLED_COLUMNS
        ]
    lat, lon = _pick(columns, LAT_NAMES), _pick(columns, LON_NAMES)
    guessed = [guess] if guess else []
    pair = colnames.coordinate_pairs(frame) if lat is None or lon is None else None
    if pair is not None:  # "46.6354, 32.6169" in one cell, as Google Maps copies a point
        lat = lon = pair[0]
        ys, xs = pair[1], pair[2]
        guessed.append(msg("coordinates from column '{column}' (latitude, longitude in one cell)", column=lat))
    elif lat is None or lon is None:
        return Upload(name, kind, empty_rows(), [said.header(name, header_line, msg(
            "no latitude/longitude columns (looked for {lat} and {lon}, or a column of latitude, longitude pairs)",
            lat=", ".join(LAT_NAMES), lon=", ".join(LON_NAMES),
        ))])
    else:
        ys, xs = frame[lat], frame[lon]
    if pair is None and (lat.lower().strip() not in ("latitude", "lat") or lon.lower().strip() not in ("longitude", "lon", "lng")):
        guessed.append(msg("coordinates from columns '{lat}' (latitude) and '{lon}' (longitude)", lat=lat, lon=lon))
    if delimiter != ",":
        comma = ys.str.fullmatch(csvtext.DECIMAL_COMMA.pattern) | xs.str.fullmatch(csvtext.DECIMAL_COMMA.pattern)
        if comma.any():
            ys, xs = ys.str.replace(",", ".", regex=False), xs.str.replace(",", ".", regex=False)
            guessed.append(msg_n("decimal commas in '{lat}' and '{lon}' ({n} row)", "decimal commas in '{lat}' and '{lon}' ({n} rows)", int(comma.sum()), lat=lat, lon=lon))
    upload = _points(name, kind, frame, _numbers(ys), _numbers(xs), frame[lat], frame[lon], problems, header_line + 1)
    upload.guessed[:0] = guessed
    return upload


def _numbers(cells: pd.Series) -> pd.Series:
    """Text as numbers, NaN where it is none: a straight cast when every cell is one (fast)."""
    try:
        return cells.astype("float64")
    except (ValueError, TypeError):
        return pd.to_numeric(cells, errors="coerce").astype("float64")


def _read_csv(data: bytes, max_rows: int, delimiter: str = ",") -> pd.DataFrame:
    """Every cell as text. pyarrow reads a large file several times faster; a file it cannot read
    goes to pandas' own parser, whose messages name the line."""
    try:
        frame = pd.read_csv(io.BytesIO(data), sep=delimiter, dtype=str, keep_default_na=False, engine="pyarrow")
    except (ValueError, pd.errors.ParserError):  # pyarrow's ArrowInvalid is a ValueError
        return pd.read_csv(io.BytesIO(data), sep=delimiter, dtype=str, keep_default_na=False, nrows=max_rows + 1)
    # pyarrow keeps a header's duplicate names; pandas' parser renames them (a, a.1) as it always did
    if frame.columns.duplicated().any():
        return pd.read_csv(io.BytesIO(data), sep=delimiter, dtype=str, keep_default_na=False, nrows=max_rows + 1)
    return frame


def _points(
    name: str, kind: str, frame: pd.DataFrame, ys: pd.Series, xs: pd.Series, raw_y, raw_x, problems: list[str], first: int = 2
) -> Upload:
    """Rows whose coordinates are numbers in WGS84 become points; the others are problems by line
    (`first`: the line of the first row)."""
    # The line numbers travel beside the frame, not in it: the file may have a column of any name.
    lines = np.arange(first, len(frame) + first)  # numbers, made "line N" only for a problem
    # Vectorised: an ACLED export has 100,000+ rows; only the bad ones are looked at one by one.
    unreadable = (ys.isna() | xs.isna()).to_numpy()
    impossible = ~unreadable & ~(ys.between(-90, 90) & xs.between(-180, 180)).to_numpy()
    good = ~(unreadable | impossible)
    kept_lines = lines[good]
    ys_kept, xs_kept = ys[good].to_numpy(dtype=float), xs[good].to_numpy(dtype=float)
    far = ~(
        (xs_kept >= THEATRE_BOUNDS[0])
        & (xs_kept <= THEATRE_BOUNDS[2])
        & (ys_kept >= THEATRE_BOUNDS[1])
        & (ys_kept <= THEATRE_BOUNDS[3])
    )
    # A million new objects (points, problem lines: each a message) would set off full collections meanwhile
    with limits.collector_paused():
        for line, y, x in zip(lines[unreadable], pd.Series(raw_y)[unreadable], pd.Series(raw_x)[unreadable]):
            blank = not str(x).strip() or not str(y).strip()
            what = MISSING if blank else left_out(msg("coordinate not a number ({y}, {x})", y=repr(y), x=repr(x)))
            problems.append(said.problem(name, f"line {line}", what))
        for line, y, x in zip(lines[impossible], ys[impossible], xs[impossible]):
            problems.append(said.problem(name, f"line {line}", msg("coordinates outside WGS84 ({y}, {x}); left out", y=str(y), x=str(x))))
        geoms = shapely.points(xs_kept, ys_kept)
        for line, y, x in zip(kept_lines[far], ys_kept[far], xs_kept[far]):  # kept: Tehran is real, so is a swapped lat/lon
            problems.append(said.problem(name, f"line {line}", msg("coordinates far outside the region ({y}, {x}); kept, check them", y=str(y), x=str(x))))
    return _normalise(name, kind, frame[good].reset_index(drop=True), kept_lines, geoms, problems)


def load_parquet(name: str, data: bytes) -> Upload:
    """A GeoParquet file of points (or a Parquet file with latitude and longitude columns). Its size
    is read from the footer before any row is."""
    try:
        meta = pq.ParquetFile(io.BytesIO(data)).metadata
        if meta.num_rows > limits.MAX_ROWS:
            return Upload(name, "refused", empty_rows(), [_too_many(name, msg_n("{n} row", "{n} rows", meta.num_rows), "rows")])
        if meta.num_columns > limits.MAX_COLUMNS:
            return Upload(name, "refused", empty_rows(), [_too_many(name, msg_n("{n} column", "{n} columns", meta.num_columns), "columns")])
        table = pq.read_table(io.BytesIO(data))
    except (pa.ArrowException, OSError, ValueError) as err:
        return Upload(name, "refused", empty_rows(), [said.problem(name, None, msg("unreadable Parquet: {error}", error=err))])
    if table.num_rows == 0:
        return Upload(name, "GeoParquet", empty_rows(), [said.problem(name, None, msg("no rows: nothing to load"))])
    geo = json.loads((table.schema.metadata or {}).get(b"geo", b"{}") or b"{}")
    column = geo.get("primary_column") if isinstance(geo, dict) else None
    frame = table.drop_columns([column] if column in table.column_names else []).to_pandas()
    frame = frame.astype(str).where(frame.notna(), "")  # every cell as text, as a CSV's are
    problems: list[str] = []
    if column in table.column_names:
        shapes = shapely.from_wkb(table.column(column).to_numpy(zero_copy_only=False), on_invalid="ignore")
        point = shapely.get_type_id(shapes) == 0
        for number in np.flatnonzero(~point)[: limits.MAX_PROBLEMS]:
            problems.append(said.problem(name, f"line {number + 2}", msg("not a point; only points are read from GeoParquet (use GeoJSON for shapes)")))
        xs = pd.Series(np.where(point, shapely.get_x(shapes), np.nan))
        ys = pd.Series(np.where(point, shapely.get_y(shapes), np.nan))
        return _points(name, "GeoParquet", frame, ys, xs, ys, xs, problems)
    lat, lon = _pick(list(frame.columns), LAT_NAMES), _pick(list(frame.columns), LON_NAMES)
    if lat is None or lon is None:
        return Upload(name, "Parquet", empty_rows(), [said.problem(name, None, msg("no geometry column and no latitude/longitude columns"))])
    ys, xs = _numbers(frame[lat]), _numbers(frame[lon])
    kind = "ACLED" if "event_id_cnty" in frame.columns else "Parquet"
    return _points(name, kind, frame, ys, xs, frame[lat], frame[lon], problems)


def _at(line) -> str:
    """Where a row is in its file: a CSV's line number, or a GeoJSON's "feature N"."""
    return line if isinstance(line, str) else f"line {line}"


def _cut_long_cells(name: str, frame: pd.DataFrame, lines: np.ndarray, problems: list[str]) -> pd.DataFrame:
    """Text past `limits.MAX_CELL_CHARS` is cut: a cell travels to the page in tooltips and popups."""
    for column in frame.columns:
        cells = frame[column]
        if not (pd.api.types.is_string_dtype(cells) or cells.dtype == object):
            continue
        if pd.api.types.is_string_dtype(cells) and cells.dtype != object:  # a CSV's: vectorised
            long = (cells.str.len() > limits.MAX_CELL_CHARS).fillna(False).to_numpy(bool)
        else:  # a GeoJSON's properties may mix text with numbers
            long = cells.map(lambda v: isinstance(v, str) and len(v) > limits.MAX_CELL_CHARS).to_numpy(bool)
        if long.any():
            frame.loc[long, column] = cells[long].str[: limits.MAX_CELL_CHARS] + "…"
            problems += [
                said.problem(name, _at(line), msg("{column} is longer than {limit} characters; cut there", column=column, limit=limits.MAX_CELL_CHARS))
                for line, cut in zip(lines, long)
                if cut
            ]
    return frame


def _normalise(
    name: str, kind: str, frame: pd.DataFrame, lines: np.ndarray, geoms, problems: list[str]
) -> Upload:
    """The upload in the explore table's shape; rows with a date that cannot be read are left out."""
    if len(lines) == 0:
        return Upload(name, kind, empty_rows(), problems)
    frame = _cut_long_cells(name, frame, lines, problems)
    columns = list(frame.columns)
    guessed: list[str] = []
    date_col = "event_date" if kind == "ACLED" else _pick(columns, DATE_NAMES)
    if date_col is None and kind in ("KML", "KMZ"):
        date_col = dates_in.dated_column(frame)
        if date_col:
            guessed.append(msg("dates from ExtendedData '{column}'", column=date_col))
    if date_col is None:
        dates = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[s]")
    else:
        raw = frame[date_col].astype("object").where(frame[date_col].notna(), "").astype(str).str.strip()
        dates = pd.to_datetime(raw, format="%Y-%m-%d", errors="coerce")
        for fmt, read_as in list(dates_in.formats_for(raw).items())[1:]:  # the others, a column at a time
            retry = dates.isna() & (raw != "")
            if not retry.any():
                break
            dates[retry] = pd.to_datetime(raw[retry], format=fmt, errors="coerce").dt.normalize()
            if read_as and dates[retry].notna().any():
                guessed.append(msg("dates in '{column}' read as {format}", column=date_col, format=Msg(read_as)))
        bad = dates.isna() & (raw != "")
        for line, value in zip(lines[bad.to_numpy()], raw[bad]):
            problems.append(said.problem(name, _at(line), msg("bad date {value} in {column}; left out", value=repr(value), column=date_col)))
        keep = ~bad.to_numpy()
        frame, dates = frame[keep].reset_index(drop=True), dates[keep].reset_index(drop=True)
        geoms = np.asarray(geoms, dtype=object)[keep]
        lines = lines[keep]
        dates = dates.astype("datetime64[s]")

    def col(*names: str, default: str = "") -> pd.Series:
        found = _pick(columns, names)
        return frame[found].astype(str) if found else pd.Series(default, index=frame.index)

    if kind == "ACLED":
        title = (
            frame["sub_event_type"].astype(str) + " · " + col("location")
            if "sub_event_type" in columns
            else col("event_type")
        )
        shaped = {
            "row_id": frame["event_id_cnty"].astype(str),
            "title": title,
            "category": col("event_type"),
            "side": col("actor1"),
            "place": col("location"),
            "oblast": col("admin1"),
            "source": col("source"),
            "notes": col("notes"),
        }
    else:
        shaped = {
            "row_id": col("id", "row_id", default="").where(lambda s: s != "", None),
            "title": col(*colnames.TITLE_NAMES, default=name),
            "category": col(*colnames.CATEGORY_NAMES),
            "side": col("side", "actor", "actor1", "сторона"),
            "place": col(*colnames.PLACE_NAMES),
            "oblast": col(*colnames.OBLAST_NAMES),
            "source": col(*colnames.SOURCE_NAMES, default=f"uploaded: {name}"),
            "notes": col(*colnames.NOTES_NAMES),
        }
    out = pd.DataFrame(shaped)
    if out["row_id"].isna().any() or (out["row_id"] == "").any():
        out["row_id"] = [f"{name}:{_at(line)}" for line in lines]
    out.insert(1, "dataset", name)
    out.insert(2, "date", dates.to_numpy())
    # The file's other columns ride along for popups and downloads; those named like ours are ours.
    own = frame.drop(columns=[c for c in frame.columns if c in ROW_COLUMNS or c == "geometry"])
    rows = gpd.GeoDataFrame(pd.concat([out, own], axis=1), geometry=geoms, crs="EPSG:4326")
    return Upload(name, kind, rows, problems, guessed)

