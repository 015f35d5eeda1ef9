"""The explore page's Streamlit glue: filters bound to the URL, uploads kept per browser session."""

from __future__ import annotations

import dataclasses

import streamlit as st
from shapely import get_num_coordinates as positions

from frontmap import i18n, limits, safetext
from frontmap.app import downloads, session_rows, source, uploader, urlstate
from frontmap.data import daycounts, explore, lasso, problems, timeline, uploads
from frontmap.i18n import N_, _, msg

# Widget keys of the filters; the date range has the time bar and two exact inputs, kept in step.
# The lasso's shape (SHAPE) is no widget's: the map draws it.
RANGE, FIRST, LAST, CATS, PLACES, SIDES, TEXT, PAGE, SHAPE = (
    "ex_range",
    "ex_from",
    "ex_to",
    "ex_cat",
    "ex_place",
    "ex_side",
    "ex_q",
    "ex_page",
    "ex_shape",
)
PAGE_ROWS = 100  # a table page: the browser gets these rows, never all of them
FRONT_SNAPSHOT = "front_snapshot"  # /front's uploader of a DeepState snapshot
# What a file was read as, where it is a word (the others are formats' names, said as they are)
KINDS = {"refused": N_("refused"), "TimeMap sources": N_("TimeMap sources"), "DeepState snapshot": N_("DeepState snapshot")}


def upload_panel() -> None:
    """The uploader, each file loaded with its Remove button, and each file's problems by row."""
    uploader.file_uploader(
        _(
            "Files stay in this browser session only and are never saved. Limits: {mb} MB, "
            "{rows} rows ({features} GeoJSON features) and {columns} columns "
            "a file. GeoJSON, CSV (any common encoding, `,` `;` or tab), ACLED, GeoParquet, KML/KMZ, GeoPackage, "
            "a zipped Shapefile, TimeMap events (upload its sources file with it), gzipped or not."
        ).format(
            mb=limits.MAX_UPLOAD_BYTES // limits.MB,
            rows=i18n.number(limits.MAX_ROWS),
            features=i18n.number(limits.MAX_FEATURES),
            columns=i18n.number(limits.MAX_COLUMNS),
        ),
        ["geojson", "json", "csv", "tsv", "txt", "gz", "parquet", "kml", "kmz", "gpkg", "zip"],
        "upload_files",
        limits.MAX_UPLOAD_BYTES // limits.MB,
        accept_multiple_files=True,
        on_change=uploader_changed,
    )
    read_uploads()
    for upload in session_rows.uploads():
        text, remove = st.columns([5, 1])
        text.markdown(f"**{safetext.md(summary(upload))}**")
        if upload.guessed:
            guessed = _("Read as {kind}; guessed: {what}").format(kind=kind(upload), what="; ".join(map(i18n.say, upload.guessed)))
            text.caption(safetext.md(guessed))
        if upload.layers:
            text.selectbox(
                _("Layer of {name}").format(name=upload.name),
                upload.layers,
                key=f"layer_{upload.name}",
                on_change=reread,
                args=(upload.name,),
            )
        remove.button(_("Remove"), key=f"remove_{upload.name}", on_click=remove_upload, args=(upload.name,))
    for name, found in st.session_state.get("upload_problems", {}).items():
        if found:
            problems_panel(name, found, any(u.name == name for u in session_rows.uploads()))


def kind(upload: uploads.Upload) -> str:
    return _(KINDS.get(upload.kind, upload.kind))


def summary(upload: uploads.Upload) -> str:
    """An upload in a line, as `Upload.summary` says it (the CLI's), in the page's language."""
    return _("{name} ({kind}): {rows} rows loaded, {problems} problem(s)").format(
        name=upload.name, kind=kind(upload), rows=i18n.number(len(upload.rows)), problems=i18n.number(len(upload.problems))
    )


