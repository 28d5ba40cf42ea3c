#!/usr/bin/env node
// `npm run bench`: runs every bench/sections/*.mjs in its own process (so memory figures are
// per section) and prints their figures. A section either runs on import or default-exports an
// async function. Pass section names to run only those: `npm run bench -- llm eval`.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const sections = readdirSync(join(here, "sections"))
  .filter((name) => name.endsWith(".mjs"))
  .filter((name) => only.length === 0 || only.includes(name.replace(/\.mjs$/, "")))
  .sort();
let failed = 0;
for (const name of sections) {
  console.log(`\n== ${name.replace(/\.mjs$/, "")}`);
  const url = pathToFileURL(join(here, "sections", name)).href;
  const runner = `const m = await import(${JSON.stringify(url)}); if (typeof m.default === "function") await m.default(); process.exit(process.exitCode ?? 0);`;
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", runner], { stdio: "inherit", cwd: here });
  if (result.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
