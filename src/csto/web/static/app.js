// The dashboard's only script: move the date slider, ask the API for that date, recolour the map
// and refresh the panel. Without JavaScript the form beside the slider reloads the page instead.
(function () {
  const slider = document.getElementById("date-slider");
  if (!slider) return;
  const out = document.getElementById("date-output");
  const start = new Date(slider.dataset.start + "T00:00:00Z");
  const toDate = (days) => new Date(start.getTime() + days * 86400000).toISOString().slice(0, 10);
  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
  const data = document.getElementById("iso3-data");
  const iso3 = data ? JSON.parse(data.textContent) : {};
  let pending = null;

  async function refresh(day) {
    document.body.dataset.loading = "1";
    const response = await fetch("/api/overview?as_of=" + day);
    if (!response.ok) return;
    const data = (await response.json()).overview;
    document.querySelectorAll("svg.map path[data-iso3]").forEach((p) => p.setAttribute("class", ""));
    const rows = [];
    for (const m of data.members) {
      const iso = iso3[m.state.id];
      const path = iso && document.querySelector('svg.map path[data-iso3="' + iso + '"]');
      if (path) path.setAttribute("class", m.status);
      rows.push('<tr><td><a href="/entities/' + esc(m.state.id) + '">' + esc(m.state.name) + '</a></td><td class="status ' +
        esc(m.status) + '">' + esc(m.status) + (m.fact.dispute ? ' <span class="disputed">disputed</span>' : "") + "</td></tr>");
    }
    document.getElementById("members-body").innerHTML = rows.join("");
    document.getElementById("chair-name").textContent = data.chair.chair ? data.chair.chair.name : "not recorded";
    const sg = data.officials.find((h) => h.office.id === "secretary-general");
    document.getElementById("sg-name").textContent = sg ? sg.holder.name : "not recorded";
    document.getElementById("bodies-list").innerHTML = data.bodies.map((b) =>
      '<li><a href="/entities/' + esc(b.body.id) + '">' + esc(b.body.name) + "</a></li>").join("");
    document.getElementById("recent-body").innerHTML = data.recent_events.map((e) =>
      "<tr><td>" + esc(e.date) + '</td><td><span class="pill">' + esc(e.type) + '</span></td><td><a href="/timeline?from=' +
      esc(e.date) + "&to=" + esc(e.date) + '">' + esc(e.title) + "</a></td></tr>").join("");
    document.getElementById("as-of-label").textContent = day;
    const mark = document.getElementById("today-mark");
    if (mark) mark.hidden = true;
    document.getElementById("recent-label").textContent = day;
    document.getElementById("as-of-input").value = day;
    history.replaceState(null, "", "/?as_of=" + day);
    delete document.body.dataset.loading;
    document.body.dataset.asOf = day;
  }

  slider.addEventListener("input", () => {
    const day = toDate(Number(slider.value));
    out.textContent = day;
    clearTimeout(pending);
    pending = setTimeout(() => refresh(day), 120);
  });
})();
