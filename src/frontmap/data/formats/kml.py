"""KML and KMZ (Google Earth, Google My Maps), read and written.

Read with defusedxml: a document with a DTD (where the "billion laughs" and external entities are
declared; KML needs none) is refused before anything expands or is fetched. Placemarks are taken one at a time
(iterparse) and dropped once read, so memory follows one placemark, not the file. With or without
the KML namespace; Folders become a `folder` column, MultiGeometry one shape, TimeStamp/TimeSpan
dates, ExtendedData columns, and a description's HTML plain text (its images and links are never
fetched: nothing here resolves a URL).
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import defusedxml
import defusedxml.ElementTree as SafeET
import geopandas as gpd
import pandas as pd
import shapely

from frontmap import limits
from frontmap.data import problems as said
from frontmap.data.formats import Parsed, safezip
from frontmap.i18n import Msg, msg, msg_n

KML_NS = "http://www.opengis.net/kml/2.2"
GEOMETRIES = ("Point", "LineString", "LinearRing", "Polygon", "MultiGeometry")


def looks_like_kml(name: str, head: bytes) -> bool:
    start = head[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return name.lower().endswith(".kml") or (start.startswith(b"<?xml") and b"<kml" in start) or start.startswith(b"<kml")


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(element, name: str):
    return next((c for c in element if _local(c.tag) == name), None)


def _text(element, name: str) -> str:
    found = _child(element, name)
    return (found.text or "").strip() if found is not None else ""


class _Text(HTMLParser):
    """A description's HTML as the text a reader sees: tags dropped, line breaks kept."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0  # inside <script> or <style>: code, not text a reader sees

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "p", "div", "li", "tr"):
            self.parts.append("\n")
        self.hidden += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.hidden -= tag in ("script", "style") and self.hidden > 0

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def plain_text(markup: str) -> str:
    if "<" not in markup and "&" not in markup:
        return markup.strip()
    parser = _Text()
    parser.feed(markup)
    parser.close()
    return re.sub(r"\n\s*\n+", "\n", "".join(parser.parts)).strip()


def _positions(text: str) -> list[tuple[float, float]]:
    out = []
    for tuple_text in text.split():
        parts = tuple_text.split(",")
        if len(parts) < 2:
            raise ValueError(msg("coordinate {value} is not lon,lat", value=repr(tuple_text[:40])))
        out.append((float(parts[0]), float(parts[1])))
    if not out:
        raise ValueError(msg("no coordinates"))
    return out


def _shape(element):
    """A KML geometry element as a shapely geometry (ValueError when it cannot be read)."""
    kind = _local(element.tag)
    if kind == "Point":
        return shapely.Point(_positions(_text(element, "coordinates"))[0])
    if kind in ("LineString", "LinearRing"):
        return shapely.LineString(_positions(_text(element, "coordinates")))
    if kind == "Polygon":
        rings = []
        for boundary in ("outerBoundaryIs", "innerBoundaryIs"):
            for holder in (c for c in element if _local(c.tag) == boundary):
                ring = _child(holder, "LinearRing")
                if ring is not None:
                    rings.append(_positions(_text(ring, "coordinates")))
        if not rings:
            raise ValueError(msg("a Polygon without an outer boundary"))
        return shapely.Polygon(rings[0], rings[1:])
    if kind == "MultiGeometry":
        parts = [p for c in element if _local(c.tag) in GEOMETRIES for p in shapely.get_parts(_shape(c))]
        if not parts:
            raise ValueError(msg("an empty MultiGeometry"))
        # Mixed kinds (a route with its label's point): the highest dimension is the shape
        top = max(shapely.get_dimensions(parts))
        return _multi([p for p in parts if shapely.get_dimensions(p) == top])
    raise ValueError(msg("{kind} is not a geometry this reader knows", kind=kind))


def _multi(parts: list):
    kind = parts[0].geom_type
    if len(parts) == 1:
        return parts[0]
    if kind == "Point":
        return shapely.MultiPoint(parts)
    if kind == "LineString":
        return shapely.MultiLineString(parts)
    if kind == "Polygon":
        return shapely.MultiPolygon(parts)
    return shapely.GeometryCollection(parts)


