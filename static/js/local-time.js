// Add the reader's own local time after each Geneva deadline, when their browser can tell it.
for (const el of document.querySelectorAll("time[data-local-time]")) {
  const when = new Date(el.getAttribute("datetime"));
  if (Number.isNaN(when.getTime())) continue;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone || zone === "Europe/Zurich") continue;
  const lang = document.documentElement.lang || undefined;
  const local = new Intl.DateTimeFormat(lang, {
    dateStyle: "long", timeStyle: "short", timeZoneName: "short",
  }).format(when);
  const note = document.createElement("span");
  note.className = "local-time";
  note.textContent = ` (${local} ${el.closest("[data-local-label]")?.dataset.localLabel || "your time"})`;
  el.after(note);
}
