#!/usr/bin/env node
// Runs every bench/sections/*.mjs in its own process (so memory figures are per section) and
// prints their output. `npm run bench` builds first. Pass section names to run only those.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const sections = readdirSync(join(here, "sections"))
  .filter((name) => name.endsWith(".mjs"))
  .filter((name) => only.length === 0 || only.includes(name.replace(/\.mjs$/, "")))
  .sort();
let failed = 0;
for (const name of sections) {
  console.log(`\n== ${name.replace(/\.mjs$/, "")}`);
  const result = spawnSync(process.execPath, [join(here, "sections", name)], { stdio: "inherit" });
  if (result.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