def _geometry(placemark):
    found = next((c for c in placemark if _local(c.tag) in GEOMETRIES), None)
    if found is None:
        other = next((_local(c.tag) for c in placemark if _local(c.tag) in ("Track", "MultiTrack", "Model")), None)
        raise ValueError(msg("its {kind} is not read (only points, lines and polygons)", kind=other) if other else msg("no geometry"))
    return _shape(found)


def _day(when: str) -> str:
    """A KML time (xsd:dateTime, date, gYearMonth or gYear) as its day when it has one."""
    found = re.match(r"\d{4}-\d{2}-\d{2}", when)
    return found.group(0) if found else when


def _record(placemark, folders: list[str]) -> dict[str, str]:
    record = {"name": _text(placemark, "name")}
    description = _text(placemark, "description")
    if description:
        record["description"] = plain_text(description)
    if folders:
        record["folder"] = " / ".join(folders)
    stamp, span = _child(placemark, "TimeStamp"), _child(placemark, "TimeSpan")
    if stamp is not None:
        record["date"] = _day(_text(stamp, "when"))
    elif span is not None:
        record["date"], record["date_end"] = _day(_text(span, "begin")), _day(_text(span, "end"))
    extended = _child(placemark, "ExtendedData")
    if extended is not None:
        for item in extended.iter():
            tag = _local(item.tag)
            if tag == "Data" and item.get("name"):
                record.setdefault(item.get("name"), _text(item, "value"))
            elif tag == "SimpleData" and item.get("name"):
                record.setdefault(item.get("name"), (item.text or "").strip())
    return record


def read(name: str, data: bytes) -> Parsed:
    records, places, geoms, problems = [], [], [], []
    folders: list[str] = []
    open_tags: list[str] = []  # the elements open around this one, to tell a Folder's name from a Placemark's
    positions = 0
    number = 0
    try:
        for event, element in SafeET.iterparse(io.BytesIO(data), events=("start", "end"), forbid_dtd=True):
            tag = _local(element.tag)
            if event == "start":
                open_tags.append(tag)
                if tag == "Folder":
                    folders.append("")
                continue
            open_tags.pop()
            if tag == "Folder":
                folders.pop()
                element.clear()
            elif tag == "name" and open_tags[-1:] == ["Folder"]:
                folders[-1] = (element.text or "").strip()
            if tag != "Placemark":
                continue
            number += 1
            if number > limits.MAX_FEATURES:
                return _refused(name, said.problem(name, None, msg(
                    "more than {found} placemarks; the limit is {limit} features a file, so it is not loaded (split or filter it)",
                    found=limits.MAX_FEATURES, limit=limits.MAX_FEATURES,
                )))
            try:
                geom = _geometry(element)
            except (ValueError, TypeError, shapely.errors.ShapelyError) as err:
                # (ours say what in either language; a library's, its own English)
                why = err.args[0] if err.args and isinstance(err.args[0], Msg) else str(err)[:200]
                problems.append(said.problem(name, f"placemark {number}", msg("{problem}; left out", problem=why)))
                element.clear()
                continue
            positions += shapely.get_num_coordinates(geom)
            if positions > limits.MAX_POSITIONS:
                return _refused(name, said.problem(name, None, msg(
                    "more than {found} coordinate positions; the limit is {limit} a file (simplify the geometry first)",
                    found=limits.MAX_POSITIONS, limit=limits.MAX_POSITIONS,
                )))
            records.append(_record(element, [f for f in folders if f]))
            places.append(f"placemark {number}")
            geoms.append(geom)
            element.clear()  # what was read goes: memory follows one placemark
    except defusedxml.DefusedXmlException as err:
        return _refused(name, said.problem(name, None, msg(
            "the XML declares entities or a DTD ({error}); refused, nothing expanded or fetched (KML needs neither)", error=type(err).__name__,
        )))
    except ET.ParseError as err:
        if not records:
            return _refused(name, said.header(name, err.position[0], msg("malformed XML: {error}", error=err)))
        problems.append(said.header(name, err.position[0], msg(
            "malformed XML after placemark {number}: {error}; the placemarks before it are kept", number=str(number), error=err,
        )))
    if not records and not problems:
        return _refused(name, said.problem(name, None, msg("no placemarks: nothing to load")))
    return Parsed("KML", pd.DataFrame(records).fillna(""), places, geoms, problems)


