// Fill the room after each Geneva deadline with the reader's own local time, when their
// browser can tell it, in the style of the Geneva one (core/dates.py, geneva_deadline): the
// pattern, in the page's language, comes with the room.
const pageLanguage = document.documentElement.lang || "en";
// "15 February 2027" in English as in the Geneva text, not the American "February 15".
const dateLocale = pageLanguage === "en" ? "en-GB" : pageLanguage;
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

for (const el of document.querySelectorAll("time[data-local-time]")) {
  const note = el.nextElementSibling;
  if (!note?.matches(".local-time[data-pending]")) continue;
  const when = new Date(el.getAttribute("datetime"));
  if (Number.isNaN(when.getTime()) || !zone || zone === "Europe/Zurich") {
    // Geneva's own time, or none to tell: the room kept for it goes, so that no gap is left.
    note.remove();
    continue;
  }
  const date = new Intl.DateTimeFormat(dateLocale, {
    day: "numeric", month: "long", year: "numeric",
  }).format(when);
  const time = new Intl.DateTimeFormat(dateLocale, {
    hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  }).format(when);
  // The zone as the reader's own browser names it ("EST" for an American one).
  const zoneName = new Intl.DateTimeFormat(undefined, { timeZoneName: "short" })
    .formatToParts(when).find((part) => part.type === "timeZoneName")?.value || zone;
  const text = note.dataset.pattern
    .replace("%(time)s", time).replace("%(zone)s", zoneName).replace("%(date)s", date);
  note.textContent = ` (${text})`;
  note.removeAttribute("data-pending");
  note.removeAttribute("aria-hidden");
}