def problems_panel(name: str, found: list[str], loaded: bool) -> None:
    """A file's problems, one line a kind (its count and first rows); all of them on demand and as
    a download."""
    said = (
        i18n.ngettext("{name}: {n} problem; the good rows are loaded.", "{name}: {n} problems; the good rows are loaded.", len(found))
        if loaded
        else i18n.ngettext("{name}: {n} problem; nothing was loaded from it.", "{name}: {n} problems; nothing was loaded from it.", len(found))
    )
    st.warning(safetext.md(said.format(name=name, n=i18n.number(len(found)))))
    # (each problem is kept as its message and said here in the page's language, whenever it was made)
    grouped = problems.summary_lines(name, found)
    st.code("\n".join(grouped[:50]) + ("\n…" if len(grouped) > 50 else ""), language=None)
    if len(grouped) < len(found):
        with st.expander(_("All {n} problems of {name}").format(n=i18n.number(len(found)), name=name)):
            more = "\n… " + _("and {n} more in the download").format(n=i18n.number(len(found) - 200)) if len(found) > 200 else ""
            st.code("\n".join(problems.say_all(found[:200])) + more, language=None)
            downloads.button(  # (made when asked for: a file may have 100,000 problems to say)
                st, _("All problems as text"), lambda: "\n".join(problems.say_all(found)), file_name=f"{name}-problems.txt",
                mime="text/plain", key=f"problems_{name}",
            )


def add_upload(file, layer: str | None = None) -> uploads.Upload:
    """Read an uploaded file into this browser session (replacing one of the same name), within the
    session's limits: every map page of the session draws its uploads on each date step. The other
    files in the uploader go with it (a TimeMap events file takes its citations from its sources file)."""
    others = {  # only JSON can be a TimeMap sources file: the others are not copied
        f.name: f.getvalue() for f in uploader.held("upload_files") if f.name != file.name and f.name.lower().endswith(".json")
    }
    loaded = uploads.load(file.name, file.getvalue(), layer=layer, others=others)
    kept = [u for u in session_rows.uploads() if u.name != file.name]
    for too_many, limit, size in (
        (
            lambda adding, held: msg(
                "{file}: {adding} rows would take this session past its limit of {limit} uploaded rows ({held} held); remove a file first",
                file=file.name, adding=adding, limit=limits.MAX_SESSION_ROWS, held=held,
            ),
            limits.MAX_SESSION_ROWS,
            lambda u: len(u.rows),
        ),
        (
            lambda adding, held: msg(
                "{file}: {adding} coordinate positions of lines and polygons would take this session past its limit of {limit} "
                "uploaded coordinate positions of lines and polygons ({held} held); remove a file first",
                file=file.name, adding=adding, limit=limits.MAX_SESSION_POSITIONS, held=held,
            ),
            limits.MAX_SESSION_POSITIONS,
            lambda u: int(positions(u.rows.geometry[u.rows.geom_type != "Point"]).sum()),
        ),
    ):
        held, adding = sum(size(u) for u in kept), size(loaded)
        if held + adding > limit:
            loaded = uploads.Upload(file.name, "refused", uploads.empty_rows(), [too_many(adding, held)])
            break
    if not loaded.rows.empty:
        kept.append(loaded)
    st.session_state["uploads"] = kept
    st.session_state.setdefault("upload_problems", {})[file.name] = loaded.problems
    if loaded.kind == "TimeMap sources":  # events read before their sources came take them now
        for upload in [u for u in kept if u.kind == "TimeMap"]:
            reread(upload.name)
    return loaded


def reread(name: str) -> None:
    """Read a file in the uploader again: with the layer chosen for it, or with the files now beside it."""
    file = next((f for f in uploader.held("upload_files") if f.name == name), None)
    if file is not None:
        add_upload(file, st.session_state.get(f"layer_{name}"))


def remove_upload(name: str) -> None:
    """Forget an uploaded file: its rows leave the table and every map of this session."""
    st.session_state["uploads"] = [u for u in session_rows.uploads() if u.name != name]
    st.session_state.get("upload_problems", {}).pop(name, None)


