"""Briefings: decks of slides read from TOML, stepped through, and exported as PNG and PDF.

A deck is validated as a whole and every problem names its slide and field, so a presenter knows
what to fix; a bad deck never stops the rest of the app.
"""

from __future__ import annotations

import datetime as dt
import io
import textwrap
import tomllib
from pathlib import Path
from typing import Literal

import pandas as pd
from matplotlib.backends.backend_pdf import PdfPages

# Figure objects, not pyplot: pyplot's global state is shared by the threads that serve viewers.
from matplotlib.figure import Figure
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from frontmap import i18n, limits
from frontmap.data import measure, provenance, timeline
from frontmap.data.dataset import Situation, pydantic_message
from frontmap.i18n import N_, Msg, _, msg
from frontmap.maps import annotations as drawn
from frontmap.maps import mapview, printed, registry
from frontmap.maps.legend import legend_html
from frontmap.report import digest
from frontmap.report.numbers import format_value

BRIEFINGS_DIR = Path(__file__).resolve().parents[3] / "briefings"
MAX_DECK_BYTES = limits.MB  # the uploader says 1 MB; the text limits below bound a deck well under it


# The map a slide shows, as on the page of that name, and the layers it adds to the slide's own.
MAPS = {"front": (), "outages": ("outages",), "supply": ("routes", "dnipro"), "flows": ("flows",)}
SLIDE_LAYERS = registry.ALL


class InLanguages:
    """A deck's own text in the session's language: `title_uk` (and the like) where the deck gives
    one, else the text as written (in the deck's language)."""

    def said(self, field: str) -> str:
        own = getattr(self, f"{field}_{i18n.current()}", None) if not i18n.is_english() else None
        return own or getattr(self, field)


class Slide(BaseModel, InLanguages):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200)
    map: Literal["front", "outages", "supply", "flows"] = "front"
    as_of: dt.date | None = None
    play_from: dt.date | None = None
    play_to: dt.date | None = None
    centre: tuple[float, float] = (47.6, 34.8)
    zoom: int = Field(default=7, ge=2, le=14)
    layers: list[str] = Field(
        default_factory=lambda: ["control", "places", "dnipro", "routes"], max_length=10
    )
    figures: list[str] = Field(default_factory=list, max_length=6)
    caption: str = Field(default="", max_length=2_000)
    notes: str = Field(default="", max_length=10_000)
    # the same in Ukrainian (optional; `said` picks the session's)
    title_uk: str = Field(default="", max_length=200)
    caption_uk: str = Field(default="", max_length=2_000)
    notes_uk: str = Field(default="", max_length=10_000)
    # The presenter's drawings (`[[slides.annotations]]`), drawn on every map of the slide.
    annotations: list[drawn.Annotation] = Field(default_factory=list, max_length=limits.MAX_ANNOTATIONS)

    @field_validator("as_of", "play_from", "play_to")
    @classmethod
    def within_the_dashboard(cls, day: dt.date | None, info: ValidationInfo) -> dt.date | None:
        span = (info.context or {}).get("span", timeline.SHIPPED)  # the served data's days
        if day is not None and not span.first <= day <= span.last:
            raise ValueError(msg("{day} is outside {first} – {last}", day=day, first=span.first, last=span.last))
        return day

    @field_validator("layers")
    @classmethod
    def known_layers(cls, names: list[str]) -> list[str]:
        unknown = [x for x in names if x not in SLIDE_LAYERS]
        if unknown:
            raise ValueError(msg("unknown layer(s) {unknown}; known: {known}", unknown=", ".join(unknown), known=", ".join(SLIDE_LAYERS)))
        return names

    @field_validator("centre")
    @classmethod
    def in_wgs84(cls, centre: tuple[float, float]) -> tuple[float, float]:
        lat, lon = centre
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValueError(msg("{centre} is not a [lat, lon] in WGS84", centre=list(centre)))
        return centre

    @model_validator(mode="after")
    def one_date_or_a_range(self):
        if self.as_of is None and (self.play_from is None or self.play_to is None):
            raise ValueError(msg("give as_of, or both play_from and play_to"))
        if self.play_from and self.play_to and self.play_to < self.play_from:
            raise ValueError(msg("play_to {end} is before play_from {start}", end=self.play_to, start=self.play_from))
        return self

    @property
    def shown(self) -> tuple[str, ...]:
        """The layers drawn: those the slide's map needs, then the slide's own."""
        return tuple(dict.fromkeys([*MAPS[self.map], *self.layers]))

    @property
    def first_day(self) -> dt.date:
        return self.as_of or self.play_from

    @property
    def days(self) -> list[dt.date]:
        """The days a slide shows: one, or every day of its range."""
        if self.play_from is None:
            return [self.as_of]
        n = (self.play_to - self.play_from).days
        return [self.play_from + dt.timedelta(days=i) for i in range(n + 1)]


