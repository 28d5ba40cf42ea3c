// `npm run bench`: runs every bench/sections/*.mjs (each issue adds its own section).
import { readdirSync } from "node:fs";

const dir = new URL("./sections/", import.meta.url);
const only = process.argv.slice(2);
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith(".mjs"))
  .sort()) {
  if (only.length > 0 && !only.some((name) => file.includes(name))) continue;
  console.log(`\n== ${file} ==`);
  const section = await import(new URL(file, dir));
  await section.default();
}
