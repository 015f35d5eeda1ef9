"""How many dated rows each day holds: the bars of the time bar under a map."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
import pandas as pd

from frontmap.data import timeline


def per_day(dates: Iterable[pd.Series], span: timeline.Span) -> list[int]:
    """Rows a day from the span's first day to its last, summed over every series of dates given
    (a row without a date, or outside the span, counts on no day)."""
    days = (span.last - span.first).days + 1
    counts = np.zeros(days, dtype=np.int64)
    start = np.datetime64(span.first, "D")
    for series in dates:
        values = pd.to_datetime(series, errors="coerce").dropna().to_numpy().astype("datetime64[D]")
        offsets = (values - start).astype(np.int64)
        offsets = offsets[(offsets >= 0) & (offsets < days)]
        counts += np.bincount(offsets, minlength=days)
    return counts.tolist()


def days_of(span: timeline.Span) -> list[dt.date]:
    return [span.first + dt.timedelta(days=i) for i in range((span.last - span.first).days + 1)]