class Deck(BaseModel, InLanguages):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200)
    subtitle: str = Field(default="", max_length=500)
    title_uk: str = Field(default="", max_length=200)
    subtitle_uk: str = Field(default="", max_length=500)
    # The PDF pack takes about 0.6 s of server time a slide: the limit bounds one export's work.
    slides: list[Slide] = Field(min_length=1, max_length=limits.MAX_SLIDES)


def _where(loc: tuple) -> Msg:
    """pydantic's error location as the presenter would say it: `slide 3, field 'as_of'`,
    `slide 3, annotation 2, field 'coords'`."""
    if len(loc) >= 4 and loc[0] == "slides" and loc[2] == "annotations" and isinstance(loc[3], int):
        field = ".".join(str(x) for x in loc[4:] if not isinstance(x, str) or not x.startswith("function-"))
        slide, drawing = str(loc[1] + 1), str(loc[3] + 1)
        if field:
            return msg("slide {slide}, annotation {annotation}, field '{field}'", slide=slide, annotation=drawing, field=field)
        return msg("slide {slide}, annotation {annotation}", slide=slide, annotation=drawing)
    if len(loc) >= 2 and loc[0] == "slides" and isinstance(loc[1], int):
        if loc[2:]:
            return msg("slide {slide}, field '{field}'", slide=str(loc[1] + 1), field=".".join(str(x) for x in loc[2:]))
        return msg("slide {slide}", slide=str(loc[1] + 1))
    return msg("field '{field}'", field=".".join(str(x) for x in loc)) if loc else msg("deck")


def parse_deck(
    text: str | bytes, name: str, span: timeline.Span = timeline.SHIPPED
) -> tuple[Deck | None, list[str]]:
    """A deck from TOML text, or None and the problems, each naming the slide and the field; its days
    within `span`."""
    if isinstance(text, bytes):
        if len(text) > MAX_DECK_BYTES:
            return None, [msg(
                "{file}: {size} is over the {limit} MB limit for a briefing", file=name, size=limits.size(len(text)), limit=MAX_DECK_BYTES // limits.MB,
            )]
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            return None, [msg("{file}: not UTF-8 text", file=name)]
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        return None, [msg("{file}: not valid TOML: {error}", file=name, error=err)]
    try:
        return Deck.model_validate(raw, context={"span": span}), []
    except ValidationError as err:
        # (each kept as its message: said in the presenter's language wherever it is shown)
        where = "{file}: {where}: {problem}"
        return None, [Msg(where, args={"file": name, "where": _where(e["loc"]), "problem": pydantic_message(e)}) for e in err.errors()]


def shipped_decks(folder: Path = BRIEFINGS_DIR) -> dict[str, Path]:
    return {p.stem: p for p in sorted(folder.glob("*.toml"))}


def slide_figures(slide: Slide, figures: pd.DataFrame, day: dt.date) -> list[pd.Series]:
    """The figures a slide highlights, each the latest dated on or before its day."""
    found = (timeline.latest(figures, day, metric) for metric in slide.figures)
    return [row for row in found if row is not None]


def range_change(sit: Situation, slide: Slide, day: dt.date):
    """The land that changed hands from a range slide's first day to `day` (`measure.change_pieces`),
    or None on a one-day slide, at its first day, or without the control layer."""
    if "control" not in slide.shown or day <= slide.days[0]:
        return None
    return measure.change_pieces(sit.control_areas, sit.oblasts, slide.days[0], day)


