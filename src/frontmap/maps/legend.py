"""The legend of the layers a map shows, as HTML: each swatch drawn as the map draws it (a fill at
the map's opacity over the land colour, a line on its casing), from the layer registry."""

from __future__ import annotations

from collections.abc import Iterable

from frontmap import safetext
from frontmap.i18n import _
from frontmap.maps import basemap, layers, registry
from frontmap.maps.situation_layers import Swatches, change_legend


def legend_html(
    shown: Iterable[str], uploads: bool = False, compared: bool = False, dark: bool = False, snapshots: bool = False
) -> str:
    """The legend of the layers shown; `uploads`: this session's rows are drawn too; `compared`: an
    earlier day's change and line are drawn; `dark`: over the dark theme's land; `snapshots`: the
    front lines of uploaded DeepState snapshots are drawn."""
    shown = set(shown)
    land, outside = (basemap.DARK["land"], basemap.DARK["outside"]) if dark else (basemap.LAND, basemap.OUTSIDE)
    swatches = Swatches(land, outside, dark, compared)
    items = [item for layer in registry.shown(shown) if layer.legend for item in layer.legend(swatches)]
    if uploads:
        items.append(swatches.swatch("#FFFFFF", "2px solid #1A1A1A", _("your uploaded rows (this session only)"), round_=True))
    if snapshots:
        line = layers.SNAPSHOT_LINE
        items.append(f"<span class='fm-line' style='border-top:{line['weight']}px dashed {line['color']}'></span>" + safetext.esc(_("front line in your uploaded DeepState snapshot")))
    if "control" in shown:
        items += change_legend(swatches)
    css = (
        "<style>.fm-legend{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:0.85rem;margin:2px 0 6px}"
        ".fm-legend span.fm-item{display:inline-flex;align-items:center;gap:6px}"
        ".fm-swatch{display:inline-block;width:16px;height:12px;box-sizing:border-box}"
        ".fm-line{display:inline-block;width:24px;height:0}"
        # On a phone the page's legend gives way to the one folded on the map.
        f"@media (max-width:{basemap.NARROW_PX}px){{[data-testid=stMain] .fm-legend{{display:none}}}}</style>"
    )
    return (
        css
        + "<div class='fm-legend' data-name='"
        + safetext.esc(_("Legend"))
        + "'>"
        + "".join(f"<span class='fm-item'>{i}</span>" for i in items)
        + "</div>"
    )
