// The decision tool: when the kind changes, say which fields a proposal of that kind needs.
// Without JavaScript the page says it after each decision, and lists every kind's needs below the form.
(function () {
  const select = document.getElementById("kind-select");
  const list = document.getElementById("kind-needs-list");
  if (!select || !list) return;
  select.addEventListener("change", () => {
    list.textContent = select.options[select.selectedIndex].dataset.needs || "";
  });
})();
