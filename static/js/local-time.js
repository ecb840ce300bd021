// Add the reader's own local time after each Geneva deadline, when their browser can tell it.
for (const el of document.querySelectorAll("time[data-local-time]")) {
  const when = new Date(el.getAttribute("datetime"));
  if (Number.isNaN(when.getTime())) continue;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone || zone === "Europe/Zurich") continue;
  const lang = document.documentElement.lang || undefined;
  const local = new Intl.DateTimeFormat(lang, {
    day: "numeric", month: "long", year: "numeric",
    hour: "2-digit", minute: "2-digit", timeZoneName: "short",
  }).format(when);
  const note = document.createElement("span");
  note.className = "local-time";
  const label = el.closest("[data-local-label]")?.dataset.localLabel || "your local time";
  note.textContent = ` (${label}: ${local})`;
  el.after(note);
}
