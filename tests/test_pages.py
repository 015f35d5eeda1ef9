"""Every page, as a viewer opens it: no exception, the date from the URL, the figures and their sources."""

import datetime as dt

import pytest
from apptest import map_scripts, open_page, text_of

# Every test here runs on the shipped data folder and on a PostGIS store holding it (conftest.py).
pytestmark = pytest.mark.usefixtures("page_source")


PAGES = [
    "views/overview.py",
    "views/front.py",
    "views/humanitarian.py",
    "views/energy.py",
    "views/aid.py",
    "views/supply.py",
    "views/sources.py",
]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("as_of", ["2022-02-24", "2022-03-15", "2022-11-09", "2022-11-12", "2022-11-30"])
def test_every_page_runs_on_every_kind_of_day(page, as_of):
    at = open_page(page, as_of=as_of)
    assert at.slider(key="as_of").value == dt.date.fromisoformat(as_of)
    assert at.query_params["as_of"] == [as_of] or at.query_params["as_of"] == as_of


def test_the_day_stays_across_page_switches_both_ways():
    """/front writes the sidebar's date from its fragment (shell.dated), the other pages from
    app.py: it is the same widget, and its day stays as the viewer moves between them."""
    at = open_page("views/front.py", as_of="2022-03-15")
    at.slider(key="as_of").set_value(dt.date(2022, 10, 2)).run()
    for page in ("views/overview.py", "views/front.py", "views/supply.py", "views/front.py"):
        at.switch_page(page).run()
        assert at.slider(key="as_of").value == dt.date(2022, 10, 2), page
        assert at.query_params["as_of"] in (["2022-10-02"], "2022-10-02"), page


@pytest.mark.parametrize(("value", "why"), [("not-a-date", "not a date"), ("2023-06-01", "outside")])
def test_bad_as_of_gives_a_note_and_the_default(value, why):
    at = open_page("views/overview.py", as_of=value)
    assert at.slider(key="as_of").value == dt.date(2022, 11, 10)
    assert any(why in i.value for i in at.info)


def test_overview_headlines_carry_source_and_date():
    at = open_page(None, as_of="2022-11-12")
    assert at.title[0].value == "Ukraine as of 12 November 2022"
    metrics = {m.label: m.value for m in at.metric}
    # IOM's dated survey outranks the article's 6.9 million, which has no date of its own
    assert metrics["Displaced within Ukraine"] == "6.54 million"
    assert metrics["Without electricity"] == "4 million"
    assert metrics["Children deported or displaced"] == "10,500"
    assert metrics["EU package proposed for 2023"] == "€18 billion"
    captions = [c.value for c in at.caption]
    assert any(c.startswith("As of 2022-10-27 · IOM") for c in captions)
    assert any("As of 2022-11-09 · European Commission" in c for c in captions)
    # the week up to the 12th: the withdrawal order, Snihurivka, the bridges
    labels = text_of(at)
    assert "Shoigu orders" in labels and "Snihurivka liberated" in labels and "Antonivskyi" in labels


def test_slider_changes_the_page_and_the_url():
    at = open_page(None, as_of="2022-11-12")
    at.slider(key="as_of").set_value(dt.date(2022, 10, 1)).run()
    assert at.title[0].value == "Ukraine as of 01 October 2022"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Displaced within Ukraine"] == "6.975 million"  # IOM's round 8, of 23 August
    assert metrics["EU package proposed for 2023"] == "—"
    assert at.query_params["as_of"] in ("2022-10-01", ["2022-10-01"])


def test_day_buttons_step_the_date():
    at = open_page(None, as_of="2022-11-09")
    at.button[1].click().run()
    assert at.slider(key="as_of").value == dt.date(2022, 11, 10)
    at.button[0].click().run()
    at.button[0].click().run()
    assert at.slider(key="as_of").value == dt.date(2022, 11, 8)


