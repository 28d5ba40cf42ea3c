// valens eval: planning plus a full single-variant Task 2 run over the published VIA dataset
// against the mock (20 ms latency, concurrency 64), then the same command again from the store.
// Target: peak memory under 500 MB.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { readRunManifest } from "@valens/core";
import { sharedDataPath } from "@valens/core/test";

const here = dirname(fileURLToPath(import.meta.url));
const via = sharedDataPath("via", "via_full.csv");
if (!existsSync(via)) {
  console.log(`skipped: the published VIA dataset is missing (${via})`);
  process.exit(0);
}
const LATENCY_MS = 20;
const CONCURRENCY = 64;
const MEMORY_LIMIT_MB = 500;

const dir = await mkdtemp(join(tmpdir(), "valens-bench-eval-"));
const mock = spawn(
  process.execPath,
  [join(here, "../lib/mock-process.mjs"), JSON.stringify({ latencyMs: LATENCY_MS, dataset: via })],
  {
    stdio: ["pipe", "pipe", "inherit"],
  },
);
const [baseUrl] = await once(createInterface({ input: mock.stdout }), "line");

try {
  process.env.OPENAI_API_KEY = "sk-bench";
  process.env.VALENS_CACHE_DIR = join(dir, "cache");
  process.env.NO_COLOR = "1";
  const args = [
    "eval",
    "--model",
    "openai:mock-model",
    "--base-url",
    baseUrl,
    "--dataset",
    via,
    "--tasks",
    "2",
    "--variants",
    "5",
    "--concurrency",
    String(CONCURRENCY),
    "--progress",
    "off",
    "--json",
    "--out",
    join(dir, "run"),
  ];
  /** Runs valens in its own process; resolves with its exit code and peak RSS. */
  const valens = async (argv) => {
    const child = spawn(process.execPath, [join(here, "../lib/run-valens.mjs"), ...argv], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    await once(child, "exit");
    const last = stderr.trim().split("\n").at(-1) ?? "{}";
    const result = JSON.parse(last);
    if (result.code !== 0) throw new Error(`valens ${argv.join(" ")} exited ${result.code}: ${stderr}`);
    return result;
  };
  const peaks = [];

  // Planning: read and pair the dataset, render every prompt, estimate tokens and cost (--dry-run).
  let t = performance.now();
  peaks.push((await valens([...args, "--dry-run"])).maxRssKb);
  const planMs = performance.now() - t;
  console.log(
    `planning (valens eval --dry-run: load VIA, pair, render, estimate): ${(planMs / 1000).toFixed(2)} s`,
  );

  t = performance.now();
  peaks.push((await valens(args)).maxRssKb);
  const liveMs = performance.now() - t;
  const manifest = await readRunManifest(join(dir, "run"));
  const sent = manifest.usage?.requests ?? 0;
  console.log(
    `live run: ${sent} requests in ${(liveMs / 1000).toFixed(2)} s = ${(sent / (liveMs / 1000)).toFixed(0)} requests/s (mock latency ${LATENCY_MS} ms, concurrency ${CONCURRENCY}; ideal ${((sent * LATENCY_MS) / CONCURRENCY / 1000).toFixed(2)} s)`,
  );
  console.log(
    `  task 2 records: ${manifest.tasks.task2?.records} (${manifest.tasks.task2?.failed} unparsed); unpairable items reported: ${manifest.parameters.unpairableItems}`,
  );

  t = performance.now();
  peaks.push((await valens(args)).maxRssKb);
  const cachedMs = performance.now() - t;
  const rerun = await readRunManifest(join(dir, "run"));
  console.log(
    `rerun from the store: ${rerun.usage?.requests} requests sent, ${rerun.usage?.cacheHits} cache hits in ${(cachedMs / 1000).toFixed(2)} s (${(liveMs / cachedMs).toFixed(1)}x faster than live)`,
  );
  const [planMb, liveMb, cachedMb] = peaks.map((kb) => kb / 1024);
  const peakMb = Math.max(planMb, liveMb, cachedMb);
  console.log(
    `peak memory (RSS of the valens process): planning ${planMb.toFixed(0)} MB, live run ${liveMb.toFixed(0)} MB, rerun ${cachedMb.toFixed(0)} MB (limit ${MEMORY_LIMIT_MB} MB) ${peakMb < MEMORY_LIMIT_MB ? "OK" : "OVER"}`,
  );
  if (peakMb >= MEMORY_LIMIT_MB) process.exitCode = 1;
} finally {
  mock.stdin.end();
  await once(mock, "exit");
  await rm(dir, { recursive: true, force: true });
}
