// The application form works without this script. With it:
// - a file over the limit is flagged as soon as it is chosen, before a slow upload;
// - once the form is on its way, its buttons are disabled, so a second click sends nothing
//   (the server also refuses duplicates: this only spares the applicant a wait);
// - long answers show how many characters are left;
// - after a failed submission, focus goes to the list of answers to check.
(function () {
  const form = document.querySelector("form.apply-form");
  if (!form) return;
  const maxBytes = Number(form.dataset.maxBytes || 0);

  for (const input of form.querySelectorAll('input[type="file"]')) {
    input.addEventListener("change", () => {
      const file = input.files && input.files[0];
      const tooBig = Boolean(file && maxBytes && file.size > maxBytes);
      input.setCustomValidity(tooBig ? input.dataset.tooBig || "This file is over the limit." : "");
      if (tooBig) input.reportValidity();
    });
  }

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
  if (summary) summary.focus();
})();
