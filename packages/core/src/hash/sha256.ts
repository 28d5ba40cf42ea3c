import { createHash } from "node:crypto";

/** SHA-256 of a string (as UTF-8) or bytes, as 64 hex digits. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** SHA-256 of a string (as UTF-8) or bytes, as its 32 bytes. */
export function sha256Digest(data: string | Uint8Array): Buffer {
  return createHash("sha256").update(data).digest();
}