def test_front_map_layers_and_header():
    at = open_page("views/front.py", as_of="2022-08-01")
    at.slider(key="as_of").set_value(dt.date(2022, 11, 9)).run()  # (the time bar's key days: Chromium)
    assert "front line of 09 Nov 2022" in text_of(at)
    fmap = map_scripts(at)[0]
    assert all(link.startswith("/app/static/") for link in fmap["js_links"] + fmap["css_links"])
    for layer in ("fm-occupied_2022", "fm-route", "fm-event", "data-place", "fm-dnipro"):
        assert layer in fmap["feature_group"]
    # What a rerun sends names the outlines' and layers' files; it does not carry them.
    assert len(at.get("component_instance")[0].proto.json_args) < 20_000


def test_front_draws_deepstates_directions_of_attack_by_default():
    at = open_page("views/front.py", as_of="2022-09-01")
    assert "axes" in at.multiselect(key="layers").value
    drawn = map_scripts(at)[0]["feature_group"]
    assert drawn.count("class='fm-axis'") == 27 and "Direction of attack, as DeepStateMap marked it on 2022-09-01" in drawn
    said = text_of(at)
    assert "Directions of attack as DeepStateMap marked them on 2022-09-01 (its assessment): 27 arrows pointing" in said
    assert "direction of attack: DeepStateMap\\u0026#x27;s assessment" in drawn  # the legend, on the map (escaped)


def test_front_before_the_first_front_line_says_so_and_draws_what_is_known():
    at = open_page("views/front.py", as_of="2022-03-01")
    said = "No front-line data exists before 3 April 2022. Drawn: Crimea and the areas held since 2014"
    script = map_scripts(at)[0]["feature_group"]
    assert said in script  # the notice over the map (the text under it says it too)
    assert "fm-crimea" in script and "fm-occupied_2014" in script
    assert "fm-occupied_2022" not in script and "fm-grey_zone" not in script


def test_layer_choice_is_in_the_url_and_on_the_map():
    at = open_page("views/front.py", as_of="2022-11-12", layers="control,places")
    assert at.multiselect(key="layers").value == ["control", "places"]
    fmap = map_scripts(at)[0]
    assert "fm-occupied_2022" in fmap["feature_group"] and "fm-event" not in fmap["feature_group"]
    at.multiselect(key="layers").select("events").run()
    assert at.query_params["layers"] in ("control,places,events", ["control,places,events"])


def test_a_page_without_a_map_hides_the_map_controls_and_keeps_their_choice():
    at = open_page("views/aid.py", as_of="2022-11-12", layers="control,places", basemap="offline")
    assert not at.multiselect and not at.sidebar.radio
    assert "No map on this page uses the map layer or basemap choice" in text_of(at)
    assert at.query_params["layers"] in ("control,places", ["control,places"])
    at.switch_page("views/front.py").run()  # the choice the link made still rules the map
    assert at.multiselect(key="layers").value == ["control", "places"] and at.radio(key="basemap").value == "offline"
    explore = open_page("views/explore.py", basemap="offline")
    assert not explore.sidebar.multiselect and explore.radio(key="basemap").value == "offline"
    assert "No map on this page uses the map layer choice" in text_of(explore)


def test_humanitarian_children_and_refugees():
    text = text_of(open_page("views/humanitarian.py", as_of="2022-11-20"))
    assert "Deported or forcibly displaced: 10,500" in text and "Sent back to Ukraine: 96" in text
    assert "96 of 10,500" in text and "0.9%" in text
    assert "Transferred in July 2022 alone: 1,800" in text
    # one card per source and method: UNHCR's portal series, IOM's survey beside the article's undated figure
    assert "UNHCR data portal: 7.84136 million" in text  # 15 November
    assert "IOM General Population Survey: 6.54 million" in text
    assert "source article, no date of its own: 6.9 million" in text
    assert "Date unknown; reported 2022-11-10" in text
    assert "as people went home" not in text and "Bali" not in text and "Indonesia" in text


