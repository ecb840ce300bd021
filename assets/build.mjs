// Builds the site's one stylesheet the way Bootstrap builds its own dist (Sass, then
// Autoprefixer), then drops with PurgeCSS every Bootstrap selector the site never uses.
// Usage: node build.mjs OUTPUT.css   (`npm ci` first; `make css` does both)
import { writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import autoprefixer from "autoprefixer";
import postcss from "postcss";
import { PurgeCSS } from "purgecss";
import * as sass from "sass";

import { browsers, purge } from "./purge.config.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const output = process.argv[2];
if (!output) {
  console.error("usage: node build.mjs OUTPUT.css");
  process.exit(2);
}

const compiled = sass.compile(resolve(here, "scss/main.scss"), {
  style: "compressed",
  loadPaths: [resolve(here, "node_modules")],
  // Bootstrap 5.3 is written for older Sass: do not repeat its deprecation warnings.
  quietDeps: true,
  // A byte-order mark would be added for any non-ASCII character; decided below instead.
  charset: false,
});
// Sass keeps the space after the colon of a custom property (`--bs-blue: #0d6efd`); Bootstrap's
// dist drops it. An empty value keeps its space: `--x:;` is not valid in every browser.
const tightColons = {
  postcssPlugin: "tight-colons",
  Declaration(decl) {
    if (decl.value !== "") decl.raws.between = ":";
  },
};
// The browser data is pinned by package-lock.json on purpose (the same sources always build
// the same file): no "caniuse-lite is outdated" advice to update it behind the lock's back.
process.env.BROWSERSLIST_IGNORE_OLD_DATA = "1";
const prefixed = await postcss([
  autoprefixer({ overrideBrowserslist: browsers }),
  tightColons,
]).process(
  compiled.css,
  { from: undefined },
);
const [purged] = await new PurgeCSS().purge({ ...purge, css: [{ raw: prefixed.css }] });

let css = purged.css.trim();
// PurgeCSS leaves an empty line where it removed a rule: keep the file on as few lines as
// Sass wrote it, so that a diff of two builds stays readable.
css = css.replace(/\n+/g, "\n");
if (/[^\x00-\x7f]/.test(css)) css = `@charset "UTF-8";${css}`;
writeFileSync(resolve(process.cwd(), output), `${css}\n`);
