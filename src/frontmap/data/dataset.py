"""Load and validate the situation: every file of a data folder, typed, with its problems listed.

One bad row never hides the good ones: a row that fails is reported as `FILE:ROW: problem` and
left out; the rest loads. Nothing here writes to the data folder.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from pydantic import BaseModel, ValidationError

from frontmap import i18n, limits, safetext, schema
from frontmap.data.geometry import check_geometry, outside_theatre, outside_wgs84
from frontmap.i18n import N_, Msg, msg
from frontmap.schema import CSV_FILES, EXTRA_COLUMNS, GEO_FILES

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[3] / "data" / "geo"
CRS = "EPSG:4326"


@dataclass(frozen=True)
class Problem:
    file: str  # a file of the folder, or a table of the store
    row: int  # CSV: the line number (the header is line 1); GeoJSON: the feature number from 1
    message: str  # an `i18n.Msg`: its str the English (the log's, the CLI's), said in the reader's language
    key: str = ""  # a store's row: `id=…` (or `line=…` where the table has no id), said instead of the row

    def __str__(self) -> str:
        return self._line(str(self.message))

    def said(self) -> str:
        return self._line(i18n.say(self.message))

    def _line(self, message: str) -> str:
        return f"{self.file} {self.key}: {message}" if self.key else f"{self.file}:{self.row}: {message}"

    def to_json(self) -> list:
        """As JSON data (remembered on disk), `from_json` its inverse."""
        return [self.file, self.row, self.message.to_json() if isinstance(self.message, Msg) else self.message, self.key]

    @classmethod
    def from_json(cls, data: list) -> Problem:
        file, row, message, key = data
        return cls(file, row, Msg.from_json(message) if isinstance(message, dict) else str(message), key)


@dataclass
class Situation:
    places: gpd.GeoDataFrame
    dnipro: gpd.GeoDataFrame
    routes: gpd.GeoDataFrame
    route_status: pd.DataFrame
    control_areas: gpd.GeoDataFrame
    attack_axes: gpd.GeoDataFrame
    oblasts: gpd.GeoDataFrame
    countries: gpd.GeoDataFrame
    events: gpd.GeoDataFrame
    figures: pd.DataFrame
    flows: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)


# pydantic's messages for the errors a data file's rows meet, as templates of its ctx, to be said in
# the reader's language; another is said as pydantic writes it.
PYDANTIC = {
    "missing": N_("Field required"),
    "string_type": N_("Input should be a valid string"),
    "float_parsing": N_("Input should be a valid number, unable to parse string as a number"),
    "float_type": N_("Input should be a valid number"),
    "int_parsing": N_("Input should be a valid integer, unable to parse string as an integer"),
    "int_from_float": N_("Input should be a valid integer, got a number with a fractional part"),
    "date_from_datetime_parsing": N_("Input should be a valid date or datetime, {error}"),
    "date_parsing": N_("Input should be a valid date in the format YYYY-MM-DD, {error}"),
    "literal_error": N_("Input should be {expected}"),
    "greater_than": N_("Input should be greater than {gt}"),
    "greater_than_equal": N_("Input should be greater than or equal to {ge}"),
    "less_than_equal": N_("Input should be less than or equal to {le}"),
    "string_pattern_mismatch": N_("String should match pattern '{pattern}'"),
    "extra_forbidden": N_("Extra inputs are not permitted"),
}


def pydantic_message(e: dict) -> str:
    """One of pydantic's errors, as a message said in the reader's language where it can be."""
    raised = (e.get("ctx") or {}).get("error")
    if e["type"] == "value_error" and raised is not None and raised.args and isinstance(raised.args[0], Msg):
        return raised.args[0]  # (the schema's own)
    if e["type"] in PYDANTIC:
        said = Msg(PYDANTIC[e["type"]], args={k: str(v) for k, v in (e.get("ctx") or {}).items()})
        if str(said) == e["msg"]:  # (pydantic's wording, as this version writes it)
            return said
    return e["msg"].removeprefix("Value error, ")


def describe(error: ValidationError) -> Msg:
    """pydantic's errors as one short line: `column: what is wrong (the value)`."""
    parts = []
    for e in error.errors():
        where = ".".join(str(x) for x in e["loc"]) or "row"
        value = e.get("input")
        what = pydantic_message(e)
        if where != "row" and not isinstance(value, dict):
            parts.append(msg("{column}: {problem} (got {value})", column=where, problem=what, value=repr(value)))
        else:
            parts.append(msg("row: {problem}", problem=what) if where == "row" else Msg("{column}: {problem}", args={"column": where, "problem": what}))
    # (one after another, each said in the reader's language)
    return Msg("; ".join(f"{{p{i}}}" for i in range(len(parts))), args={f"p{i}": p for i, p in enumerate(parts)})