def test_energy_power_figures_and_unnamed_regions():
    text = text_of(open_page("views/energy.py", as_of="2022-11-10"))
    assert "People without electricity: 4 million" in text
    assert "Regions without electricity, besides Kyiv: 14 regions" in text
    assert "did not name them" in text and "Ukrenergo" in text
    oblasts = map_scripts(open_page("views/energy.py", as_of="2022-11-10"))[0]["feature_group"]
    assert oblasts.count("fm-marked") >= 1 and "fm-planned" in oblasts  # Kyiv named; the country planned
    before = map_scripts(open_page("views/energy.py", as_of="2022-10-01"))[0]["feature_group"]
    assert "fm-marked" not in before and "fm-planned" not in before


def test_aid_month_by_month_against_need():
    text = text_of(open_page("views/aid.py", as_of="2022-11-10"))
    assert "EU package proposed for 2023: €18 billion" in text
    assert "Paid each month: €1.5 billion" in text and "Loans repaid over up to: 35 years" in text
    assert "IMF estimate of need in 2023, low end (per month): €3 billion" in text
    assert "IMF estimate of need in 2023, high end (per month): €4 billion" in text
    assert "€1.5–2.5" not in text  # a gap derived on the page is no figure of any source
    assert "Brussels wants Washington and other major donors to contribute like the EU" in text  # a data row
    assert (
        "Given so far in 2022: €4.2 billion" in text and "More by the end of November: €2.5 billion" in text
    )
    early = text_of(open_page("views/aid.py", as_of="2022-10-01"))
    assert "No EU package or IMF estimate is dated on or before 2022-10-01" in early


def test_supply_crossings_and_arms():
    at = open_page("views/supply.py", as_of="2022-11-12")
    text = text_of(at)
    assert "Cash Russia sent to Iran: €140 million" in text and "Shahed-136: 100 drones" in text
    assert "Javelin" in text and "military uniforms" not in text  # an order in production is no shipment
    routes = at.dataframe[0].value
    assert "destroyed" in set(routes["status"])
    assert routes["url"].str.startswith("https://").all()  # each dated status links its document
    assert len(map_scripts(at)) == 2
    # no transfer names both ends: each is ringed at the end it names, with its source in the popup
    flows = map_scripts(at)[1]["feature_group"]
    assert "fm-flow-tehran" in flows and "fm-flow-pyongyang" in flows


def test_sources_lists_quotes_and_no_problems():
    at = open_page("views/sources.py")
    assert "passed validation" in text_of(at)
    figures = at.dataframe[2].value
    assert figures["quote"].str.contains("6.9 million").any()
    sources = at.dataframe[1].value
    assert sources["source"].str.contains("UNHCR").any()


def test_bad_data_is_reported_and_the_rest_served(data_copy, monkeypatch):
    path = data_copy / "figures.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",6900000,", ",about seven million,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.delenv("FRONTMAP_DATABASE_URL", raising=False)  # the store's own: test_store_pages.py
    monkeypatch.setenv("FRONTMAP_DATA", str(data_copy))
    at = open_page(None, as_of="2022-11-12")
    assert any("1 data problem(s)" in w.value for w in at.sidebar.warning)
    assert {m.label: m.value for m in at.metric}[
        "Displaced within Ukraine"
    ] == "6.54 million"  # IOM's, still good
    sources = open_page("views/sources.py")
    assert "figures.csv:2: value:" in text_of(sources) or any(
        "figures.csv:2: value:" in c.value for c in sources.code
    )


def test_front_says_what_changed_in_the_last_seven_days():
    text = text_of(open_page("views/front.py", as_of="2022-11-12"))
    assert "In the 7 days to 12 Nov:" in text and "ceased to be Russian-held (Kherson Oblast" in text
    assert "DeepStateMap's lines of 2022-11-05 and 2022-11-12" in text
    early = text_of(open_page("views/front.py", as_of="2022-04-05"))
    assert "no front line to compare (the first is of 2022-04-03)" in early