def _refused(name: str, message: Msg, kind: str = "KML") -> Parsed:
    return Parsed(kind, pd.DataFrame(), [], [], [message], refused=True)


def read_kmz(name: str, data: bytes) -> Parsed:
    """A KMZ: its first .kml (doc.kml by convention); icons and overlays in it are never opened."""
    members, problem = safezip.names(name, data)
    if problem:
        return _refused(name, problem, "KMZ")
    documents = sorted((m for m in members if m.lower().endswith(".kml")), key=lambda m: (m.lower().rsplit("/", 1)[-1] != "doc.kml", m))
    if not documents:
        return _refused(name, said.problem(name, None, msg("a zip with no .kml document in it")), "KMZ")
    files, problem = safezip.read(name, data, documents[:1])
    if problem:
        return _refused(name, problem, "KMZ")
    parsed = read(f"{name}/{documents[0]}", next(iter(files.values())))
    parsed.kind = "KMZ"
    if len(documents) > 1:
        parsed.guessed.append(msg_n(
            "read {document}; the other {n} .kml file in it is not", "read {document}; the other {n} .kml files in it are not",
            len(documents) - 1, document=documents[0],
        ))
    return parsed


def _coordinates(coords) -> str:
    return " ".join(f"{x:.6f},{y:.6f}" for x, y, *_ in coords)


def _add_geometry(parent, geom) -> None:
    kind = geom.geom_type
    if kind == "Point":
        ET.SubElement(ET.SubElement(parent, "Point"), "coordinates").text = _coordinates(geom.coords)
    elif kind == "LineString":
        ET.SubElement(ET.SubElement(parent, "LineString"), "coordinates").text = _coordinates(geom.coords)
    elif kind == "Polygon":
        polygon = ET.SubElement(parent, "Polygon")
        for boundary, ring in [("outerBoundaryIs", geom.exterior)] + [("innerBoundaryIs", r) for r in geom.interiors]:
            linear = ET.SubElement(ET.SubElement(polygon, boundary), "LinearRing")
            ET.SubElement(linear, "coordinates").text = _coordinates(ring.coords)
    else:
        multi = ET.SubElement(parent, "MultiGeometry")
        for part in geom.geoms:
            _add_geometry(multi, part)


def write(rows: gpd.GeoDataFrame, title: str = "frontmap rows") -> bytes:
    """Rows as KML: a Placemark each, its date as a TimeStamp (Google Earth's time slider), the
    other columns as ExtendedData. Text is escaped by the XML writer, never inserted as markup."""
    root = ET.Element("kml", xmlns=KML_NS)
    document = ET.SubElement(root, "Document")
    ET.SubElement(document, "name").text = title
    columns = [c for c in rows.columns if c != rows.geometry.name]
    for values, geom in zip(rows[columns].itertuples(index=False, name=None), rows.geometry):
        if geom is None or geom.is_empty:
            continue
        row = dict(zip(columns, values))
        placemark = ET.SubElement(document, "Placemark")
        ET.SubElement(placemark, "name").text = str(row.get("title", "") or "")
        if row.get("notes"):
            ET.SubElement(placemark, "description").text = str(row["notes"])
        day = row.get("date")
        if day is not None and not pd.isna(day):
            ET.SubElement(ET.SubElement(placemark, "TimeStamp"), "when").text = pd.Timestamp(day).strftime("%Y-%m-%d")
        extended = ET.SubElement(placemark, "ExtendedData")
        for column in columns:
            value = row[column]
            if column in ("title", "notes", "date") or value is None or (not isinstance(value, str) and pd.isna(value)):
                continue
            data = ET.SubElement(extended, "Data", name=str(column))
            ET.SubElement(data, "value").text = str(value)
        _add_geometry(placemark, geom)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8", xml_declaration=False)
