import { fnv1a32, mix32 } from "@valens/core";

export { sha256Hex } from "@valens/core";

/** 32-bit FNV-1a with a murmur3 finaliser: fast, stable across runs, well spread. */
export function hash32(text: string): number {
  return mix32(fnv1a32(text));
}

/** A deterministic number in [0, 1) from the given parts (e.g. seed, purpose, item key). */
export function unitHash(...parts: readonly (string | number)[]): number {
  return hash32(parts.join("\u0001")) / 4294967296;
}

/** Picks one element deterministically from the given parts. */
export function pick<T>(list: readonly T[], ...parts: readonly (string | number)[]): T {
  const index = Math.floor(unitHash(...parts) * list.length);
  return list[Math.min(index, list.length - 1)] as T;
}