def validate_rows(
    file: str, rows: list[tuple[int, dict]], model: type[BaseModel]
) -> tuple[list[tuple[int, BaseModel]], list[Problem]]:
    good, problems, seen = [], [], {}
    id_field = "id" if "id" in model.model_fields else None
    for row_no, raw in rows:
        try:
            item = model.model_validate(raw)
        except ValidationError as err:
            problems.append(Problem(file, row_no, describe(err)))
            continue
        if id_field:
            key = getattr(item, id_field)
            if key is not None and key in seen:
                problems.append(Problem(file, row_no, msg("duplicate id {id} (first at row {first})", id=repr(key), first=str(seen[key]))))
                continue
            seen[key] = row_no
        good.append((row_no, item))
    return good, problems


def read_csv_rows(
    name: str, text: str, model: type[BaseModel]
) -> tuple[list[tuple[int, dict]], list[Problem]]:
    """Rows of a CSV as dicts keyed by column, with their line numbers; structural problems listed."""
    records, problems = [], []
    reader = csv.reader(io.StringIO(text), strict=True)
    try:
        for record in reader:
            records.append(record)
    except csv.Error as err:  # past a broken quote the reader cannot find the rows again: keep those before
        problems.append(
            Problem(name, reader.line_num, msg("malformed CSV: {error}; the lines after it are not read", error=err))
        )
    if not records or not any(cell.strip() for cell in records[0]):
        return [], [*problems, Problem(name, 1, msg("empty file: no header row"))]
    header = [h.strip() for h in records[0]]
    missing = [c for c in schema.required_columns(model) if c not in header]
    if missing:
        return [], [Problem(name, 1, msg("missing required column(s): {columns}", columns=", ".join(missing)))]
    rows = []
    for line_no, cells in enumerate(records[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(
                Problem(name, line_no, msg("malformed CSV row: {found} fields, the header has {header}", found=len(cells), header=len(header)))
            )
            continue
        rows.append((line_no, dict(zip(header, cells))))
    return rows, problems


def load_csv(path: Path, model: type[BaseModel]) -> tuple[pd.DataFrame, list[Problem]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        return pd.DataFrame(columns=[*model.model_fields, "line"]), [Problem(path.name, 1, cannot_read(err))]
    rows, problems = read_csv_rows(path.name, text, model)
    frame, row_problems = csv_frame(path.name, rows, model)
    return frame, problems + row_problems


def csv_frame(name: str, rows: list[tuple[int, dict]], model: type[BaseModel]) -> tuple[pd.DataFrame, list[Problem]]:
    """A table's rows, validated: the good ones as a frame with their `line`, the others as problems."""
    good, problems = validate_rows(name, rows, model)
    frame = pd.DataFrame([{**item.model_dump(), "line": n} for n, item in good])
    if frame.empty:
        frame = pd.DataFrame(columns=[*model.model_fields, "line"])
    return frame, problems


def empty_geo(name: str, model: type[BaseModel]) -> gpd.GeoDataFrame:
    """A file's frame with no rows and every column the pages read: what a broken file gives."""
    columns = [*model.model_fields, *EXTRA_COLUMNS.get(name, ()), "line"]
    return gpd.GeoDataFrame(
        {c: pd.Series(dtype="object") for c in columns}, geometry=gpd.GeoSeries([], crs=CRS), crs=CRS
    )


def load_geojson(
    path: Path, model: type[BaseModel], kinds: tuple[str, ...], region: str
) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    empty = empty_geo(path.name, model)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        return empty, [Problem(path.name, 1, cannot_read(err))]
    doc, problem = limits.read_json(text, max_positions=None)
    if problem:
        return empty, [Problem(path.name, *problem)]
    features = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(features, list):
        return empty, [Problem(path.name, 1, msg("not a GeoJSON FeatureCollection (no 'features' list)"))]
    items, problems = [], []
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict):
            problems.append(Problem(path.name, number, msg("feature is not an object")))
            continue
        items.append((number, feature.get("properties") or {}, feature.get("geometry")))
    frame, row_problems = geo_frame(path.name, model, kinds, region, items)
    return frame, problems + row_problems


def geo_frame(
    name: str, model: type[BaseModel], kinds: tuple[str, ...], region: str, items: list[tuple[int, object, object]]
) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Features as (number, properties, geometry: GeoJSON or shapely), validated: the good ones as a
    frame with their `line`, the others as problems."""
    rows, geoms, problems = [], {}, []
    for number, props, raw in items:
        if not isinstance(props, dict):
            problems.append(Problem(name, number, msg("properties is a {type}, not an object", type=type(props).__name__)))
            continue
        geom, problem = check_geometry(raw, kinds)
        if problem is None:
            problem = region_problem(geom, region, props)
        if problem:
            problems.append(Problem(name, number, problem))
            continue
        geoms[number] = geom
        rows.append((number, props))
    good, row_problems = validate_rows(name, rows, model)
    if not good:
        return empty_geo(name, model), problems + row_problems
    frame = gpd.GeoDataFrame(
        [{**item.model_dump(), "line": n} for n, item in good], geometry=[geoms[n] for n, _ in good], crs=CRS
    )
    for column in EXTRA_COLUMNS.get(name, ()):
        if column not in frame:
            frame[column] = None
    return frame, problems + row_problems


def cannot_read(err: Exception) -> Msg:
    return msg("cannot read: {error}", error=err)


def region_problem(geom, region: str, props: dict) -> Msg | None:
    if region == "scope":
        region = props.get("scope") or "theatre"
    if region == "theatre" and outside_theatre(geom):
        return msg("coordinates far outside the region (bounds {bounds})", bounds=tuple(round(b, 3) for b in geom.bounds))
    return None


def events_frame(events: pd.DataFrame, places: gpd.GeoDataFrame, problems: list[Problem]) -> gpd.GeoDataFrame:
    """Events as points. An event must name a known place; at a place in the theatre, its
    coordinates must be in the theatre too (a swapped lat/lon lands far away)."""
    scope = dict(zip(places["id"], places["scope"]))
    events = known_references(events, "events.csv", ("place_id",), set(scope), "place", problems)
    keep, points = [], []
    for i, row in enumerate(events.itertuples(index=False)):
        point = shapely.Point(row.lon, row.lat)
        if outside_wgs84(point):
            problem = msg("coordinates outside WGS84 (lat {lat}, lon {lon})", lat=str(row.lat), lon=str(row.lon))
        elif scope[row.place_id] == "theatre" and outside_theatre(point):
            problem = msg("coordinates far outside the region (lat {lat}, lon {lon})", lat=str(row.lat), lon=str(row.lon))
        else:
            keep.append(i)
            points.append(point)
            continue
        problems.append(Problem("events.csv", row.line, problem))
    return gpd.GeoDataFrame(events.iloc[keep].reset_index(drop=True), geometry=points, crs=CRS)


def sea_problems(routes: gpd.GeoDataFrame, countries: gpd.GeoDataFrame) -> list[Problem]:
    """A route vertex off the land (the countries' outlines, Natural Earth 1:50m) lies in the sea:
    only a bridge segment may be there. Reported, not dropped: the route is still drawn."""
    if routes.empty or countries.empty:
        return []
    land = shapely.union_all(countries.geometry.values)
    found = []
    for row in routes[routes["kind"] != "bridge"].itertuples(index=False):
        for number, (x, y) in enumerate(shapely.get_coordinates(row.geometry), start=1):
            if not land.covers(shapely.Point(x, y)):
                found.append(
                    Problem(
                        "routes.geojson",
                        int(row.line),
                        msg(
                            "vertex {number} ({x}, {y}) lies in the sea: only a bridge segment may leave the land",
                            number=str(number), x=f"{x:.4f}", y=f"{y:.4f}",
                        ),
                    )
                )
    return found


def known_references(
    frame: pd.DataFrame,
    file: str,
    columns: tuple[str, ...],
    known: set[str],
    what: str,
    problems: list[Problem],
) -> pd.DataFrame:
    """Rows whose reference columns name something that exists; the others reported and left out."""
    bad = pd.Series(False, index=frame.index)
    for column in columns:
        unknown = frame[column].notna() & ~frame[column].isin(known)  # blank: nothing is referred to
        for line, value in zip(frame.loc[unknown, "line"], frame.loc[unknown, column]):
            said = msg("unknown place {value} in {column}", value=repr(value), column=column) if what == "place" else msg(
                "unknown route {value} in {column}", value=repr(value), column=column
            )
            problems.append(Problem(file, int(line), said))
        bad |= unknown
    return frame[~bad].reset_index(drop=True)


def with_python_text(sit: Situation) -> Situation:
    """The situation with its text columns as Python strings rather than Arrow-backed ones, to serve.

    Its frames are small (at most a few hundred rows), and a page's run makes hundreds of pandas
    calls on them (a day's areas, routes and events). On Arrow strings each call goes through pyarrow
    and gives up the interpreter lock, so that with twenty viewers stepping the date at once their
    runs kept waiting on each other: measured with `scripts/load.py --viewers 20`, p95 5.1 s a step
    with Arrow text, 3.4 s with Python text. Uploads keep Arrow text: they are large, and read in a
    few vectorised calls."""
    converted = {}
    for slot in fields(sit):
        frame = getattr(sit, slot.name)
        if isinstance(frame, pd.DataFrame):
            text = [c for c in frame.columns if isinstance(frame[c].dtype, pd.StringDtype)]
            converted[slot.name] = frame.astype(dict.fromkeys(text, object)) if text else frame
    return replace(sit, **converted)


def as_dates(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    for column in columns:
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
    return frame


def load_situation(data_dir: Path | str = DEFAULT_DATA_DIR) -> Situation:
    data_dir = Path(data_dir)
    problems: list[Problem] = []
    loaded: dict[str, pd.DataFrame] = {}
    for name, (model, kinds, region) in GEO_FILES.items():
        frame, found = (
            load_geojson(data_dir / name, model, kinds, region)
            if (data_dir / name).exists()
            else (empty_geo(name, model), [Problem(name, 0, msg("file is missing"))])
        )
        loaded[name] = frame
        problems += found
    for name, model in CSV_FILES.items():
        if (data_dir / name).exists():
            frame, found = load_csv(data_dir / name, model)
        else:
            frame, found = (
                pd.DataFrame(columns=[*model.model_fields, "line"]),
                [Problem(name, 0, msg("file is missing"))],
            )
        loaded[name] = frame
        problems += found
    return assemble(loaded, problems)


def assemble(loaded: dict[str, pd.DataFrame], problems: list[Problem]) -> Situation:
    """The situation from each file's validated frame: rows that name an unknown place or route are
    reported and left out, dates typed. The folder and the store both end here."""
    events = events_frame(loaded["events.csv"], loaded["places.geojson"], problems)
    place_ids = set(loaded["places.geojson"]["id"])
    flows = known_references(
        loaded["flows.csv"], "flows.csv", ("from_place", "to_place"), place_ids, "place", problems
    )
    problems += sea_problems(loaded["routes.geojson"], loaded["countries.geojson"])
    route_ids = set(loaded["routes.geojson"]["id"])
    statuses = known_references(
        loaded["route_status.csv"], "route_status.csv", ("route_id",), route_ids, "route", problems
    )
    return Situation(
        places=loaded["places.geojson"],
        dnipro=loaded["dnipro.geojson"],
        routes=loaded["routes.geojson"],
        route_status=as_dates(statuses, "valid_from"),
        control_areas=as_dates(loaded["control_areas.geojson"], "valid_from", "valid_to", "snapshot"),
        attack_axes=as_dates(loaded["attack_axes.geojson"], "valid_from", "valid_to", "snapshot"),
        oblasts=loaded["oblasts.geojson"],
        countries=loaded["countries.geojson"],
        events=as_dates(events, "date", "end_date"),
        figures=as_dates(loaded["figures.csv"], "as_of"),
        flows=as_dates(flows, "date"),
        problems=problems,
    )


def markup_problems(situation: Situation) -> list[Problem]:
    """Text that carries HTML or script: escaped wherever it is shown, but worth fixing at the source."""
    found = []
    for name, attr in (
        *((n, n.split(".")[0]) for n in GEO_FILES),
        *((n, n.split(".")[0]) for n in CSV_FILES),
    ):
        frame = getattr(situation, attr)
        if "line" not in frame:
            continue
        for column in frame.columns.drop(["line", "geometry"], errors="ignore"):
            for line, value in zip(frame["line"], frame[column]):
                if safetext.has_markup(value):
                    found.append(Problem(name, int(line), msg("HTML or script in {column}: {value}", column=column, value=repr(str(value)[:60]))))
    return found
