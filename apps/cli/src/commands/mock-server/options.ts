import { z } from "zod";
import type { CommandSpec, IntRule, NumberRule } from "../../cli/option-spec.js";

/** The mock's numbers, refused while parsing: "--port must be an integer from 0 to 65535." */
function range(min: number, max: number | undefined, integer: boolean): IntRule | NumberRule {
  const what = `${integer ? "an integer" : "a number"} ${max === undefined ? `>= ${min}` : `from ${min} to ${max}`}`;
  return {
    type: integer ? "int" : "number",
    min,
    ...(max === undefined ? {} : { max }),
    fail: { as: "commander", message: `{flag} must be ${what}.` },
  };
}
const SHARE = range(0, 1, false);

export const mockServerOptionsSchema = z.object({
  port: z.number(),
  host: z.string(),
  latencyMs: z.number(),
  rpm: z.number(),
  rpmBurst: z.number().optional(),
  errorRate: z.number(),
  malformedRate: z.number(),
  dropRate: z.number(),
  persona: z.string().optional(),
  dataset: z.string().optional(),
  seed: z.number(),
  batchDelayMs: z.number(),
  requireApiKey: z.string().optional(),
  stateDir: z.string().optional(),
  embeddingDimensions: z.number(),
  quiet: z.boolean().optional(),
});
export type MockServerFlags = z.infer<typeof mockServerOptionsSchema>;

export const mockServerSpec: CommandSpec<typeof mockServerOptionsSchema> = {
  name: "mock-server",
  description:
    "Run an OpenAI-compatible mock model on loopback (chat, embeddings, files, batches). Prints its base URL as the first line of stdout; counters go to stderr.",
  options: [
    {
      flags: "--port <n>",
      description: "port to listen on (0 = any free port)",
      value: range(0, 65535, true),
      default: 0,
    },
    { flags: "--host <address>", description: "address to listen on", default: "127.0.0.1" },
    {
      flags: "--latency-ms <n>",
      description: "delay before each model answer",
      value: range(0, undefined, false),
      default: 0,
    },
    {
      flags: "--rpm <n>",
      description: "requests per minute before 429s (0 = unlimited)",
      value: range(0, undefined, false),
      default: 0,
    },
    {
      flags: "--rpm-burst <n>",
      description: "rate-limit bucket size (default: one second's worth, ceil(rpm/60))",
      value: range(1, undefined, true),
    },
    {
      flags: "--error-rate <p>",
      description: "share of model requests answered with HTTP 500",
      value: SHARE,
      default: 0,
    },
    {
      flags: "--malformed-rate <p>",
      description: "share of answers returned as broken JSON",
      value: SHARE,
      default: 0,
    },
    {
      flags: "--drop-rate <p>",
      description: "share of model requests whose connection is dropped",
      value: SHARE,
      default: 0,
    },
    {
      flags: "--persona <file>",
      description: "scripted persona JSON (task-1 ratings, task-2 choices per item)",
    },
    {
      flags: "--dataset <file>",
      description: "dataset (JSONL or the published VIA CSV) to tell which option is the positive action",
    },
    {
      flags: "--seed <n>",
      description: "seed of the default persona and of injected faults",
      value: range(0, 2 ** 31, true),
      default: 0,
    },
    {
      flags: "--batch-delay-ms <n>",
      description: "time a batch takes from creation to completion",
      value: range(0, undefined, false),
      default: 1000,
    },
    { flags: "--require-api-key <key>", description: "answer 401 unless requests carry this bearer key" },
    { flags: "--state-dir <dir>", description: "keep files and batches in this directory across restarts" },
    {
      flags: "--embedding-dimensions <n>",
      description: "default embedding size",
      value: range(1, 8192, true),
      default: 64,
    },
    { flags: "-q, --quiet", description: "do not log counters to stderr" },
  ],
  help: {
    examples: [
      "valens mock-server --port 8787 --latency-ms 100 --rpm 6000 --persona persona.json",
      "OPENAI_BASE_URL=http://127.0.0.1:8787/v1 valens ...",
    ],
  },
  schema: mockServerOptionsSchema,
};
