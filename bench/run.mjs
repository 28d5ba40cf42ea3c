#!/usr/bin/env node
// `npm run bench`: runs every bench/sections/*.mjs in its own process (so memory figures are
// per section). A section either exports `name` and `run()` returning figures
// { metric, value, unit, target?, digits?, note? } (printed with their ratio to the target;
// lower is better), default-exports an async function that prints its own figures, or prints
// them on import. `npm run bench -- <section ...>` runs only those sections.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

if (process.argv[2] === "--section") {
  process.exitCode = await runSection(process.argv[3]);
} else {
  const only = process.argv.slice(2);
  const sections = readdirSync(join(here, "sections"))
    .filter((name) => name.endsWith(".mjs"))
    .filter((name) => only.length === 0 || only.includes(name.replace(/\.mjs$/, "")))
    .sort();
  let failed = 0;
  for (const name of sections) {
    const result = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--section", name], {
      stdio: "inherit",
      cwd: here,
    });
    if (result.status !== 0) failed++;
  }
  console.log(
    failed === 0 ? "\nall sections ran; targets met unless marked MISSED" : `\n${failed} section(s) failed`,
  );
  process.exit(failed > 0 ? 1 : 0);
}

async function runSection(file) {
  console.log(`\n== ${file.replace(/\.mjs$/, "")}`);
  const section = await import(pathToFileURL(join(here, "sections", file)).href);
  if (typeof section.run === "function") {
    if (section.description) console.log(`   ${section.description}`);
    const figures = await section.run();
    const width = Math.max(...figures.map((f) => f.metric.length));
    let missed = 0;
    for (const f of figures) {
      const value = `${f.value.toFixed(f.digits ?? 0)} ${f.unit}`;
      const target =
        f.target === undefined
          ? ""
          : `target ${f.target} ${f.unit}, ratio ${(f.value / f.target).toFixed(2)}`;
      const verdict = f.target === undefined ? "" : f.value <= f.target ? "ok" : "MISSED";
      if (verdict === "MISSED") missed++;
      console.log(
        `  ${f.metric.padEnd(width)}  ${value.padStart(12)}  ${target} ${verdict}${f.note ? `  (${f.note})` : ""}`,
      );
    }
    if (missed > 0) console.log(`  ${missed} target${missed > 1 ? "s" : ""} missed in this section`);
    return 0;
  }
  if (typeof section.default === "function") await section.default();
  return 0;
}
