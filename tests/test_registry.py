"""The layer registry: one entry per layer, read by the web map, its legend, its words and the
printed map, so that none of them lists the layers again."""

import datetime as dt

from frontmap import styles
from frontmap.maps import geojson_layer, printed, registry, situation_layers
from frontmap.maps.legend import legend_html

DAY = dt.date(2022, 11, 12)


def test_every_layer_has_one_entry_with_all_its_parts():
    keys = [layer.key for layer in registry.REGISTRY]
    assert len(keys) == len(set(keys)) and set(keys) == set(styles.LABELS)
    assert list(registry.LAYERS) == ["control", "places", "dnipro", "routes", "events", "axes"]
    assert list(registry.THEMATIC) == ["outages", "flows"]
    for layer in registry.REGISTRY:
        assert callable(getattr(printed, layer.painter)), layer.key
        assert layer.label == styles.LABELS[layer.key]


def test_each_layer_draws_in_the_pane_the_registry_gives_it(situation):
    day = situation_layers.day_of(situation, DAY, tuple(registry.ALL))
    for layer in registry.REGISTRY:
        group = layer.web(day)[0]
        drawn = [c for c in group._children.values() if isinstance(c, geojson_layer.GeoJsonLayer)]
        assert drawn, layer.key
        assert drawn[0].options.get("pane", "markerPane") == layer.pane, layer.key
        assert group.layer_name == layer.label


def test_the_legend_and_the_words_follow_the_registry(situation):
    day = situation_layers.day_of(situation, DAY, ("control", "routes"))
    legend = legend_html(["routes"])
    assert "route open" in legend and "Ukrainian-held" not in legend
    said = [layer.words(day) for layer in registry.shown(["routes", "control"]) if layer.words]
    assert said[0].startswith("Control areas from DeepStateMap's front line") and said[1].startswith("Routes")
    assert registry.what_is_shown(["dnipro", "control", "flows"]) == "control areas, the Dnipro and arms and cash from outside"


def test_the_printed_map_paints_in_the_registrys_order():
    order = [layer.key for layer in registry.in_print_order(registry.ALL)]
    assert order[0] == "control" and order[-1] == "places"  # areas under everything, names on top
