import { createHash } from "node:crypto";
import { sha256Hex } from "@valens/core";
import type { ReleasedFile } from "./released-manifest.js";

export interface Digests {
  size: number;
  sha256: string;
  gitBlob: string;
}

export function digests(content: Uint8Array): Digests {
  const sha256 = sha256Hex(content);
  const gitBlob = createHash("sha1").update(`blob ${content.byteLength}\0`).update(content).digest("hex");
  return { size: content.byteLength, sha256, gitBlob };
}

/** Why the content is not the manifest's file, or null when it is. */
export function mismatch(file: ReleasedFile, d: Digests): string | null {
  if (file.size !== null && d.size !== file.size) return `size ${d.size} bytes, expected ${file.size}`;
  if (file.sha256 !== null && d.sha256 !== file.sha256) return `sha256 ${d.sha256}, expected ${file.sha256}`;
  if (d.gitBlob !== file.gitBlob) return `git blob id ${d.gitBlob}, expected ${file.gitBlob}`;
  return null;
}
