"""Power by oblast as the sources tell it, for the Energy map and the slides."""

from __future__ import annotations

import datetime as dt

from frontmap.data import timeline
from frontmap.data.dataset import Situation
from frontmap.i18n import _


def levels(sit: Situation, day: dt.date) -> dict[str, tuple[int, str]]:
    """What the sources say of power by oblast by the day (id -> level of `styles.OUTAGE_STYLE`, the
    words): Kyiv named as without electricity, planned outages announced for the whole country (not
    Crimea, held since 2014); the 14 other regions Zelensky counted are not named, so none is guessed."""
    energy = timeline.of_category(sit.events, "energy")
    outages = timeline.happened_between(energy, timeline.FIRST_DAY, day)
    said = {}
    if not outages.empty:
        planned = _("planned outages of several hours for the whole country on {day}").format(
            day=f"{outages.iloc[-1]['date']:%Y-%m-%d}"
        )
        said = {i: (1, planned) for i in sit.oblasts["id"] if i != "UA-43"}
    if timeline.latest(sit.figures, day, "regions_without_power") is not None:
        said["UA-30"] = (2, _("without electricity: named by Zelensky on 2022-11-08"))
    return said
