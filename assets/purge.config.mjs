// What main.css keeps besides the parts main.scss marks to keep whole (Bootstrap's custom
// properties and element styles, and the house styles): a Bootstrap selector stays when each
// class in it appears, as a word, in one of the `content` files, or is in the safelist.
import { existsSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

// crispy-bootstrap5's templates, in whichever Python the project's virtualenv has.
const lib = join(root, ".venv/lib");
const crispy = existsSync(lib)
  ? readdirSync(lib)
      .filter((name) => name.startsWith("python3"))
      .map((name) => join(lib, name, "site-packages/crispy_bootstrap5/templates/**/*.html"))
  : [];
if (crispy.length === 0) {
  throw new Error("crispy_bootstrap5 is not in .venv: create the virtualenv first (make run)");
}

export const purge = {
  content: [
    join(root, "templates/**/*.html"),
    ...crispy,
    join(root, "static/js/*.js"),
    // Forms and widgets that name classes: attrs={"class": "form-select"}, css_class="...".
    join(root, "impact/*.py"),
    join(root, "programmes/*.py"),
  ],
  // Classes no file names but that a browser script or a server-side state may add.
  safelist: ["is-invalid", "invalid-feedback", "text-danger"],
};

// Bootstrap 5.3's own .browserslistrc, so the prefixes match those of its dist files.
export const browsers = [
  ">= 0.5%",
  "last 2 major versions",
  "not dead",
  "Chrome >= 60",
  "Firefox >= 60",
  "Firefox ESR",
  "iOS >= 12",
  "Safari >= 12",
  "not Explorer <= 11",
  "not kaios <= 2.5",
];
