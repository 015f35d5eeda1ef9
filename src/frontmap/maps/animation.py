"""The front over a range of days as an animated GIF, for a slide or a message: made here, offline,
with matplotlib and Pillow; every frame carries its date, the front line's date and the legend."""

from __future__ import annotations

import datetime as dt
import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from frontmap import i18n
from frontmap.data import provenance, timeline
from frontmap.data.dataset import Situation
from frontmap.i18n import _
from frontmap.limits import MAX_ANIMATION_DAYS as MAX_FRAMES
from frontmap.maps import annotations, printed

SECONDS_A_FRAME = 0.7
VIEW = printed.View(centre=(47.6, 34.6), zoom=7, shown=("control", "places", "dnipro", "routes", "axes"))  # as a slide draws it



def days_between(first: dt.date, last: dt.date) -> list[dt.date]:
    if last < first:
        first, last = last, first
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    if len(days) > MAX_FRAMES:
        raise ValueError(f"{len(days)} days is more than the {MAX_FRAMES} an animation may have: choose a shorter range.")
    return days


def frame_title(sit: Situation, day: dt.date) -> str:
    snap = timeline.control_on(sit.control_areas, day).snapshot
    line = (
        _("front line of {day}").format(day=snap.isoformat()) + " (DeepStateMap)"
        if snap
        else _("no front line for this day")
    )
    return _("As of {day}").format(day=i18n.day(day)) + f" · {line}"


def frame(
    sit: Situation, day: dt.date, view: printed.View = VIEW, drawings: list[annotations.Annotation] = ()
) -> Image.Image:
    fig = Figure(figsize=(8, 6.2), dpi=90)
    fig.text(0.02, 0.955, frame_title(sit, day), fontsize=13, fontweight="bold", parse_math=False)
    ax = fig.add_axes((0.01, 0.05, 0.98, 0.88))
    printed.draw_map(ax, sit, view, day, drawings=drawings)  # with its legend, routes said to be approximate
    fig.text(0.02, 0.015, _(provenance.DATASETS_LINE) + " · frontmap", fontsize=7, color="#555555", parse_math=False)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba()).convert("RGB")


def front_gif(
    sit: Situation,
    first: dt.date,
    last: dt.date,
    view: printed.View = VIEW,
    drawings: list[annotations.Annotation] = (),
) -> bytes:
    """One frame a day from `first` to `last`, looping (at most MAX_FRAMES days); a slide's view
    and drawings, when given."""
    frames = [frame(sit, day, view, drawings).quantize(colors=128) for day in days_between(first, last)]
    out = io.BytesIO()
    frames[0].save(
        out, format="GIF", save_all=True, append_images=frames[1:], duration=int(SECONDS_A_FRAME * 1000), loop=0
    )
    return out.getvalue()
