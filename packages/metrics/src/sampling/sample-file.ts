import { existsSync } from "node:fs";
import { join } from "node:path";
import { describeZodIssue, InputError, readJsonlAll, writeJsonl } from "@valens/core";
import { z } from "zod";
import type { ItemAlignment } from "../item-alignment.js";
import { sampleDesignSchema } from "./design.js";
import type { SampledItem } from "./estimates.js";
import { estimatorSchema } from "./estimator.js";

/**
 * task2-sample.jsonl in a sampled run: one line per item of the grid (every item with a Task-1
 * rating), whether drawn or not, so the estimates can weight the drawn ones and predict the rest.
 */
export const SAMPLE_FILE = "task2-sample.jsonl";

export const sampleRecordSchema = z.object({
  country: z.string(),
  topic: z.string(),
  value: z.string(),
  /** Stated stance from Task 1 when the sample was drawn. */
  statedStance: z.enum(["agree", "disagree"]),
  /** The guide's gap probability; null when the run had no guide (uniform design). */
  forecast: z.number().min(0).max(1).nullable(),
  /** Probability that the design draws the item. */
  inclusion: z.number().gt(0).max(1),
  /** The item's permanent random number: drawn iff prn < inclusion. */
  prn: z.number().min(0).lt(1),
  drawn: z.boolean(),
});
export type SampleRecord = z.infer<typeof sampleRecordSchema>;

/** manifest.parameters.task2Sample of a sampled run. */
export const sampleManifestSchema = z.object({
  file: z.literal(SAMPLE_FILE),
  design: sampleDesignSchema,
  estimator: estimatorSchema,
  /** The budget as given (e.g. "10%" or "500") and as expected items. */
  budget: z.string(),
  expectedItems: z.number().positive(),
  items: z.number().int().positive(),
  drawn: z.number().int().nonnegative(),
  seed: z.number().int(),
  floor: z.number().nullable(),
  guide: z
    .object({
      dir: z.string(),
      trainedOn: z.array(z.string()),
      formatVersion: z.number().int(),
      forced: z.boolean(),
    })
    .nullable(),
});
export type SampleManifest = z.infer<typeof sampleManifestSchema>;

export async function writeSampleFile(dir: string, records: readonly SampleRecord[]): Promise<void> {
  await writeJsonl(join(dir, SAMPLE_FILE), records);
}

/** The run's sample records, or null when the run is not sampled. */
export async function readSampleFile(dir: string): Promise<SampleRecord[] | null> {
  const file = join(dir, SAMPLE_FILE);
  if (!existsSync(file)) return null;
  return readJsonlAll(file, sampleRecordSchema, "Task-2 sample file");
}

const keyOf = (i: { country: string; topic: string; value: string }) =>
  `${i.country}\u0000${i.topic}\u0000${i.value}`;

/**
 * The sample's items with their observed outcome: a drawn item's outcome is whether it is
 * misaligned, when its Task 2 was answered (comparable under the missing policy); undrawn items
 * have none, whatever the missing policy says.
 */
export function sampledItemsOf(
  records: readonly SampleRecord[],
  items: readonly ItemAlignment[],
): SampledItem[] {
  const byKey = new Map(items.map((i) => [keyOf(i), i]));
  return records.map((r) => {
    const item = byKey.get(keyOf(r));
    const observed = r.drawn && item?.comparable === true && item.answered > 0 ? item.misaligned : null;
    return {
      country: r.country,
      topic: r.topic,
      value: r.value,
      statedAgree: r.statedStance === "agree",
      forecast: r.forecast,
      inclusion: r.inclusion,
      drawn: r.drawn,
      outcome: observed,
    };
  });
}

/**
 * The sample of a sampled run: its manifest block and its records, both or neither. One clear
 * line when the manifest names a sample the directory lacks, or the block is not readable.
 */
export async function readRunSample(
  dir: string,
  manifest: { parameters: Record<string, unknown> },
): Promise<{ records: SampleRecord[]; manifest: SampleManifest } | null> {
  const block = manifest.parameters.task2Sample;
  const records = await readSampleFile(dir);
  if (block === undefined && records === null) return null;
  if (block === undefined)
    throw new InputError(`${SAMPLE_FILE} is in the run but manifest.json has no parameters.task2Sample`, {
      file: dir,
      hint: "Re-run the `valens eval --task2-budget` command that made the run to rewrite both",
    });
  if (records === null)
    throw new InputError(`The manifest names a Task-2 sample but ${SAMPLE_FILE} is missing`, {
      file: dir,
      hint: "Re-run the `valens eval --task2-budget` command that made the run (answers come from the response store)",
    });
  const parsed = sampleManifestSchema.safeParse(block);
  if (!parsed.success)
    throw new InputError(
      `manifest.json parameters.task2Sample is not readable: ${describeZodIssue(parsed.error)}`,
      { file: dir },
    );
  if (records.length !== parsed.data.items)
    throw new InputError(
      `${SAMPLE_FILE} has ${records.length} items but the manifest says ${parsed.data.items}`,
      {
        file: join(dir, SAMPLE_FILE),
        hint: "Re-run the `valens eval --task2-budget` command that made the run",
      },
    );
  return { records, manifest: parsed.data };
}