def change_sentence(pieces, first: dt.date, last: dt.date, drawn: str = N_("outlined")) -> str:
    """What `range_change` shows (`drawn` on the map), in words, with the km² of each way."""
    km2 = pieces.groupby("kind")["km2"].sum()
    return _("From {first} to {last} ({drawn}): {change} (DeepStateMap's lines, measured equal-area).").format(
        first=i18n.day_month(first),
        last=i18n.day_short(last),
        drawn=_(drawn),
        change=measure.km2_changed(km2.get("lost", 0), km2.get("gained", 0)),
    )


def _text(fig: Figure, x: float, y: float, text: str, **style) -> None:
    """Deck and data text drawn as it is: a `$` in it never starts matplotlib's maths parser."""
    fig.text(x, y, text, parse_math=False, **style)


PRINT_PT = 8  # the smallest text on a page (sources, credits, legend)


def slide_figure(sit: Situation, deck: Deck, index: int, day: dt.date | None = None) -> Figure:
    """One slide as a landscape page: title, map, its figures and caption. A range slide prints its
    last day unless told otherwise, with the land that changed hands since its first day outlined."""
    slide = deck.slides[index]
    day = day or slide.days[-1]
    change = range_change(sit, slide, day)
    fig = Figure(figsize=(11.69, 8.27))  # A4 landscape
    _text(fig, 0.04, 0.94, slide.said("title"), fontsize=20, fontweight="bold")
    span = (
        " " + _("(the end of {first} – {last})").format(first=i18n.day_month(slide.days[0]), last=i18n.day_month(slide.days[-1]))
        if day == slide.days[-1] and len(slide.days) > 1
        else ""
    )
    _text(
        fig,
        0.04,
        0.905,
        _("{deck} · slide {n} of {count} · as of {day}").format(
            deck=deck.said("title"), n=index + 1, count=len(deck.slides), day=i18n.day(day)
        )
        + span,
        fontsize=10,
        color="#444",
    )
    ax = fig.add_axes((0.04, 0.08, 0.6, 0.8))
    view = printed.View(slide.centre, slide.zoom, slide.shown)
    printed.draw_map(ax, sit, view, day, change, slide.days[0], slide.annotations)
    y = 0.86
    for row in slide_figures(slide, sit.figures, day):
        _text(fig, 0.67, y, textwrap.shorten(row["label"] + i18n.source_language_note(), 52), fontsize=10, color="#333")
        _text(fig, 0.67, y - 0.04, format_value(row["value"], row["unit"]), fontsize=18, fontweight="bold")
        cited = textwrap.wrap(f"{timeline.as_of_text(row)} · {row['source']}", 58)
        _text(fig, 0.67, y - 0.055, "\n".join(cited), fontsize=PRINT_PT, color="#444", va="top")
        y -= 0.1 + 0.017 * len(cited)
    caption = slide.said("caption")
    if change is not None:
        caption += "\n\n" + change_sentence(change, slide.days[0], day)
    wrapped = "\n".join(textwrap.fill(part, 44) for part in caption.split("\n"))
    _text(fig, 0.67, max(y, 0.1), wrapped, fontsize=10.5, va="top")
    _text(
        fig,
        0.04,
        0.03,
        _(provenance.DATASETS_LINE),
        fontsize=PRINT_PT,
        color="#444",
    )
    return fig


def slide_png(sit: Situation, deck: Deck, index: int, day: dt.date | None = None) -> bytes:
    fig = slide_figure(sit, deck, index, day)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=110)
    return out.getvalue()


def slide_map_png(sit: Situation, deck: Deck, index: int, day: dt.date | None = None) -> bytes:
    """A slide's map alone, square, at its last day unless told: what a phone shows of the slide."""
    slide = deck.slides[index]
    day = day or slide.days[-1]
    fig = Figure(figsize=(5, 5))
    ax = fig.add_axes((0.01, 0.01, 0.98, 0.98))
    view = printed.View(slide.centre, slide.zoom, slide.shown)
    printed.draw_map(ax, sit, view, day, drawings=slide.annotations, legend=False)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=80)
    return out.getvalue()


def slide_gif(sit: Situation, deck: Deck, index: int) -> bytes:
    """A range slide's days as an animated GIF (`animation`), in its view, with its drawings."""
    from frontmap.maps import animation  # Pillow only when a GIF is made

    slide = deck.slides[index]
    view = printed.View(slide.centre, slide.zoom, slide.shown)
    return animation.front_gif(sit, slide.days[0], slide.days[-1], view, slide.annotations)


