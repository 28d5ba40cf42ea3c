import { z } from "zod";

export const DATASET_FORMAT_VERSION = 1;

/** The sidecar manifest of a dataset file (`via.jsonl` -> `via.manifest.json`). */
export const datasetManifestSchema = z.object({
  kind: z.literal("valens-dataset"),
  formatVersion: z.literal(DATASET_FORMAT_VERSION),
  valensVersion: z.string(),
  createdAt: z.string(),
  /** Where the records came from: the published VIA CSV, or a generator model. */
  source: z.object({
    type: z.enum(["via-download", "generated"]),
    url: z.string().optional(),
    file: z.string().optional(),
    sha256: z.string().optional(),
    model: z.string().optional(),
    variant: z.number().int().optional(),
  }),
  records: z.number().int().nonnegative(),
  parse: z.object({
    clean: z.number().int().nonnegative(),
    repaired: z.number().int().nonnegative(),
    failed: z.number().int().nonnegative(),
    /** Repaired answers by what was wrong with them. */
    repairs: z.record(z.string(), z.number().int().nonnegative()).default({}),
  }),
  /** Items whose two actions cannot both be used, with why. */
  unpairable: z.array(z.object({ item: z.string(), reason: z.string() })).default([]),
  parameters: z.record(z.string(), z.unknown()).default({}),
});
export type DatasetManifest = z.infer<typeof datasetManifestSchema>;

/** `data/via.jsonl` -> `data/via.manifest.json`. */
export const manifestPathFor = (datasetFile: string): string =>
  `${datasetFile.replace(/\.jsonl$/i, "")}.manifest.json`;

export function parseCounts(
  records: readonly { parseStatus: string; parseNote?: string | undefined }[],
): DatasetManifest["parse"] {
  const parse: DatasetManifest["parse"] = { clean: 0, repaired: 0, failed: 0, repairs: {} };
  for (const r of records) {
    if (r.parseStatus === "clean") parse.clean++;
    else if (r.parseStatus === "repaired") {
      parse.repaired++;
      const note = r.parseNote ?? "repaired";
      parse.repairs[note] = (parse.repairs[note] ?? 0) + 1;
    } else parse.failed++;
  }
  return parse;
}
