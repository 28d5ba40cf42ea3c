import { FNV1A_OFFSET, fnv1a32 } from "@valens/core";

export { createRng } from "@valens/core";

/** Fisher-Yates shuffle of a copy. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = items.slice();
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = copy[i] as T;
    copy[i] = copy[j] as T;
    copy[j] = tmp;
  }
  return copy;
}

/** Derives independent integer seeds (for initializers, shuffles, splits) from one user seed. */
export function deriveSeed(seed: number, purpose: string): number {
  return fnv1a32(purpose, FNV1A_OFFSET ^ (seed >>> 0));
}
