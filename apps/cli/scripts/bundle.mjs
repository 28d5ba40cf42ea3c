// Bundles the compiled CLI (dist/main.js and the command modules it loads on demand) into
// dist/bundle/. Loading ~200 small ES modules (zod alone loads every locale) costs a
// process more than a second's tenth before it does any work; the bundle, one chunk per
// command, starts in about half the time. Packages that find files next to themselves at run
// time (native addons, WebAssembly, tokenizer encodings) or that only `report` needs stay
// external and load from node_modules, so they are also dependencies of this package.
import { rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { build } from "rolldown";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

export const external = [
  /^better-sqlite3($|\/)/,
  /^@tensorflow\//,
  /^gpt-tokenizer($|\/)/,
  /^vega($|\/)/,
  /^vega-lite($|\/)/,
];

await rm(here("../dist/bundle"), { recursive: true, force: true });
await build({
  input: { main: here("../dist/main.js") },
  platform: "node",
  external,
  logLevel: "warn",
  output: {
    dir: here("../dist/bundle"),
    format: "esm",
    entryFileNames: "[name].js",
    chunkFileNames: "[name]-[hash].js",
    // Readable stack traces for "internal error" reports, at no measurable start-up cost.
    minify: false,
  },
});