def read_uploads(key: str = "upload_files") -> bool:
    """Read the files in the uploader `key` (Explore's, or /front's `FRONT_SNAPSHOT`) that this
    session has not read yet; True if one was read. A page calls it before its map, so that the map
    of the same run shows them (the widget itself comes later on the page)."""
    read = False
    for file in uploader.held(key):
        if st.session_state.get(f"_read_{file.file_id}"):
            continue
        st.session_state[f"_read_{file.file_id}"] = add_upload(file).summary
        read = True
    return read


def _front_snapshot_changed() -> None:
    """The snapshot taken out of /front's uploader (its x), or replaced there, leaves the session's uploads."""
    before = st.session_state.pop("_front_snapshot_name", None)
    now = next(iter(uploader.held(FRONT_SNAPSHOT)), None)
    if before is not None and (now is None or now.name != before):
        remove_upload(before)


def snapshot_uploader() -> None:
    """/front's own uploader, for a DeepState snapshot: read as on Explore and kept with this
    session's uploads (so it is drawn on every map page, and listed on Explore)."""
    uploader.file_uploader(
        _("A DeepState snapshot (GeoJSON: the archive's daily file or the current export)"),
        ["geojson", "json", "gz"],
        FRONT_SNAPSHOT,
        limits.MAX_UPLOAD_BYTES // limits.MB,
        on_change=_front_snapshot_changed,
    )
    file = next(iter(uploader.held(FRONT_SNAPSHOT)), None)
    if file is None:
        return
    read_uploads(FRONT_SNAPSHOT)  # a file chosen in this run
    st.session_state["_front_snapshot_name"] = file.name
    loaded = next((u for u in session_rows.uploads() if u.name == file.name), None)
    if loaded is not None and loaded.kind != "DeepState snapshot":
        said = _("{name} is not a DeepState snapshot: it was read as {kind} and is drawn as an upload.")
        st.warning(safetext.md(said.format(name=file.name, kind=kind(loaded))))
    found = st.session_state.get("upload_problems", {}).get(file.name)
    if found:
        problems_panel(file.name, found, loaded is not None)


def uploader_changed() -> None:
    """A file taken out of the uploader with its x is removed. The uploader is emptied when another
    page is shown, so only a change the user makes here (this callback) removes anything."""
    now = {f.name for f in uploader.held("upload_files")}
    for name in st.session_state.get("_uploader_names", set()) - now:
        remove_upload(name)
    st.session_state["_uploader_names"] = now


def _swap_if_reversed(values: dict, notes: list[str]) -> dict:
    if values["to"] < values["from"]:
        notes.append(_("to {last} is before from {first}: swapped.").format(last=values["to"], first=values["from"]))
        values["from"], values["to"] = values["to"], values["from"]
    return values


def _filters(values: dict) -> explore.Filters:
    return explore.Filters(
        values["from"], values["to"], values["cat"], values["place"], values["side"], values["q"], values["shape"]
    )


def _shape_key(text: str, span) -> tuple[str, str | None]:
    """`shape=`: the lasso's polygons as the app writes them (`lasso.parse`), or none and why."""
    if not text.strip():
        return "", None
    try:
        return lasso.parse(text.strip())[1], None
    except lasso.ShapeError as err:
        return "", _("shape: {why}; no shape filters the rows.").format(why=err)


SCHEMA = urlstate.Schema(
    "explore",
    (
        urlstate.day_key("from", lambda span: span.first, prefix="from: "),
        urlstate.day_key("to", lambda span: span.last, prefix="to: "),
        urlstate.list_key("cat"),
        urlstate.list_key("place"),
        urlstate.list_key("side"),
        urlstate.Key("q", lambda text, span: (text, None), lambda span: ""),
        urlstate.Key("shape", _shape_key, lambda span: ""),
    ),
    # the date range has the time bar and two exact inputs, kept in step
    to_widgets=lambda v: {
        RANGE: (v["from"], v["to"]),
        FIRST: v["from"],
        LAST: v["to"],
        CATS: list(v["cat"]),
        PLACES: list(v["place"]),
        SIDES: list(v["side"]),
        TEXT: v["q"],
        SHAPE: v["shape"],
    },
    from_widgets=lambda s: {
        "from": s[RANGE][0],
        "to": s[RANGE][1],
        "cat": tuple(s[CATS]),
        "place": tuple(s[PLACES]),
        "side": tuple(s[SIDES]),
        "q": s[TEXT],
        "shape": s.get(SHAPE, ""),
    },
    check=_swap_if_reversed,
)


