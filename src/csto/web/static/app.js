// The dashboard's script: move the date (slider, play button, a click on the time charts), ask the
// API for that date, recolour the map and refresh the panel, the charts' marker, the address, the
// title, the JSON and download links and the citation. Without JavaScript the form beside the
// slider reloads the page instead, and the page it loads is the same.
(function () {
  const slider = document.getElementById("date-slider");
  if (!slider) return;
  const out = document.getElementById("date-output");
  const playButton = document.getElementById("play-button");
  const DAY = 86400000;
  const start = new Date(slider.dataset.start + "T00:00:00Z");
  const toDate = (days) => new Date(start.getTime() + days * DAY).toISOString().slice(0, 10);
  const toDays = (day) => Math.round((Date.parse(day + "T00:00:00Z") - start.getTime()) / DAY);
  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
  const data = document.getElementById("iso3-data");
  const iso3 = data ? JSON.parse(data.textContent) : {};
  let pending = null;
  let asked = 0; // the latest request: an older answer arriving late is dropped
  let playing = false;
  let timer = null;

  function withParam(href, name, value) {
    const url = new URL(href, location.origin);
    url.searchParams.set(name, value);
    return url.pathname + url.search;
  }

  function moveMarkers(day) {
    const t = Date.parse(day + "T00:00:00Z");
    document.querySelectorAll("svg.time-chart").forEach((svg) => {
      const s = Date.parse(svg.dataset.start + "T00:00:00Z");
      const span = (Date.parse(svg.dataset.end + "T00:00:00Z") - s) / DAY + 1;
      const x0 = Number(svg.dataset.x0), x1 = Number(svg.dataset.x1);
      const offset = Math.min(Math.max((t - s) / DAY, 0), span);
      const x = (x0 + (x1 - x0) * offset / span).toFixed(2);
      const line = svg.querySelector("line.time-marker");
      if (!line) return;
      line.setAttribute("x1", x);
      line.setAttribute("x2", x);
      line.dataset.day = day;
      const title = line.querySelector("title");
      if (title) title.textContent = "Selected date: " + day;
    });
  }

  // Each country's name, from the tooltip the server drew ("Name" or "Name: status").
  const names = new Map();
  document.querySelectorAll("svg.map path[data-iso3]").forEach((p) => {
    const title = p.querySelector("title");
    const status = p.getAttribute("class");
    let text = title ? title.textContent : p.dataset.iso3;
    if (status && text.endsWith(": " + status)) text = text.slice(0, -(status.length + 2));
    names.set(p, text);
  });

  function paintMap(members) {
    document.querySelectorAll("svg.map path[data-iso3]").forEach((p) => {
      p.setAttribute("class", "");
      const title = p.querySelector("title");
      if (title) title.textContent = names.get(p);
    });
    for (const m of members) {
      const iso = iso3[m.state.id];
      const path = iso && document.querySelector('svg.map path[data-iso3="' + iso + '"]');
      if (!path) continue;
      path.setAttribute("class", m.status);
      const title = path.querySelector("title");
      if (title) title.textContent = (names.get(path) || m.state.name) + ": " + m.status;
    }
  }

  function recentRows(events, day, checked) {
    return events.map((e) => {
      const stale = e.status === "planned" && checked && e.date.length >= 4 && e.date > checked && e.date.slice(0, 10) <= day;
      return "<tr><td>" + esc(e.date) + '</td><td><span class="pill">' + esc(e.type) + "</span>" +
        (e.status !== "occurred" ? ' <span class="pill">' + esc(e.status) + "</span>" : "") +
        '</td><td><a href="/timeline?from=' + esc(e.date) + "&amp;to=" + esc(e.date) + '">' + esc(e.title) + "</a>" +
        (stale ? ' <span class="stale">the record ends on ' + esc(checked) + ", before this date: whether it took place is not recorded</span>" : "") +
        "</td></tr>";
    }).join("");
  }

  async function refreshCitation(day) {
    const link = document.getElementById("download-cite");
    if (!link) return;
    const response = await fetch(link.getAttribute("href"));
    if (!response.ok || document.body.dataset.asOf !== day) return;
    const cite = await response.json();
    document.getElementById("cite-text").textContent = cite.text;
    document.getElementById("cite-bibtex").textContent = cite.bibtex;
  }

  async function refresh(day) {
    const ticket = ++asked;
    document.body.dataset.loading = "1";
    let answer;
    try {
      const response = await fetch("/api/overview?as_of=" + encodeURIComponent(day));
      if (!response.ok) throw new Error("HTTP " + response.status);
      answer = await response.json();
    } catch (error) {
      // The page keeps the last date it could show; play stops rather than skip a year silently.
      if (ticket === asked) delete document.body.dataset.loading;
      if (playing) setPlaying(false);
      return false;
    }
    if (ticket !== asked) return false;
    const data = answer.overview;
    paintMap(data.members);
    document.getElementById("members-body").innerHTML = data.members.map((m) =>
      '<tr><td><a href="/entities/' + esc(m.state.id) + '">' + esc(m.state.name) + '</a></td><td class="status ' +
      esc(m.status) + '">' + esc(m.status) + (m.fact.dispute ? ' <span class="disputed">disputed</span>' : "") + "</td></tr>").join("");
    document.getElementById("chair-name").textContent = data.chair.chair ? data.chair.chair.name : "not recorded";
    const sg = data.officials.find((h) => h.office.id === "secretary-general");
    document.getElementById("sg-name").textContent = sg ? sg.holder.name : "not recorded";
    document.getElementById("bodies-list").innerHTML = data.bodies.map((b) =>
      '<li><a href="/entities/' + esc(b.body.id) + '">' + esc(b.body.name) + "</a></li>").join("");
    document.getElementById("recent-body").innerHTML = recentRows(data.recent_events, day, answer.record_checked);
    const notice = document.getElementById("record-notice");
    if (notice) {
      notice.textContent = answer.notice || "";
      notice.hidden = !answer.notice;
    }
    document.getElementById("as-of-label").textContent = day;
    const mark = document.getElementById("today-mark");
    if (mark) mark.hidden = true;
    document.getElementById("recent-label").textContent = day;
    document.getElementById("as-of-input").value = day;
    out.textContent = day;
    slider.setAttribute("aria-valuetext", day);
    moveMarkers(day);
    // The address, the title and every link to this view follow the date.
    history.replaceState(null, "", "/?as_of=" + day);
    document.title = "The CSTO on " + day + " · csto";
    document.querySelectorAll('link[rel="alternate"][type="application/json"], a[href^="/api/overview"]').forEach((a) =>
      a.setAttribute("href", withParam(a.getAttribute("href"), "as_of", day)));
    document.querySelectorAll("a[href^='/api/overview']").forEach((a) => {
      if (a.textContent.startsWith("/api/overview")) a.textContent = a.getAttribute("href");
    });
    document.querySelectorAll("#takeaway a[href^='/api/download/overview']").forEach((a) =>
      a.setAttribute("href", withParam(a.getAttribute("href"), "as_of", day)));
    delete document.body.dataset.loading;
    document.body.dataset.asOf = day;
    refreshCitation(day);
    return true;
  }

  function setDay(day) {
    slider.value = String(toDays(day));
    out.textContent = day;
    return refresh(day);
  }

  // -- play: a year at a time, waiting for each date's answer before the next step --------------

  function nextYear(day) {
    const [y, m, d] = day.split("-").map(Number);
    const next = new Date(Date.UTC(y + 1, m - 1, Math.min(d, 28)));
    return next.toISOString().slice(0, 10);
  }

  function setPlaying(on) {
    playing = on;
    clearTimeout(timer);
    if (!playButton) return;
    playButton.setAttribute("aria-pressed", on ? "true" : "false");
    playButton.textContent = on ? playButton.dataset.labelPause : playButton.dataset.labelPlay;
    document.body.dataset.playing = on ? "1" : "";
  }

  async function step() {
    if (!playing) return;
    const last = toDate(Number(slider.max));
    const day = nextYear(toDate(Number(slider.value)));
    if (day > last) {
      await setDay(last);
      setPlaying(false);
      return;
    }
    await setDay(day);
    if (playing) timer = setTimeout(step, Number(playButton.dataset.interval || 900));
  }

  if (playButton) {
    playButton.addEventListener("click", () => {
      if (playing) {
        setPlaying(false);
        return;
      }
      setPlaying(true);
      if (Number(slider.value) >= Number(slider.max)) {
        setDay(slider.dataset.start).then(() => { if (playing) timer = setTimeout(step, 900); });
      } else {
        step();
      }
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && playing) setPlaying(false);
    });
  }

  slider.addEventListener("input", () => {
    if (playing) setPlaying(false);
    const day = toDate(Number(slider.value));
    out.textContent = day;
    clearTimeout(pending);
    pending = setTimeout(() => refresh(day), 120);
  });

  // A click on a time chart picks the date under the pointer (the slider does the same by keyboard).
  document.querySelectorAll("svg.time-chart").forEach((svg) => {
    svg.addEventListener("click", (event) => {
      const box = svg.getBoundingClientRect();
      const view = svg.viewBox.baseVal;
      const x = (event.clientX - box.left) * view.width / box.width;
      const x0 = Number(svg.dataset.x0), x1 = Number(svg.dataset.x1);
      if (x < x0 || x > x1) return;
      const s = Date.parse(svg.dataset.start + "T00:00:00Z");
      const span = (Date.parse(svg.dataset.end + "T00:00:00Z") - s) / DAY + 1;
      const day = new Date(s + Math.floor((x - x0) / (x1 - x0) * span) * DAY).toISOString().slice(0, 10);
      if (playing) setPlaying(false);
      setDay(day);
    });
  });
})();
