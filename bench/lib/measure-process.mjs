// One whole `valens` process, timed, with its peak RSS and CPU read back from the RSS wrapper.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = join(root, "apps/cli/bin/valens.js");
const wrapper = fileURLToPath(new URL("./rss-wrapper.mjs", import.meta.url));
const shared = process.env.VALENS_SHARED_DIR ?? join(root, "../shared");

/** A path under the shared data folder (`../shared/data` or `$VALENS_SHARED_DIR/data`). */
export const data = (...parts) => join(shared, "data", ...parts);

export function measure(args, rssFile) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [wrapper, bin, ...args], {
    env: { ...process.env, VALENS_BENCH_RSS_FILE: rssFile, NO_COLOR: "1" },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`valens ${args.join(" ")} failed: ${result.stderr}`);
  const usage = JSON.parse(readFileSync(rssFile, "utf8"));
  return { ms, rss: usage.rss, cpuMs: usage.cpuMs, stdout: result.stdout };
}

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
