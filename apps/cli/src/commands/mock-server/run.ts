import { type MockServerOptions, type MockStats, startMockServer } from "@valens/mock-server";
import { status } from "../../output.js";
import type { MockServerFlags } from "./options.js";

function counterLine(s: MockStats, perSecond: number, prefix = "mock"): string {
  const chat = s.byEndpoint["POST /v1/chat/completions"] ?? 0;
  const embeddings = s.byEndpoint["POST /v1/embeddings"] ?? 0;
  const batchRows = Object.entries(s.byEndpoint)
    .filter(([k]) => k.startsWith("BATCH "))
    .reduce((sum, [, n]) => sum + n, 0);
  return `${prefix}: ${s.requests} requests (${perSecond}/s), chat ${chat}, embeddings ${embeddings}, batch rows ${batchRows}, 429 ${s.rateLimited}, 500 ${s.serverErrors}, dropped ${s.dropped}, malformed ${s.malformed}, tokens ${s.promptTokens}+${s.completionTokens}`;
}

function serverOptions(flags: MockServerFlags): MockServerOptions {
  const { rpmBurst, persona, dataset, requireApiKey, stateDir } = flags;
  return {
    port: flags.port,
    host: flags.host,
    latencyMs: flags.latencyMs,
    rpm: flags.rpm,
    errorRate: flags.errorRate,
    malformedRate: flags.malformedRate,
    dropRate: flags.dropRate,
    seed: flags.seed,
    batchDelayMs: flags.batchDelayMs,
    embeddingDimensions: flags.embeddingDimensions,
    ...(rpmBurst === undefined ? {} : { rpmBurst }),
    ...(persona === undefined ? {} : { persona }),
    ...(dataset === undefined ? {} : { dataset }),
    ...(requireApiKey === undefined ? {} : { requireApiKey }),
    ...(stateDir === undefined ? {} : { stateDir }),
  };
}

/** Resolves on the first SIGINT or SIGTERM. */
const untilStopped = () =>
  new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });

/** `valens mock-server`: the OpenAI-compatible mock model, for tests, demos and benchmarks. */
export async function runMockServer(flags: MockServerFlags): Promise<void> {
  const server = await startMockServer(serverOptions(flags));
  process.stdout.write(`${server.baseUrl}\n`);
  if (!flags.quiet) status(`valens mock-server listening on ${server.baseUrl} (Ctrl-C to stop)`);
  let last = server.stats();
  const ticker = flags.quiet
    ? undefined
    : setInterval(() => {
        const now = server.stats();
        if (now.requests !== last.requests) status(counterLine(now, now.requests - last.requests));
        last = now;
      }, 1000);
  await untilStopped();
  if (ticker) clearInterval(ticker);
  await server.close();
  if (!flags.quiet) status(counterLine(server.stats(), 0, "stopped"));
}
