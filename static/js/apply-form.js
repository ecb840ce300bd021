// The application form works without this script. With it:
// - once the form is on its way, its buttons are disabled, so a second click sends nothing
//   (the server also refuses duplicates: this only spares the applicant a wait);
// - long answers show how many characters are left;
// - after a failed submission, focus goes to the list of answers to check, and each of its
//   links puts the focus in its field with the field's question in view.
// The form has `novalidate`: the server checks it and says what to fix, so no browser bubble
// comes first, one field at a time, in the browser's language.
(function () {
  const form = document.querySelector("form.apply-form");
  if (!form) return;

  for (const area of form.querySelectorAll("textarea[data-max-length]")) {
    const max = Number(area.dataset.maxLength);
    const counter = document.createElement("div");
    counter.className = "form-text char-count";
    area.after(counter);
    const update = () => {
      const left = max - area.value.length;
      counter.textContent = left >= 0
        ? (form.dataset.charsLeft || "{n} characters left").replace("{n}", left.toLocaleString(document.documentElement.lang))
        : (form.dataset.charsOver || "{n} characters too many").replace("{n}", (-left).toLocaleString(document.documentElement.lang));
      counter.classList.toggle("text-danger", left < 0);
    };
    area.addEventListener("input", update);
    update();
  }

  form.addEventListener("submit", (event) => {
    if (form.dataset.sending) {
      event.preventDefault();
      return;
    }
    form.dataset.sending = "1";
    const clicked = event.submitter;
    // Keep the clicked button's name in the data: a disabled button is not sent.
    if (clicked && clicked.name) {
      const marker = document.createElement("input");
      marker.type = "hidden";
      marker.name = clicked.name;
      marker.value = clicked.value || "1";
      form.append(marker);
    }
    for (const button of form.querySelectorAll('button[type="submit"]')) {
      button.disabled = true;
    }
    if (clicked) clicked.textContent = clicked.dataset.sendingLabel || clicked.textContent;
  });

  // Coming back to this page through the history must not leave the buttons disabled.
  window.addEventListener("pageshow", () => {
    delete form.dataset.sending;
    for (const button of form.querySelectorAll('button[type="submit"]')) button.disabled = false;
  });

  const summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", (event) => {
      const link = event.target.closest('a[href^="#"]');
      const input = link && document.getElementById(link.hash.slice(1));
      if (!input) return;
      event.preventDefault();
      // The question (a group's legend, or the label) in view, not only the control.
      const question = input.closest('[id^="div_"]');
      const legend = question && question.querySelector(":scope > fieldset > legend");
      const label = legend || document.querySelector(`label[for="${input.id}"]`) || input;
      label.scrollIntoView();
      input.focus({ preventScroll: true });
    });
  }
})();