def from_query(params, span=timeline.SHIPPED) -> tuple[explore.Filters, list[str]]:
    """Filters from the URL (`from`, `to`, `cat`, `place`, `side`, `q`, `shape`), with notes on bad values."""
    values, notes = SCHEMA.parse(params, span)
    return _filters(values), notes


def to_query(f: explore.Filters, span=timeline.SHIPPED) -> dict[str, str]:
    """The URL parameters of some filters; defaults left out."""
    values = {
        "from": f.first, "to": f.last, "cat": f.categories, "place": f.places, "side": f.sides, "q": f.text, "shape": f.shape
    }
    return SCHEMA.to_query(values, span)


def sync_in() -> list[str]:
    """Before the widgets: the link's filters on the page's first run in a session, then our own
    copy (widget values are dropped while another page is shown)."""
    return SCHEMA.sync_in(st.session_state, st.query_params, source.span())


def current() -> explore.Filters:
    return _filters(SCHEMA.from_widgets(st.session_state))


def sync_out() -> None:
    """After the widgets: the URL follows them (keeping other pages' parameters as they are)."""
    SCHEMA.sync_out(st.session_state, st.query_params, source.span())


def _exact_typed() -> None:
    first, last = st.session_state[FIRST], st.session_state[LAST]
    st.session_state[RANGE] = (min(first, last), max(first, last))


def _options(rows, columns: tuple[str, ...], key: str) -> list[str]:
    """A filter's choices: the values in the rows, and any the link chose that no row has (kept)."""
    found = {v for column in columns for v in session_rows.choices(rows, column)}
    return sorted(found | set(st.session_state[key]))


def set_range(first, last) -> None:
    """The range picked on the time bar."""
    st.session_state[RANGE] = (first, last)
    st.session_state[FIRST], st.session_state[LAST] = first, last


MAX_COUNTS_HELD = 32


def range_counts(rows, shown: explore.Filters) -> list[int]:
    """The rows of each day that match every filter but the dates: the time bar's bars."""
    span = source.span()
    undated = dataclasses.replace(shown, first=span.first, last=span.last)
    held = session_rows.made("range counts", (rows,), dict)  # per set of rows: the filters' counts
    key = repr(undated)
    if key not in held:
        if len(held) >= MAX_COUNTS_HELD:  # a session that tries many filters keeps the latest
            held.pop(next(iter(held)))
        held[key] = daycounts.per_day([rows["date"][matching(rows, undated)]], span)
    return held[key]


def matching(rows, shown: explore.Filters, dates: bool = True):
    """Which rows pass the filters (`explore.matches`; `dates=False`: all but the dates), the shape's
    test made once per shape and rows."""
    return explore.matches(rows, shown, inside=inside_shape(rows, shown.shape) if shown.shape else None, dates=dates)


def inside_shape(rows, text: str):
    """Which rows are inside the shape of `text`: the rows' points found once per set of rows, and
    the last shape's answer kept (a range move or another filter does not test them again)."""
    points = session_rows.made("row points", (rows,), lambda: lasso.row_points(rows))
    held = session_rows.made("lasso", (rows,), dict)
    if held.get("text") != text:
        shape, _ = lasso.parse(text)
        held.update(text=text, inside=lasso.inside(points, shape))
    return held["inside"]


def shape_rings(text: str) -> list:
    """The shape's polygons for the map to draw (none without one)."""
    return lasso.rings_of(lasso.parse(text)[0]) if text else []


