import { sha256Digest } from "@valens/core";

/**
 * The permanent random number of an item: a uniform number in [0, 1) fixed by the seed and the
 * item's key alone. Poisson sampling draws an item when its number is below its inclusion
 * probability, so a larger budget (larger probabilities) draws a superset of the same items.
 * A hash, not a stream: the number does not depend on which other items are in the grid.
 */
export function permanentRandomNumber(seed: number, key: string): number {
  const digest = sha256Digest(`valens-sample\u0000${seed}\u0000${key}`);
  // 48 bits: exact in a double, far finer than any inclusion probability needs.
  return digest.readUIntBE(0, 6) / 2 ** 48;
}
