"""Column names an upload's coordinates, dates and titles go by, in English, Ukrainian and Russian
(as spreadsheets of the war are headed: `дата;широта;довгота;подія`)."""

from __future__ import annotations

import pandas as pd

LAT_NAMES = ("latitude", "lat", "y", "широта", "шир")
LON_NAMES = ("longitude", "lon", "lng", "long", "x", "довгота", "долгота", "довг", "долг")
DATE_NAMES = ("date", "event_date", "day", "as_of", "when", "дата", "дата події", "дата события", "день")
TITLE_NAMES = ("title", "name", "label", "location", "description", "назва", "название", "подія", "событие", "опис", "описание")
PLACE_NAMES = ("place", "location", "place_id", "місце", "место", "населений пункт", "населенный пункт")
NOTES_NAMES = ("notes", "quote", "description", "примітка", "примечание", "опис", "описание", "коментар", "комментарий")
CATEGORY_NAMES = ("category", "type", "event_type", "kind", "категорія", "категория", "тип")
SOURCE_NAMES = ("source", "outlet", "джерело", "источник")
OBLAST_NAMES = ("oblast", "admin1", "region", "область")
# An ACLED export's columns, and those it cannot be read without
ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]
ACLED_REQUIRED = ["event_id_cnty", "event_date", "event_type", "latitude", "longitude"]


def columns_like(columns: list[str], names: tuple[str, ...]) -> str | None:
    """The first of `names` among the columns, by case and surrounding space ignored."""
    lowered = {c.lower().strip(): c for c in reversed(columns)}  # the first column of a name wins
    return next((lowered[n] for n in names if n in lowered), None)


# Latitude and longitude in one cell, as Google Maps copies a point: "46.6354, 32.6169"
PAIR_NAMES = ("coordinates", "coords", "latlon", "lat_lon", "lat/lon", "point", "координати", "координаты")
PAIR = r"^\s*\(?\s*(-?\d{1,2}(?:\.\d+)?)\s*[,;]\s*(-?\d{1,3}(?:\.\d+)?)\s*\)?\s*$"


def coordinate_pairs(frame: pd.DataFrame) -> tuple[str, pd.Series, pd.Series] | None:
    """(column, latitudes, longitudes) of a column of pairs, named so or mostly filled with them."""
    for column in frame.columns:
        sample = frame[column].head(1_000).astype(str)  # judged on the first rows, read whole once chosen
        filled = (sample.str.strip() != "").sum()
        share = sample.str.extract(PAIR)[0].notna().sum() / max(filled, 1)
        if share >= 0.8 or (column.lower().strip() in PAIR_NAMES and share > 0):
            found = frame[column].astype(str).str.extract(PAIR)
            return column, found[0], found[1]
    return None