def test_front_compares_two_dates_on_the_map_and_in_the_link(situation):
    from frontmap.data import measure

    at = open_page("views/front.py", as_of="2022-11-12", since="2022-11-09")
    assert at.selectbox(key="since").value == dt.date(2022, 11, 9)
    text = text_of(at)
    change = measure.changed_hands(situation.control_areas, situation.oblasts, dt.date(2022, 11, 9), dt.date(2022, 11, 12))
    kherson = change.by_oblast.set_index("oblast").loc["Kherson Oblast", "to_ukraine_km2"]
    assert f"**From 09 Nov to 12 Nov:** {change.to_ukraine_km2:,.0f} km² ceased to be Russian-held (Kherson Oblast {kherson:,.0f}" in text
    fmap = map_scripts(at)[0]["feature_group"]
    assert "fm-lost" in fmap and "fm-gained" in fmap and "fm-ghost" in fmap
    assert "land that ceased to be Russian-held" in fmap and "the earlier front line" in fmap  # its legend
    at.selectbox(key="since").select(dt.date(2022, 11, 5)).run()  # "7 days before"
    assert at.query_params["since"] in ("2022-11-05", ["2022-11-05"])
    at.selectbox(key="since").select(None).run()
    assert "since" not in at.query_params and "fm-lost" not in map_scripts(at)[0]["feature_group"]


def test_a_comparison_date_after_the_day_is_ignored():
    at = open_page("views/front.py", as_of="2022-11-05", since="2022-11-20")
    assert at.selectbox(key="since").value is None and "In the 7 days to 05 Nov" in text_of(at)


def test_the_digest_names_what_changed_each_with_its_source():
    text = text_of(open_page("views/front.py", as_of="2022-11-12", since="2022-11-05"))
    assert "What changed from 05 Nov to 12 Nov" in text
    assert "Kherson ceased to be Russian-held" in text and "Snihurivka ceased to be Russian-held" in text
    assert "Antonivskyi road bridge" in text and "damaged → destroyed" in text and "euromaidanpress.com" in text
    assert "Kherson Oblast: 3,530 km² ceased to be Russian-held" in text


def test_front_charts_the_area_held_over_time_on_demand():
    at = open_page("views/front.py", as_of="2022-11-12")
    assert not at.get("vega_lite_chart")
    at.toggle(key="held_chart").set_value(True).run()
    assert len(at.get("vega_lite_chart")) == 1 and "equal-area projection" in text_of(at)
    at.selectbox(key="held_in").select("Kherson Oblast").run()
    assert len(at.get("vega_lite_chart")) == 1


def test_the_front_map_plays_over_the_compared_range():
    at = open_page("views/front.py", as_of="2022-11-12", since="2022-11-09")
    assert at.session_state["front_frame"] == 3  # 09 -> 12 Nov: the range opens on its last day
    at.toggle(key="front_loop").set_value(True)
    at.toggle(key="front_frame_playing").set_value(True).run()  # each run of the player is a day on
    assert at.session_state["front_frame"] == 0  # from the last day, a loop starts again at the first
    assert "The map shows 09 November 2022; the rest of the page is as of 12 November 2022." in text_of(at)
    assert "fm-snap-2022-11-09" in map_scripts(at)[0]["feature_group"]
    at.run()
    assert at.session_state["front_frame"] == 1 and "fm-snap-2022-11-10" in map_scripts(at)[0]["feature_group"]
    at.toggle(key="front_loop").set_value(False).run()
    at.run()  # the last day: without a loop, playing stops there
    at.run()
    assert at.session_state["front_frame"] == 3 and at.toggle(key="front_frame_playing").value is False
    at.toggle(key="front_frame_playing").set_value(True).run()  # Play at the end starts from the first day
    assert at.session_state["front_frame"] == 0
