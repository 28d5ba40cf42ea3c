import { FNV1A_OFFSET, fnv1a32, fnv1aContinue } from "@valens/core";
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
  // NFKC only changes non-ASCII text; skipping it for ASCII saves a third of the encoding time.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the whole ASCII range, controls included, is the test.
  const normalised = /^[\x00-\x7f]*$/.test(text) ? text : text.normalize("NFKC");
  return normalised.toLowerCase().match(/[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu) ?? [];
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
  const modulus = settings.buckets - 1;
  let n = 0;
  // The bigram "a b" hashes as FNV of a, then " ", then b: continuing from a's state gives the
  // same value as hashing the joined string, without building it.
  const states: number[] = [];
  for (let i = 0; i < list.length; i++) {
    const state = fnv1aContinue(FNV1A_OFFSET, list[i] as string);
    states.push(state);
    if (n < settings.maxTokens) target[offset + n++] = 1 + ((state >>> 0) % modulus);
  }
  if (settings.bigrams) {
    for (let i = 0; i + 1 < list.length && n < settings.maxTokens; i++) {
      const joined = fnv1aContinue(fnv1aContinue(states[i] as number, " "), list[i + 1] as string);
      target[offset + n++] = 1 + ((joined >>> 0) % modulus);
    }
  }
  for (; n < settings.maxTokens; n++) target[offset + n] = 0;
  return target;
}
