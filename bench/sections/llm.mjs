// @valens/llm: throughput of the model client against the mock server on loopback.
// The mock runs in its own process so client and server do not share one event loop.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createModelClient } from "@valens/llm";

async function startMock(options) {
  const code = `import("@valens/mock-server").then(async ({ startMockServer }) => {
    const mock = await startMockServer(${JSON.stringify(options)});
    process.stdout.write(mock.baseUrl + "\\n");
  });`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", code], {
    cwd: new URL("../../packages/llm/", import.meta.url),
    stdio: ["ignore", "pipe", "inherit"],
  });
  const baseUrl = await new Promise((resolve, reject) => {
    child.stdout.once("data", (chunk) => resolve(chunk.toString().trim()));
    child.once("exit", (code) => reject(new Error(`mock exited with ${code}`)));
  });
  const origin = new URL(baseUrl).origin;
  return {
    baseUrl,
    stats: async () => (await fetch(`${origin}/mock/stats`)).json(),
    reset: async () => fetch(`${origin}/mock/reset`, { method: "POST" }),
    close: () => child.kill(),
  };
}

function jobs(n, tag) {
  return Array.from({ length: n }, (_, i) => ({
    id: `${tag}-${i}`,
    messages: [{ role: "user", content: `Benchmark prompt ${tag} ${i}: which action reflects your values?` }],
    params: { temperature: 0.2 },
    meta: i,
  }));
}

const fmt = (x, d = 2) => Number(x).toFixed(d);

export default async function llmBench() {
  const dir = mkdtempSync(join(tmpdir(), "valens-bench-llm-"));
  const figures = {};
  try {
    // (a) 5,000 requests, 100 ms latency, concurrency 64.
    const latencyMs = 100;
    const concurrency = 64;
    const n = 5000;
    const mockA = await startMock({ latencyMs });
    const clientA = createModelClient("openai:gpt-4o-mini", {
      baseUrl: mockA.baseUrl,
      apiKey: "sk-bench",
      config: {},
      storePath: join(dir, "a.sqlite"),
      concurrency,
    });
    const jobsA = jobs(n, "a");
    let t = performance.now();
    const runA = await clientA.run(jobsA);
    const secondsA = (performance.now() - t) / 1000;
    const rps = n / secondsA;
    const ideal = concurrency / (latencyMs / 1000);
    const study = 5 / (latencyMs / 1000);
    figures.a = {
      requests: runA.summary.requests,
      seconds: secondsA,
      rps,
      ideal,
      ratio: rps / ideal,
      vsStudy: rps / study,
    };
    console.log(
      `llm (a) ${n} requests, ${latencyMs} ms latency, concurrency ${concurrency}: ${fmt(secondsA)} s, ${fmt(rps, 1)} req/s`,
    );
    console.log(
      `llm (a)   ratio to ideal concurrency/latency (${ideal} req/s): ${fmt(rps / ideal, 3)} (target >= 0.9)`,
    );
    console.log(`llm (a)   ratio to the study's 5 workers (${study} req/s): ${fmt(rps / study, 1)}x`);

    // (c) the same run again, from the store.
    await mockA.reset();
    t = performance.now();
    const runC = await clientA.run(jobsA);
    const secondsC = (performance.now() - t) / 1000;
    const sentC = (await mockA.stats()).byEndpoint["POST /v1/chat/completions"] ?? 0;
    figures.c = { sent: sentC, seconds: secondsC, cacheHits: runC.summary.cacheHits };
    console.log(
      `llm (c) rerun of (a) from the store: ${sentC} requests sent (target 0), ${fmt(secondsC, 3)} s, ${runC.summary.cacheHits} cache hits`,
    );
    await clientA.close();
    mockA.close();

    // (b) the mock limits to 6,000 requests per minute; the client is not told the limit.
    const rpm = 6000;
    const nB = 2000;
    const mockB = await startMock({ latencyMs, rpm });
    const clientB = createModelClient("openai:gpt-4o-mini", {
      baseUrl: mockB.baseUrl,
      apiKey: "sk-bench",
      config: {},
      storePath: join(dir, "b.sqlite"),
      concurrency,
    });
    const jobsB = jobs(nB, "b");
    t = performance.now();
    const runB = await clientB.run(jobsB);
    const secondsB = (performance.now() - t) / 1000;
    const statsB = await mockB.stats();
    const achieved = (nB / secondsB) * 60;
    const ids = new Set(runB.results.filter((r) => r.ok).map((r) => r.job.id));
    const lost = nB - ids.size;
    figures.b = {
      achievedRpm: achieved,
      share: achieved / rpm,
      lost,
      duplicated: statsB.duplicateAnswers,
      rateLimited: statsB.rateLimited,
    };
    console.log(
      `llm (b) ${nB} requests under a ${rpm} rpm limit: ${fmt(secondsB)} s, ${fmt(achieved, 0)} rpm = ${fmt(achieved / rpm, 3)} of the limit (target >= 0.95)`,
    );
    console.log(
      `llm (b)   lost ${lost}, duplicated ${statsB.duplicateAnswers} (target 0, 0); 429s received ${statsB.rateLimited}, retries ${runB.summary.retries}`,
    );
    await clientB.close();
    mockB.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
