"""Readers and writers for the files analysts pass around: KML/KMZ, GeoPackage, zipped Shapefile,
spreadsheet CSV, TimeMap exports. Each reader returns a `Parsed` (text cells, where each row sits
in its file, shapes, problems and what was guessed); `data.uploads` turns it into the explore rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass
class Parsed:
    kind: str  # what the file was read as, e.g. "KML", "GeoPackage"
    frame: pd.DataFrame  # the file's own columns, one row a feature
    places: list[str]  # where each row is in the file: "placemark 3", "feature 7", "line 12"
    geoms: list  # one shapely geometry a row (WGS84)
    problems: list[str] = field(default_factory=list)
    guessed: list[str] = field(default_factory=list)  # said under the file's name
    refused: bool = False  # nothing could be read: the message says why
