// The time bar under a map (app/timebar.py): the span's days, a bar a day counting its dated rows,
// the key days marked, the shown day (or range) highlighted. A click or a drag picks a day, the
// arrow keys step one (PageUp/PageDown a week, Home/End the ends); in range mode two handles move
// the range's ends. The map draws each day at once (fm.days); Python hears of a lone step at once,
// of a drag at release and of repeated keys 350 ms after the last, never a run per day crossed.
// Every text is set as text: the labels come from Python.
export default function (component) {
  const { data, setTriggerValue, parentElement } = component;
  const DAY = 86400000;
  const counts = data.counts ? data.counts.split(",").map(Number) : [];  // (sent as one string: the fewest bytes a run)
  const first = Date.parse(data.first), n = counts.length;
  const iso = (i) => new Date(first + i * DAY).toISOString().slice(0, 10);
  const index = (day) => Math.round((Date.parse(day) - first) / DAY);
  const clamp = (i) => Math.max(0, Math.min(n - 1, i));
  // Dates in the page's language (data.locale); the words and their plural forms come from Python.
  const dayMonth = (i) => new Date(first + i * DAY).toLocaleDateString(data.locale, { day: "numeric", month: "short", timeZone: "UTC" });
  const label = (i) => `${dayMonth(i)} ${new Date(first + i * DAY).getUTCFullYear()}`;
  const plural = new Intl.PluralRules(data.locale);
  const rows = (k) => `${k} ${data.units[plural.select(k)] || data.units.other}`;
  const say = (text, values) => text.replace(/\{(\w+)\}/g, (_, k) => values[k]);
  const range = data.mode === "range";

  let root = parentElement.querySelector(".fm-timebar");
  if (!root) {
    root = document.createElement("div");
    root.className = "fm-timebar";
    root.innerHTML =
      '<div class="fm-tb-top"><span class="fm-tb-keys"></span><span class="fm-tb-now" aria-live="polite"></span></div>' +
      '<div class="fm-tb-strip"><svg class="fm-tb-bars" preserveAspectRatio="none" aria-hidden="true"></svg>' +
      '<div class="fm-tb-band"></div><div class="fm-tb-cursor"></div>' +
      '<div class="fm-tb-handle fm-tb-a" tabindex="0" role="slider"></div><div class="fm-tb-handle fm-tb-b" tabindex="0" role="slider"></div></div>' +
      '<div class="fm-tb-months" aria-hidden="true"></div>';
    parentElement.appendChild(root);
  }
  const strip = root.querySelector(".fm-tb-strip"), svg = root.querySelector(".fm-tb-bars");
  const [handleA, handleB] = [root.querySelector(".fm-tb-a"), root.querySelector(".fm-tb-b")];
  root.classList.toggle("fm-tb-range", range);
  root.dataset.first = data.first;
  root.dataset.days = String(n);

  // The bars: one rect a day with rows, height by count (the largest day fills the strip).
  const top = Math.max(1, ...counts);
  svg.setAttribute("viewBox", `0 0 ${n} 100`);
  const ns = "http://www.w3.org/2000/svg";
  svg.replaceChildren(...counts.flatMap((c, i) => {
    const marks = [];
    if (data.keys.some(([d]) => index(d) === i)) {
      const key = document.createElementNS(ns, "rect");
      Object.entries({ x: i, y: 0, width: 1, height: 100, class: "fm-tb-key" }).forEach(([k, v]) => key.setAttribute(k, v));
      marks.push(key);
    }
    if (c > 0) {
      const bar = document.createElementNS(ns, "rect");
      const h = 8 + 92 * c / top;
      Object.entries({ x: i + 0.1, y: 100 - h, width: 0.8, height: h, class: "fm-tb-bar", "data-day": iso(i), "data-count": c })
        .forEach(([k, v]) => bar.setAttribute(k, v));
      marks.push(bar);
    }
    return marks;
  }));

  // Month names under the strip, at each month's first day.
  const months = root.querySelector(".fm-tb-months");
  // (the span's first day is named only when its month has room before the next)
  months.replaceChildren(...Array.from({ length: n }, (_, i) => i).filter((i) => new Date(first + i * DAY).getUTCDate() === 1 || (i === 0 && new Date(first).getUTCDate() < 20))
    .map((i) => {
      const m = document.createElement("span");
      m.style.left = `${(100 * i) / n}%`;
      m.textContent = new Date(first + i * DAY).toLocaleDateString(data.locale, { month: "short", timeZone: "UTC" });
      return m;
    }));

  // The key days: named buttons (the strip marks them too).
  const keys = root.querySelector(".fm-tb-keys");
  keys.replaceChildren(...data.keys.map(([day, name]) => {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "fm-tb-keyday";
    b.dataset.day = day;
    const what = document.createElement("span"), when = document.createElement("span");
    what.className = "fm-tb-name";
    what.textContent = `${name} · `;
    when.textContent = dayMonth(index(day));
    b.append(what, when);
    b.title = say(data.words.go, { day: label(index(day)), name });
    b.onclick = () => pick(index(day), true);
    return b;
  }));

  // What is shown: a day, or a range [a, b]; `cursor`, the map's own day while it plays.
  let value = range ? data.value.map(index) : [index(data.value), index(data.value)];
  let timer = null, dragging = false;
  const place = () => {
    const [a, b] = value, pct = (i) => `${(100 * i) / n}%`;
    root.querySelector(".fm-tb-band").style.cssText = `left:${pct(a)};width:${(100 * (b - a + 1)) / n}%`;
    const band = data.band ? data.band.map(index) : null;
    const cursor = data.cursor ? index(data.cursor) : null;
    root.querySelector(".fm-tb-cursor").style.cssText = cursor === null ? "display:none" : `left:${pct(cursor)};width:${100 / n}%`;
    if (band) root.querySelector(".fm-tb-band").style.cssText = `left:${pct(band[0])};width:${(100 * (band[1] - band[0] + 1)) / n}%`;
    handleA.style.left = pct(a + 0.5);
    handleB.style.left = pct(b + 0.5);
    const count = (i) => counts[i];
    const words = (i) => `${label(i)}: ${rows(count(i))}`;
    root.querySelector(".fm-tb-now").textContent = range ? `${label(a)} → ${label(b)}` : words(a);
    for (const [h, i, what] of [[handleA, a, range ? data.words.from : data.name], [handleB, b, data.words.to]]) {
      h.setAttribute("aria-label", what);
      h.setAttribute("aria-valuemin", "0");
      h.setAttribute("aria-valuemax", String(n - 1));
      h.setAttribute("aria-valuenow", String(i));
      h.setAttribute("aria-valuetext", words(i));
      h.dataset.day = iso(i);
    }
    root.dataset.value = range ? `${iso(a)},${iso(b)}` : iso(a);
    keys.querySelectorAll("button").forEach((k) => k.setAttribute("aria-pressed", String(!range && k.dataset.day === iso(a))));
  };
  // The page's map draws the day (fm.days) or the range (fm.range) at once, before the server's
  // run (frontmap-leaflet.js).
  const showOnMap = (i) => {
    const frame = document.querySelector(".st-key-fm_shell_map iframe");
    try {
      const fm = frame && frame.contentWindow.fm;
      if (range && fm && fm.range) fm.range(iso(value[0]), iso(value[1]));
      else if (!range && fm && fm.days) fm.days.show(iso(i));
    } catch (err) { /* not drawn yet */ }
  };
  // A lone step goes at once; while keys repeat the rest wait for a pause, and a drag waits for its
  // release (the map draws each day meanwhile), so that the server runs once for the day the hand
  // stops on.
  let sent = null, quietSince = 0;
  const send = (now) => {
    clearTimeout(timer);
    const out = range ? [iso(value[0]), iso(value[1])] : iso(value[0]);
    const go = () => { if (JSON.stringify(out) !== sent) { sent = JSON.stringify(out); setTriggerValue("pick", out); } };
    if (now) return go();
    if (dragging) return;  // a drag asks once, when it is let go, however long the hand rests
    const idle = performance.now() - quietSince > 350;
    quietSince = performance.now();
    if (idle) go(); else timer = setTimeout(() => { quietSince = 0; go(); }, 350);
  };
  // `which`: the handle that moves (0 the first, 1 the second); a single day moves both.
  const pick = (i, now, which) => {
    i = clamp(i);
    if (!range) { value = [i, i]; showOnMap(i); }
    else {
      value = which === 0 ? [Math.min(i, value[1]), value[1]] : [value[0], Math.max(i, value[0])];
      showOnMap();
    }
    place();
    send(now);
  };
  const dayAt = (x) => {
    const box = strip.getBoundingClientRect();
    return clamp(Math.floor(((x - box.left) / box.width) * n));
  };
  strip.onpointerdown = (e) => {
    e.preventDefault();
    const i = dayAt(e.clientX);
    const which = range ? (Math.abs(i - value[0]) <= Math.abs(i - value[1]) && !(i > value[1]) ? 0 : 1) : 0;
    (which ? handleB : handleA).focus({ preventScroll: true });
    dragging = true;
    pick(i, false, which);
    strip.setPointerCapture(e.pointerId);
    strip.onpointermove = (m) => pick(dayAt(m.clientX), false, which);
    strip.onpointerup = strip.onpointercancel = () => {
      strip.onpointermove = strip.onpointerup = strip.onpointercancel = null;
      dragging = false;
      send(true);
    };
  };
  strip.onmousemove = (e) => { strip.title = (() => { const i = dayAt(e.clientX); return `${label(i)}: ${rows(counts[i])}`; })(); };
  const keydown = (which) => (e) => {
    const steps = { ArrowLeft: -1, ArrowRight: 1, ArrowDown: -1, ArrowUp: 1, PageDown: -7, PageUp: 7 };
    const at = value[which];
    let to = null;
    if (e.key in steps) to = at + steps[e.key];
    else if (e.key === "Home") to = 0;
    else if (e.key === "End") to = n - 1;
    if (to === null || e.ctrlKey || e.metaKey || e.altKey) return;
    e.preventDefault();
    pick(to, false, which);
  };
  handleA.onkeydown = keydown(0);
  handleB.onkeydown = keydown(1);
  // The map's frame steps the day with its arrow keys (frontmap-leaflet.js): the page's day bar.
  if (!range) window.__fmTimeBar = {
    step: (days) => pick(value[0] + days, false, 0),
    show: (days) => { value = [clamp(value[0] + days), clamp(value[0] + days)]; place(); showOnMap(value[0]); },
    day: () => iso(value[0]),
  };
  // The sidebar's day buttons draw their day on the map at once too; their click goes on to the server.
  if (!range && !window.__fmDayButtons) {
    window.__fmDayButtons = true;
    document.addEventListener("click", (e) => {
      const button = e.target.closest && e.target.closest(".st-key-day_before button, .st-key-day_after button");
      if (button && window.__fmTimeBar) {
        const bar = window.__fmTimeBar, step = button.closest(".st-key-day_after") ? 1 : -1;
        bar.show(step);
      }
    }, true);
  }
  place();
  return () => { clearTimeout(timer); if (!range && window.__fmTimeBar) delete window.__fmTimeBar; };
}
