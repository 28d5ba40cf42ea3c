import { z } from "zod";
import { releasedManifestData } from "./released-manifest.generated.js";

const hex = (length: number) => z.string().regex(new RegExp(`^[0-9a-f]{${length}}$`));

const releasedFileSchema = z.object({
  id: z.string().min(1),
  role: z.enum(["via", "t1", "t2", "t2-log", "misaligned"]),
  model: z.string().nullable(),
  /** Path in the authors' repository. */
  path: z.string().min(1),
  url: z.url(),
  /** Place of the file in a `--from` directory (the layout of the project's shared data). */
  local: z.string().min(1),
  size: z.number().int().positive().nullable(),
  /** Known for the files the project has checked; otherwise the git blob id vouches for them. */
  sha256: hex(64).nullable(),
  /** sha1 of "blob <size>\0" + content: the id git gives the file at the pinned commit. */
  gitBlob: hex(40),
});
export type ReleasedFile = z.infer<typeof releasedFileSchema>;

const releasedModelSchema = z.object({
  name: z.string().min(1),
  t1: z.string(),
  /** Task-2 sources in order of preference (file ids). */
  t2: z.array(z.string()),
  /** The authors' misaligned-item list (file id): task 2 is reconstructed from it when no task-2 file is at hand. */
  misaligned: z.string().optional(),
  /** Part of the default comparison. */
  default: z.boolean(),
});
export type ReleasedModel = z.infer<typeof releasedModelSchema>;

const releasedManifestSchema = z
  .object({
    kind: z.literal("valens-released-manifest"),
    formatVersion: z.literal(1),
    description: z.string(),
    repository: z.string(),
    commit: hex(40),
    rawBase: z.url(),
    files: z.array(releasedFileSchema),
    models: z.array(releasedModelSchema),
  })
  .superRefine((manifest, ctx) => {
    const ids = new Set(manifest.files.map((f) => f.id));
    for (const model of manifest.models) {
      for (const id of [model.t1, ...model.t2, ...(model.misaligned ? [model.misaligned] : [])]) {
        if (!ids.has(id))
          ctx.addIssue({ code: "custom", message: `model ${model.name} names unknown file ${id}` });
      }
    }
  });
export type ReleasedManifest = z.infer<typeof releasedManifestSchema>;

/** The manifest shipped with this valens (datasets/released-manifest.json). */
export const releasedManifest: ReleasedManifest = releasedManifestSchema.parse(releasedManifestData);

export function fileById(manifest: ReleasedManifest, id: string): ReleasedFile {
  const file = manifest.files.find((f) => f.id === id);
  if (!file) throw new Error(`The released manifest has no file ${id}`);
  return file;
}
