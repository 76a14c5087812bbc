// Run a simulation with a live progress bar: the page streams progress lines from
// /simulate/stream and swaps in the rendered result. Without JavaScript the form reloads the page.
(function () {
  const form = document.getElementById("sim-form");
  if (!form || !window.fetch || !window.TextDecoder) return;
  const bar = document.getElementById("sim-progress");
  const status = document.getElementById("sim-status");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const params = new URLSearchParams(new FormData(form));
    bar.hidden = false; bar.value = 0; status.textContent = "running…";
    const response = await fetch("/simulate/stream?" + params.toString());
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
          history.replaceState(null, "", "/simulate?" + params.toString());
        }
      }
    }
  });
})();
