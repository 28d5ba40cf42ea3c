import { type MockServerOptions, type MockStats, startMockServer } from "@valens/mock-server";
import { type Command, InvalidArgumentError, Option } from "commander";
import { status } from "../output.js";

const number =
  (what: string, min: number, max = Number.POSITIVE_INFINITY, integer = false) =>
  (text: string): number => {
    const value = Number(text);
    if (
      text.trim() === "" ||
      !Number.isFinite(value) ||
      value < min ||
      value > max ||
      (integer && !Number.isInteger(value))
    )
      throw new InvalidArgumentError(
        `${what} must be ${integer ? "an integer" : "a number"} ${max === Number.POSITIVE_INFINITY ? `>= ${min}` : `from ${min} to ${max}`}.`,
      );
    return value;
  };
const share = (what: string) => number(what, 0, 1);

interface Flags {
  port: number;
  host: string;
  latencyMs: number;
  rpm: number;
  rpmBurst?: number;
  errorRate: number;
  malformedRate: number;
  dropRate: number;
  persona?: string;
  dataset?: string;
  seed: number;
  batchDelayMs: number;
  requireApiKey?: string;
  stateDir?: string;
  embeddingDimensions: number;
  quiet?: boolean;
}

/** `valens mock-server`: the OpenAI-compatible mock model, for tests, demos and benchmarks. */
export function registerMockServer(program: Command): void {
  program
    .command("mock-server")
    .description(
      "Run an OpenAI-compatible mock model on loopback (chat, embeddings, files, batches). Prints its base URL as the first line of stdout; counters go to stderr.",
    )
    .option("--port <n>", "port to listen on (0 = any free port)", number("--port", 0, 65535, true), 0)
    .addOption(new Option("--host <address>", "address to listen on").default("127.0.0.1"))
    .option("--latency-ms <n>", "delay before each model answer", number("--latency-ms", 0), 0)
    .option("--rpm <n>", "requests per minute before 429s (0 = unlimited)", number("--rpm", 0), 0)
    .option(
      "--rpm-burst <n>",
      "rate-limit bucket size (default: one second's worth, ceil(rpm/60))",
      number("--rpm-burst", 1, Number.POSITIVE_INFINITY, true),
    )
    .option("--error-rate <p>", "share of model requests answered with HTTP 500", share("--error-rate"), 0)
    .option("--malformed-rate <p>", "share of answers returned as broken JSON", share("--malformed-rate"), 0)
    .option("--drop-rate <p>", "share of model requests whose connection is dropped", share("--drop-rate"), 0)
    .option("--persona <file>", "scripted persona JSON (task-1 ratings, task-2 choices per item)")
    .option(
      "--dataset <file>",
      "dataset (JSONL or the published VIA CSV) to tell which option is the positive action",
    )
    .option(
      "--seed <n>",
      "seed of the default persona and of injected faults",
      number("--seed", 0, 2 ** 31, true),
      0,
    )
    .option(
      "--batch-delay-ms <n>",
      "time a batch takes from creation to completion",
      number("--batch-delay-ms", 0),
      1000,
    )
    .option("--require-api-key <key>", "answer 401 unless requests carry this bearer key")
    .option("--state-dir <dir>", "keep files and batches in this directory across restarts")
    .option(
      "--embedding-dimensions <n>",
      "default embedding size",
      number("--embedding-dimensions", 1, 8192, true),
      64,
    )
    .option("-q, --quiet", "do not log counters to stderr")
    .addHelpText(
      "after",
      "\nExample:\n  $ valens mock-server --port 8787 --latency-ms 100 --rpm 6000 --persona persona.json\n  $ OPENAI_BASE_URL=http://127.0.0.1:8787/v1 valens ...",
    )
    .action(async (flags: Flags) => {
      const options: MockServerOptions = {
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
        ...(flags.rpmBurst === undefined ? {} : { rpmBurst: flags.rpmBurst }),
        ...(flags.persona === undefined ? {} : { persona: flags.persona }),
        ...(flags.dataset === undefined ? {} : { dataset: flags.dataset }),
        ...(flags.requireApiKey === undefined ? {} : { requireApiKey: flags.requireApiKey }),
        ...(flags.stateDir === undefined ? {} : { stateDir: flags.stateDir }),
      };
      const server = await startMockServer(options);
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
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          resolve();
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      });
      if (ticker) clearInterval(ticker);
      await server.close();
      if (!flags.quiet) status(counterLine(server.stats(), 0, "stopped"));
    });
}

function counterLine(s: MockStats, perSecond: number, prefix = "mock"): string {
  const chat = s.byEndpoint["POST /v1/chat/completions"] ?? 0;
  const embeddings = s.byEndpoint["POST /v1/embeddings"] ?? 0;
  const batchRows = Object.entries(s.byEndpoint)
    .filter(([k]) => k.startsWith("BATCH "))
    .reduce((sum, [, n]) => sum + n, 0);
  return `${prefix}: ${s.requests} requests (${perSecond}/s), chat ${chat}, embeddings ${embeddings}, batch rows ${batchRows}, 429 ${s.rateLimited}, 500 ${s.serverErrors}, dropped ${s.dropped}, malformed ${s.malformed}, tokens ${s.promptTokens}+${s.completionTokens}`;
}
