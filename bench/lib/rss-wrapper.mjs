// Runs a Node script in this process and, on exit, writes its peak resident set size (bytes)
// and CPU time to $VALENS_BENCH_RSS_FILE (JSON): the benchmark measures the real binary without /usr/bin/time.
// Usage: node rss-wrapper.mjs <script> [args...]
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [script, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], resolve(script), ...args];
process.on("exit", () => {
  // resourceUsage().maxRSS is in kilobytes.
  const out = process.env.VALENS_BENCH_RSS_FILE;
  const usage = process.resourceUsage();
  const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
  if (out) writeFileSync(out, JSON.stringify({ rss: usage.maxRSS * 1024, cpuMs }));
});
await import(pathToFileURL(resolve(script)).href);
