"""What each status, category and layer looks like (colours, dashes, labels), in one place for
the web maps, the printed maps, the legends, the charts and the tables. Its words are marked for the
catalogue (`N_`) and said in the session's language (`_`) where they are shown."""

from frontmap.i18n import N_

# Colour-blind safe (Okabe-Ito hues) and apart in greyscale: lightness falls from contested to
# held-since-2014; Ukrainian-held land is the light basemap itself.
CONTROL_STYLE = {
    "grey_zone": {"label": N_("Contested (grey zone)"), "fill": "#C8C8C8", "line": "#6E6E6E", "dash": "4 3"},
    "occupied_2022": {"label": N_("Russian-held since 2022"), "fill": "#D55E00", "line": "#8C3E00", "dash": None},
    "occupied_2014": {
        "label": N_("Russian-held since 2014 (Donetsk, Luhansk)"),
        "fill": "#5C1A00",
        "line": "#3A1000",
        "dash": None,
    },
    "crimea": {
        "label": N_("Crimea (Russian-held since 2014)"),
        "fill": "#5C1A00",
        "line": "#3A1000",
        "dash": None,
    },
}
ROUTE_STYLE = {
    # Not the Dnipro's blue; each line is drawn on a white casing, so it shows over any fill.
    "open": {"label": N_("open"), "color": "#009E73", "dash": None, "weight": 4},
    "damaged": {"label": N_("damaged"), "color": "#E69F00", "dash": "10 6", "weight": 4},
    "destroyed": {"label": N_("destroyed"), "color": "#000000", "dash": "2 6", "weight": 4},
    "unknown": {"label": N_("no dated status"), "color": "#7F7F7F", "dash": "1 4", "weight": 2},
}
ROUTE_CASING = "#FFFFFF"
FILL_OPACITY = 0.5  # of the control areas, over the land
EVENT_COLOURS = {
    "fighting": "#CC79A7",
    "withdrawal": "#009E73",
    "invasion": "#000000",
    "politics": "#56B4E9",
    "diplomacy": "#56B4E9",
    "humanitarian": "#F0E442",
    "energy": "#E69F00",
    "aid": "#0072B2",
    "supply": "#7F7F7F",
}
DNIPRO_BLUE = "#3C7DC4"
# Said wherever routes are drawn: their lines join the places they pass, not the road's own course.
ROUTES_APPROXIMATE = N_("routes: approximate course, drawn straight between the places and crossings they pass")
CHANGE_STYLE = {  # hatched (the web map and the printed map draw the patterns): apart in colour and in grey
    "lost": {"label": N_("ceased to be Russian-held"), "line": "#0072B2", "dash": None},
    "gained": {"label": N_("became Russian-held"), "line": "#8C3E00", "dash": "6 4"},
}
OUTAGE_STYLE = {
    0: {"fill": "#FFFFFF", "opacity": 0.2, "css": "fm-oblast"},
    1: {"fill": "#F0E442", "opacity": 0.55, "css": "fm-oblast fm-planned"},
    2: {"fill": "#E69F00", "opacity": 0.9, "css": "fm-oblast fm-marked"},
}
OUTAGE_WORDS = {
    2: N_("named as without electricity"),
    1: N_("planned outages announced for the whole country"),
    0: N_("no outage reported (or Russian-held)"),
}
FLOW_STYLE = {  # by where a transfer starts; a claim that was denied is dashed
    "pyongyang": {"color": "#CC79A7", "label": N_("from North Korea")},
    None: {"color": "#009E73", "label": N_("from or to Iran")},
}
# DeepState's directions of attack: a dark red arrow on a white casing, darker than every control
# fill (and apart from them in greyscale), the casing keeping it off the dark 2014 fill and the land.
AXIS_STYLE = {"color": "#8B0A1A", "casing": "#FFFFFF"}
AXIS_WORDS = N_("direction of attack: DeepStateMap's assessment (its arrow, turned as it turned it)")

# Every layer's name, as the layer choice, the legend and the map's title say it. The situation
# maps offer the first six; a briefing slide may add the other pages' thematic layers.
LABELS = {
    "control": N_("Control areas"),
    "places": N_("Places"),
    "dnipro": N_("The Dnipro"),
    "routes": N_("Supply routes"),
    "events": N_("Events"),
    "axes": N_("Directions of attack (DeepState)"),
    "outages": N_("Power outages by oblast"),
    "flows": N_("Arms and cash from outside"),
}
# The words the data's own columns hold (events' category, places' and routes' kind), as the
# catalogue knows them: said with `_` where they are shown.
DATA_WORDS = (
    N_("fighting"),
    N_("withdrawal"),
    N_("invasion"),
    N_("politics"),
    N_("diplomacy"),
    N_("humanitarian"),
    N_("energy"),
    N_("aid"),
    N_("supply"),
    N_("bridge"),
    N_("city"),
    N_("crossing"),
    N_("dam"),
    N_("town"),
    N_("venue"),
    N_("rail"),
    N_("road"),
    # the rows' sides and the source's dataset (Explore's table and filters)
    N_("russia"),
    N_("ukraine"),
    N_("international"),
    N_("source events"),
    # figures' units (figures.csv), as `report.numbers` says them
    N_("aircraft"),
    N_("billion"),
    N_("million"),
    N_("drones"),
    N_("regions"),
    N_("years"),
    N_("°C"),
    N_("month"),
)
