"""Every layer a map can show, one entry each: its key (as in links and decks), its label, the
pane it draws in, how the web map builds it, its legend's swatches, its sentence in the map's
words, and the painter of the printed map. The web map (`mapview.build`), its legend
(`legend.legend_html`), its words and the printed map (`printed.draw_map`) all read this table,
so adding a layer is one entry here and its functions.

The printed map's painters are named, not imported: matplotlib loads only when something is printed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import folium

from frontmap import styles
from frontmap.i18n import N_, _
from frontmap.maps import situation_layers as drawn


@dataclass(frozen=True)
class Layer:
    key: str
    web: Callable[[drawn.Day], list[folium.FeatureGroup]]
    legend: Callable[[drawn.Swatches], list[str]] | None  # None: its marks explain themselves (places)
    words: Callable[[drawn.Day], str | None] | None  # None: said by the page around the map
    painter: str  # a function of `maps/printed.py`
    print_order: int  # what the printed map paints over what
    pane: str  # the web map's pane (`basemap.PANES`)
    situation: bool = True  # offered on the situation maps; else a slide may add it (`THEMATIC`)
    in_words: str = ""  # in a sentence ("the Dnipro"); else the label in lower case

    @property
    def label(self) -> str:
        """In the session's language (`LAYERS` and `ALL` hold the catalogue's English)."""
        return _(styles.LABELS[self.key])

    @property
    def said(self) -> str:
        return _(self.in_words) if self.in_words else self.label[0].lower() + self.label[1:]


REGISTRY: tuple[Layer, ...] = (
    Layer("control", drawn.control_web, drawn.control_legend, drawn.control_words, "control", 0, "fm-areas"),
    Layer("places", drawn.places_web, None, drawn.places_words, "places", 9, "markerPane"),
    Layer("dnipro", drawn.dnipro_web, drawn.dnipro_legend, drawn.dnipro_words, "dnipro", 2, "fm-water", in_words=N_("the Dnipro")),
    Layer("routes", drawn.routes_web, drawn.routes_legend, drawn.routes_words, "routes", 3, "fm-lines"),
    Layer("events", drawn.events_web, drawn.events_legend, drawn.events_words, "events", 4, "fm-points"),
    Layer("axes", drawn.axes_web, drawn.axes_legend, drawn.axes_words, "axes", 6, "fm-axes", in_words=N_("DeepState's directions of attack")),
    Layer("outages", drawn.outages_web, drawn.outages_legend, None, "power", 1, "fm-areas", situation=False),
    Layer("flows", drawn.flows_web, drawn.flows_legend, None, "flows", 5, "fm-lines", situation=False),
)
# The situation maps' layer choice, and the layers a briefing slide may add to it.
LAYERS = {layer.key: styles.LABELS[layer.key] for layer in REGISTRY if layer.situation}
THEMATIC = {layer.key: styles.LABELS[layer.key] for layer in REGISTRY if not layer.situation}
ALL = {**LAYERS, **THEMATIC}


def shown(keys: Iterable[str]) -> list[Layer]:
    """The layers among `keys`, in the registry's order (unknown keys left out)."""
    wanted = set(keys)
    return [layer for layer in REGISTRY if layer.key in wanted]


def in_print_order(keys: Iterable[str]) -> list[Layer]:
    return sorted(shown(keys), key=lambda layer: layer.print_order)


def what_is_shown(keys: Iterable[str]) -> str:
    """The layers shown, in words: "control areas, places and the Dnipro"."""
    names = [layer.said for layer in shown(keys)]
    if len(names) > 1:
        return ", ".join(names[:-1]) + _(" and ") + names[-1]
    return names[0] if names else _("the base map")