def read_drawing(value: dict | None) -> str | None:
    """A shape drawn on the map (sent once, as `all_drawings`: {"lasso": polygons, "n": when}) becomes
    the shape filtering the rows; an empty one clears it. What is wrong with a refused one."""
    drawing = (value or {}).get("all_drawings")
    if not isinstance(drawing, dict) or drawing == st.session_state.get("_lasso_seen"):
        return None  # (streamlit-folium's own clicks set it to a list: not ours)
    st.session_state["_lasso_seen"] = drawing
    polygons = drawing.get("lasso")
    if polygons == []:
        st.session_state[SHAPE] = ""
        return None
    try:
        st.session_state[SHAPE] = lasso.encode(lasso.from_drawing(polygons))
    except lasso.ShapeError as err:
        return _("The shape drawn was not used: {why}.").format(why=err)
    return None


def drawing_read() -> object:
    """The last drawing the page has read (the map drops what it drew while it waited)."""
    n = (st.session_state.get("_lasso_seen") or {}).get("n")
    return n if isinstance(n, (int, float)) and not isinstance(n, bool) and abs(n) < 1e16 else None


def clear_shape() -> None:
    st.session_state[SHAPE] = ""


def filter_widgets(rows) -> None:
    """The filters, each bound to its URL parameter (the range's bar is the shell's, over the map)."""
    span = source.span()
    a, b = st.columns(2)
    bounds = {"min_value": span.first, "max_value": span.last, "format": "YYYY-MM-DD"}
    a.date_input(_("From"), key=FIRST, on_change=_exact_typed, **bounds)
    b.date_input(_("To"), key=LAST, on_change=_exact_typed, **bounds)
    c, d, e = st.columns(3)
    anything = _("Choose options")  # (Streamlit's own placeholder is English)
    # (a value is kept as the data has it, in the link too; the app's own words are said in the page's language)
    c.multiselect(_("Category"), _options(rows, ("category",), CATS), key=CATS, placeholder=anything, format_func=_)
    d.multiselect(_("Place or oblast"), _options(rows, ("place", "oblast"), PLACES), key=PLACES, placeholder=anything)
    e.multiselect(_("Side"), _options(rows, ("side",), SIDES), key=SIDES, placeholder=anything, format_func=_)
    st.text_input(_("Search titles, notes and places"), key=TEXT, placeholder=_("e.g. bridge"))


def clicked_tooltip(clicks: dict | None) -> str | None:
    """The tooltip of the last object clicked, until a click on the empty map (or the button) clears it.

    st_folium counts object clicks; a map click changes `last_clicked` without the count."""
    if not clicks:
        return st.session_state.get("_picked")
    count, where = clicks.get("last_object_clicked_count"), clicks.get("last_clicked")
    seen_count, seen_where = st.session_state.get("_click_seen", (None, None))
    if count != seen_count and count:
        st.session_state["_picked"] = clicks.get("last_object_clicked_tooltip")
    elif where != seen_where and where is not None:
        st.session_state["_picked"] = None
    st.session_state["_click_seen"] = (count, where)
    return st.session_state.get("_picked")


def clear_click() -> None:
    st.session_state["_picked"] = None


def table_page(count: int, chosen) -> tuple[int, int]:
    """The page of the table to show, as (start, stop) among the `count` chosen rows: back to the
    first page when they change (a filter, a selection)."""
    pages = max(1, -(-count // PAGE_ROWS))
    marker = (count, hash(chosen.tobytes()))
    if st.session_state.get("_page_for") != marker or st.session_state.get(PAGE, 1) > pages:
        st.session_state[PAGE] = 1
        st.session_state["_page_for"] = marker
    if pages > 1:
        a, b = st.columns([1, 4], vertical_alignment="bottom")
        a.number_input(_("Page (of {n})").format(n=i18n.number(pages)), min_value=1, max_value=pages, step=1, key=PAGE)
        start = (st.session_state[PAGE] - 1) * PAGE_ROWS
        b.caption(
            _("Rows {first}–{last} of {count}, in date order.").format(
                first=i18n.number(start + 1), last=i18n.number(min(start + PAGE_ROWS, count)), count=i18n.number(count)
            )
        )
    start = (st.session_state.get(PAGE, 1) - 1) * PAGE_ROWS
    return start, min(start + PAGE_ROWS, count)
