/** FNV-1a's 32-bit offset basis. */
export const FNV1A_OFFSET = 0x811c9dc5;
const FNV1A_PRIME = 0x01000193;

/**
 * FNV-1a over the UTF-16 code units of `text`, continuing from `state` (a signed 32-bit state;
 * `>>> 0` gives the hash). Continuing lets a caller hash "a b" from a's state without joining.
 */
export function fnv1aContinue(state: number, text: string): number {
  let h = state;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV1A_PRIME);
  }
  return h;
}

/**
 * 32-bit FNV-1a of `text` (unsigned): stable across platforms and releases, so saved models,
 * seeds and mock answers derived from it never change. `basis` starts from another state.
 */
export function fnv1a32(text: string, basis: number = FNV1A_OFFSET): number {
  return fnv1aContinue(basis, text) >>> 0;
}

/** murmur3's 32-bit finaliser: spreads a weak hash's bits over the whole word (unsigned). */
export function mix32(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
