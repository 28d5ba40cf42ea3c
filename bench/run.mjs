#!/usr/bin/env node
// Benchmark runner: every module in bench/sections/ exports `name` and `run()`, which returns
// figures { metric, value, unit, target?, note? }. Prints each figure with its ratio to the
// target (below 1 is better). `node bench/run.mjs [section ...]` runs only the named sections.
// A section may instead export a default function that prints its own figures, or be a plain
// script (no exports), which runs in its own process so its memory figures are its own.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const sectionsDir = fileURLToPath(new URL("./sections/", import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(sectionsDir)
  .filter((f) => f.endsWith(".mjs"))
  .sort();

let missed = 0;
for (const file of files) {
  const path = `${sectionsDir}${file}`;
  if (!/^export /m.test(readFileSync(path, "utf8"))) {
    const name = file.replace(/\.mjs$/, "");
    if (only.length > 0 && !only.includes(name)) continue;
    console.log(`\n== ${name}`);
    const result = spawnSync(process.execPath, [path], { stdio: "inherit" });
    if (result.status !== 0) missed++;
    continue;
  }
  const section = await import(pathToFileURL(path).href);
  const name = section.name ?? file.replace(/\.mjs$/, "");
  if (only.length > 0 && !only.includes(name)) continue;
  if (typeof section.run !== "function" && typeof section.default === "function") {
    console.log(`\n== ${name}`);
    await section.default();
    continue;
  }
  console.log(`\n== ${section.name}${section.description ? `: ${section.description}` : ""}`);
  let figures;
  try {
    figures = await section.run();
  } catch (error) {
    console.log(`  skipped: ${error instanceof Error ? error.message : String(error)}`);
    continue;
  }
  const width = Math.max(...figures.map((f) => f.metric.length));
  for (const f of figures) {
    const value = `${f.value.toFixed(f.digits ?? 0)} ${f.unit}`;
    const target =
      f.target === undefined ? "" : `target ${f.target} ${f.unit}, ratio ${(f.value / f.target).toFixed(2)}`;
    const verdict = f.target === undefined ? "" : f.value <= f.target ? "ok" : "MISSED";
    if (verdict === "MISSED") missed++;
    console.log(
      `  ${f.metric.padEnd(width)}  ${value.padStart(12)}  ${target} ${verdict}${f.note ? `  (${f.note})` : ""}`,
    );
  }
}
console.log(missed === 0 ? "\nall targets met" : `\n${missed} target(s) missed`);