def slide_html(sit: Situation, deck: Deck, index: int) -> str:
    """A slide's map as a file that opens offline, telling what the PDF tells: a range slide at its
    last day, the land that changed hands since its first hatched and measured; title, dates, legend
    and sources on the map."""
    slide = deck.slides[index]
    first, last = slide.days[0], slide.days[-1]
    since = first if last > first else None
    extra = [drawn.web_layer(slide.annotations)] if slide.annotations else []
    parts = mapview.build(sit, last, slide.shown, "auto", slide.centre, slide.zoom, extra, since=since)
    more = [_("{deck} · slide {n} of {count}").format(deck=deck.said("title"), n=index + 1, count=len(deck.slides))]
    if (change := range_change(sit, slide, last)) is not None:
        more.append(change_sentence(change, first, last, N_("hatched")))
    legend = legend_html(slide.shown, compared=since is not None)
    note = mapview.export_note(sit, slide.said("title"), last, legend, more)
    return mapview.standalone_html(parts.base, parts.dated, note)


def deck_sources(sit: Situation, deck: Deck) -> list[str]:
    """The sources behind a deck: its figures', its days' events', and the datasets."""
    cited = set()
    for slide in deck.slides:
        for day in (slide.days[0], slide.days[-1]):
            cited |= {provenance.source_text(row) for row in slide_figures(slide, sit.figures, day)}
            week = timeline.happened_between(sit.events, day - dt.timedelta(days=6), day)
            via = _("{outlet}, via {source}")
            cited |= {via.format(outlet=r.outlet, source=provenance.source_text(r)) for r in week.itertuples(index=False)}
    datasets = [f"{r.data}: {r.source} ({r.licence})" for r in provenance.datasets().itertuples(index=False)]
    return sorted(cited) + datasets


# Lines of text on an A4 landscape page at PRINT_PT, and characters a line (wider lines ran off it).
SOURCE_LINES = 52
LINE_CHARS = 140


def deck_digest(sit: Situation, deck: Deck) -> tuple[str, list[str]]:
    """What changed over the deck's span of days (`digest`), as a title and wrapped lines for print."""
    first = min(s.days[0] for s in deck.slides)
    last = max(s.days[-1] for s in deck.slides)
    lines = []
    for name, rows in digest.digest(sit, first, last).items():
        lines.append(_(name))
        for row in rows:
            cited = provenance.source_text(row.__dict__)
            lines += textwrap.wrap(f"• {row.text} ({cited})", LINE_CHARS, subsequent_indent="   ")
    return _("What changed from {first} to {last}").format(first=i18n.day(first), last=i18n.day(last)), lines


def _text_pages(pdf: PdfPages, title: str, lines: list[str]) -> None:
    """Lines of text on as many A4 landscape pages as they fill, under a title."""
    for start in range(0, max(len(lines), 1), SOURCE_LINES):
        fig = Figure(figsize=(11.69, 8.27))
        _text(fig, 0.04, 0.94, title, fontsize=20, fontweight="bold")
        for i, line in enumerate(lines[start : start + SOURCE_LINES]):
            _text(fig, 0.04, 0.89 - i * 0.0165, line, fontsize=PRINT_PT)
        pdf.savefig(fig)


def source_lines(sit: Situation, deck: Deck) -> list[str]:
    """The deck's sources wrapped for print: wrapped, not cut, so every source prints whole."""
    return [w for line in deck_sources(sit, deck) for w in textwrap.wrap(f"• {line}", LINE_CHARS, subsequent_indent="   ")]


def deck_pdf(sit: Situation, deck: Deck) -> bytes:
    """The briefing as a PDF pack: a page per slide (a range slide at its last day), what changed
    over the deck's days, then pages of sources."""
    out = io.BytesIO()
    metadata = {"Title": deck.said("title"), "Subject": deck.said("subtitle"), "Creator": "frontmap"}
    with PdfPages(out, metadata=metadata) as pdf:
        for index in range(len(deck.slides)):
            fig = slide_figure(sit, deck, index)
            pdf.savefig(fig)
        _text_pages(pdf, *deck_digest(sit, deck))
        _text_pages(pdf, _("Sources"), source_lines(sit, deck))
    return out.getvalue()
