import { z } from "zod";

/** How text becomes token ids; saved in the model card so prediction hashes exactly as training did. */
export const hashingSettingsSchema = z.object({
  scheme: z.literal("fnv1a32-words-bigrams-v1"),
  /** Number of hash buckets including the padding id 0. */
  buckets: z.number().int().min(16),
  /** Longest token sequence kept per text field (unigrams first, then bigrams). */
  maxTokens: z.number().int().min(1),
  bigrams: z.boolean(),
});
export type HashingSettings = z.infer<typeof hashingSettingsSchema>;

export const defaultHashing: HashingSettings = {
  scheme: "fnv1a32-words-bigrams-v1",
  buckets: 1 << 15,
  maxTokens: 96,
  bigrams: true,
};

/** Lower-cased words: letters and digits, apostrophes inside words kept ("don't"). */
export function words(text: string): string[] {
  return (
    text
      .normalize("NFKC")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu) ?? []
  );
}

/** FNV-1a over the UTF-16 code units: stable across platforms and releases. */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Bucket id in 1..buckets-1 (0 is padding). */
export function bucketOf(token: string, buckets: number): number {
  return 1 + (fnv1a32(token) % (buckets - 1));
}

/**
 * Token ids of a text: word unigrams then word bigrams, truncated to maxTokens and padded with 0.
 * Unigrams come first so truncation drops bigrams before words.
 */
export function hashText(text: string, settings: HashingSettings, out?: Int32Array, offset = 0): Int32Array {
  const target = out ?? new Int32Array(settings.maxTokens);
  const list = words(text);
  let n = 0;
  for (let i = 0; i < list.length && n < settings.maxTokens; i++) {
    target[offset + n++] = bucketOf(list[i] as string, settings.buckets);
  }
  if (settings.bigrams) {
    for (let i = 0; i + 1 < list.length && n < settings.maxTokens; i++) {
      target[offset + n++] = bucketOf(`${list[i]} ${list[i + 1]}`, settings.buckets);
    }
  }
  for (; n < settings.maxTokens; n++) target[offset + n] = 0;
  return target;
}
