import { InputError } from "@valens/core";
import type { Example } from "../data/examples.js";
import { textOfField } from "../data/features.js";

/**
 * Where sentence embeddings come from: any OpenAI-compatible /v1/embeddings endpoint behind
 * the ModelClient contract of @valens/core (implemented by @valens/llm,
 * which caches every answer), or a test double.
 */
export interface EmbeddingSource {
  readonly ref: string;
  readonly baseUrl: string;
  embed(texts: readonly string[]): Promise<number[][]>;
}

export type EmbeddingLookup = (example: Example, field: string) => readonly number[];

/** Embeds every distinct text of the given fields once, in batches, and checks the answers. */
export async function embedExamples(
  source: EmbeddingSource,
  fields: readonly string[],
  examples: readonly Example[],
  batchSize = 128,
): Promise<{ lookup: EmbeddingLookup; dimension: number }> {
  const texts = [...new Set(examples.flatMap((e) => fields.map((f) => textOfField(e, f))))];
  const vectors = new Map<string, number[]>();
  let dimension = 0;
  for (let start = 0; start < texts.length; start += batchSize) {
    const batch = texts.slice(start, start + batchSize);
    const answer = await source.embed(batch);
    if (answer.length !== batch.length) {
      throw new InputError(
        `The embeddings endpoint returned ${answer.length} vectors for ${batch.length} texts`,
        {
          hint: `Check ${source.baseUrl} serves /v1/embeddings for ${source.ref}`,
        },
      );
    }
    answer.forEach((vector, i) => {
      if (dimension === 0) dimension = vector.length;
      if (vector.length !== dimension || dimension === 0 || !vector.every(Number.isFinite)) {
        throw new InputError(
          `The embeddings endpoint returned an unusable vector (length ${vector.length}, expected ${dimension})`,
        );
      }
      vectors.set(batch[i] as string, vector);
    });
  }
  const zero = new Array<number>(dimension).fill(0);
  return { lookup: (example, field) => vectors.get(textOfField(example, field)) ?? zero, dimension };
}
