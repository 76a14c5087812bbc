// Run a simulation with a live progress bar: the page posts the form to /simulate/stream, reads
// progress lines and swaps in the rendered result. Without JavaScript the form posts to /simulate.
(function () {
  const form = document.getElementById("sim-form");
  if (!form || !window.fetch || !window.TextDecoder) return;
  const bar = document.getElementById("sim-progress");
  const status = document.getElementById("sim-status");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = new URLSearchParams(new FormData(form));
    const shown = new URLSearchParams(body);
    shown.delete("csrf");
    bar.hidden = false; bar.value = 0; status.textContent = "running…";
    const response = await fetch("/simulate/stream", { method: "POST", body: body, headers: { Accept: "application/json" } });
    if (!response.ok) {
      let message = "the server refused (" + response.status + ")";
      try { message = (await response.json()).error.message; } catch (e) { /* not JSON */ }
      status.textContent = message; bar.hidden = true;
      return;
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let nl;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        const message = JSON.parse(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
        if (message.error) { status.textContent = message.error; bar.hidden = true; return; }
        if (message.total) { bar.max = message.total; bar.value = message.done; status.textContent = message.done + " / " + message.total + " draws"; }
        if (message.html) {
          document.getElementById("sim-output").innerHTML = message.html;
          status.textContent = "done"; bar.value = bar.max;
          history.replaceState(null, "", "/simulate?" + shown.toString());
        }
      }
    }
  });
})();
