// Progressive enhancement only: every page works without this file.
// With scripts on, the workspace menu may fold behind its button on narrow screens (see .no-js in netzwerk.css).
document.body.classList.replace("no-js", "js");

// A region marked data-refresh-every="N" (a print job's progress) is fetched again every N seconds and swapped
// in place, so focus and reading position stay; it stops when the fresh page no longer marks the region.
function refreshRegion(region) {
  const seconds = Number(region.dataset.refreshEvery);
  if (!seconds) return;
  setTimeout(async () => {
    try {
      const response = await fetch(window.location.href, {headers: {"Accept": "text/html"}});
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html").getElementById(region.id);
      if (!fresh) return;
      region.innerHTML = fresh.innerHTML;
      if (fresh.dataset.refreshEvery) refreshRegion(region); else delete region.dataset.refreshEvery;
    } catch (error) {
      refreshRegion(region);  // offline for a moment: try again
    }
  }, seconds * 1000);
}
document.querySelectorAll("[data-refresh-every]").forEach(refreshRegion);

// A long checkbox list (data-choice-filter holds the filter field's label) gets a filter field above it: typing
// hides the boxes whose label does not contain the text (accents and case ignored); ticked boxes stay in view.
// Without scripts the whole list scrolls in its box.
const fold = text => text.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "").replace(/ı/g, "i");
document.querySelectorAll("[data-choice-filter]").forEach((list, index) => {
  const label = document.createElement("label");
  const input = document.createElement("input");
  label.className = "form-label small mb-1";
  label.htmlFor = input.id = `choice-filter-${index}`;
  label.textContent = list.dataset.choiceFilter;
  input.type = "search";
  input.autocomplete = "off";
  input.className = "form-control form-control-sm mb-2";
  input.setAttribute("aria-controls", list.id = list.id || `choice-list-${index}`);
  list.before(label, input);
  input.addEventListener("keydown", event => { if (event.key === "Enter") event.preventDefault(); });
  input.addEventListener("input", () => {
    const wanted = fold(input.value.trim());
    list.querySelectorAll(".form-check").forEach(choice => {
      choice.hidden = Boolean(wanted) && !choice.querySelector("input").checked && !fold(choice.textContent).includes(wanted);
    });
  });
});
