import { z } from "zod";
import { variantSchema } from "./item.js";

/** Bumped on any change a reader of an older version would misread. */
export const RUN_FORMAT_VERSION = 1;

const fileRefSchema = z.object({ path: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

const taskSummarySchema = z.object({
  variants: z.array(variantSchema),
  records: z.number().int().nonnegative(),
  clean: z.number().int().nonnegative(),
  repaired: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  /**
   * Set when the answers were not observed but inferred (the study's misaligned-item lists give
   * each item's gap, not the answer): where from, how many items, and what the source cannot know.
   */
  reconstructed: z
    .object({
      from: z.literal("misaligned-list"),
      file: z.string(),
      items: z.number().int().nonnegative(),
      misaligned: z.number().int().nonnegative(),
      unknown: z.string(),
    })
    .optional(),
});
export type TaskSummary = z.infer<typeof taskSummarySchema>;

export const usageSchema = z.object({
  requests: z.number().int().nonnegative(),
  cacheHits: z.number().int().nonnegative(),
  promptTokens: z.number().int().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
  costUsd: z.number().nonnegative().nullable(),
});
export type Usage = z.infer<typeof usageSchema>;

/** manifest.json of a run directory (see the README's "Run directory" section). */
export const runManifestSchema = z.object({
  kind: z.literal("valens-run"),
  formatVersion: z.literal(RUN_FORMAT_VERSION),
  valensVersion: z.string(),
  createdAt: z.string(),
  model: z.object({
    name: z.string().min(1),
    /** provider:model reference for live runs. */
    ref: z.string().optional(),
    baseUrl: z.string().optional(),
    /** Model names and system_fingerprint values the API returned. */
    served: z.array(z.string()).default([]),
    systemFingerprints: z.array(z.string()).default([]),
  }),
  source: z.object({
    type: z.enum(["live", "import-released", "import-table"]),
    /** Input files by role (via, t1, t2-log, ...), with checksums. */
    files: z.record(z.string(), fileRefSchema).default({}),
  }),
  dataset: z
    .object({ sha256: z.string(), records: z.number().int().nonnegative(), name: z.string().optional() })
    .optional(),
  tasks: z.object({ task1: taskSummarySchema.nullable(), task2: taskSummarySchema.nullable() }),
  parameters: z.record(z.string(), z.unknown()).default({}),
  timing: z
    .object({ startedAt: z.string(), finishedAt: z.string(), durationMs: z.number().nonnegative() })
    .optional(),
  usage: usageSchema.optional(),
  /** Problems found while building the run that did not stop it (counted, never silent). */
  notes: z.array(z.string()).default([]),
});
export type RunManifest = z.infer<typeof runManifestSchema>;
