// Progressive enhancement only: every page works without this file.
// With scripts on, the workspace menu may fold behind its button on narrow screens (see .no-js in netzwerk.css).
document.documentElement.classList.replace("no-js", "js");
