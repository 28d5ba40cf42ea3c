import { createHash } from "node:crypto";

/** 32-bit FNV-1a with a murmur3 finaliser: fast, stable across runs, well spread. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
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

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
