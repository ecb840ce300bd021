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
  const container = el.closest("[data-local-label]");
  const label = container?.dataset.localLabel || "your local time";
  // The room kept for it after the sentence (templates/programmes/includes/local_time_slot.html),
  // otherwise right after the time.
  let note = container?.querySelector(".local-time[data-pending]");
  if (!note) {
    note = document.createElement("span");
    note.className = "local-time";
    el.after(note);
  }
  // French puts a no-break space before a colon.
  const colon = lang?.startsWith("fr") ? "\u00a0:" : ":";
  note.textContent = ` (${label}${colon} ${local})`;
  note.removeAttribute("data-pending");
  note.removeAttribute("aria-hidden");
}
