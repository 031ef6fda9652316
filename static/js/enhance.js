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
