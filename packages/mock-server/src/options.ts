import { actionRecordSchema } from "@valens/core";
import { templateFileSchema } from "@valens/tasks";
import { z } from "zod";
import { personaSchema } from "./persona-schema.js";

const rate = z.number().min(0).max(1);

/** Forces an error answer on model endpoints (chat, embeddings), e.g. insufficient_quota. */
const failStatusSchema = z.strictObject({
  status: z.number().int().min(400).max(599),
  /** OpenAI error type; defaults by status (e.g. 429 -> "insufficient_quota"). */
  type: z.string().optional(),
  code: z.string().nullable().optional(),
  message: z.string().optional(),
  /** Fail only this many requests, then answer normally again. Default: every request. */
  times: z.number().int().positive().optional(),
});
export type FailStatus = z.infer<typeof failStatusSchema>;

/** The fields of a dataset row the mock needs: core's ActionRecord, read as far as it needs. */
export const datasetActionSchema = actionRecordSchema.pick({
  country: true,
  topic: true,
  value: true,
  polarity: true,
  action: true,
});
export type DatasetAction = z.infer<typeof datasetActionSchema>;

export const mockServerOptionsSchema = z.strictObject({
  /** 0 picks a free port. */
  port: z.number().int().min(0).max(65535).default(0),
  host: z.string().min(1).default("127.0.0.1"),
  /** Delay before each model answer (chat, embeddings). */
  latencyMs: z.number().min(0).default(0),
  /** Requests per minute on model endpoints; 0 = unlimited. */
  rpm: z.number().min(0).default(0),
  /** Token-bucket size; default one second's worth of requests (ceil(rpm / 60)), at least 1. */
  rpmBurst: z.number().int().positive().optional(),
  /** Share of model requests answered with HTTP 500. */
  errorRate: rate.default(0),
  /** Share of chat answers whose content is broken JSON. */
  malformedRate: rate.default(0),
  /** Share of model requests whose connection is destroyed without an answer. */
  dropRate: rate.default(0),
  seed: z.number().int().default(0),
  /** A persona object, or the path of a persona JSON file. */
  persona: z.union([personaSchema, z.string().min(1)]).optional(),
  /** Dataset rows, or the path of a JSONL dataset (project format) or the published VIA CSV. */
  dataset: z.union([z.array(datasetActionSchema), z.string().min(1)]).optional(),
  /**
   * The prompt templates to read prompts by: a template file (object or path) merged over the
   * built-in ones, as `valens eval --templates` takes it. Default: the built-in templates.
   */
  templates: z.union([templateFileSchema, z.string().min(1)]).optional(),
  /** Time a batch takes from creation to completion. */
  batchDelayMs: z.number().min(0).default(1000),
  /** When set, requests must carry `Authorization: Bearer <this>`, else 401. */
  requireApiKey: z.string().min(1).optional(),
  failStatus: failStatusSchema.nullable().optional(),
  /** Default embedding size (a request's `dimensions` overrides it). */
  embeddingDimensions: z.number().int().min(1).max(8192).default(64),
  /** Models listed by /v1/models (any model name is accepted on requests). */
  models: z
    .array(z.string().min(1))
    .default(["mock-model", "gpt-4o-mini", "gpt-4o", "text-embedding-3-small"]),
  /** Keep files and batches in this directory so a restarted server still has them. */
  stateDir: z.string().min(1).optional(),
});
export type MockServerOptions = z.input<typeof mockServerOptionsSchema>;
export type ResolvedMockOptions = z.output<typeof mockServerOptionsSchema>;

/** Every injected fault off (no latency, rate limit, errors, malformed or dropped answers). */
export const NO_FAULTS = {
  latencyMs: 0,
  rpm: 0,
  errorRate: 0,
  malformedRate: 0,
  dropRate: 0,
  failStatus: null,
} as const satisfies Partial<MockServerOptions>;
