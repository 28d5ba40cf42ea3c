import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { FNV1A_OFFSET, fnv1a32, fnv1aContinue, mix32 } from "./fnv1a.js";
import { sha256Digest, sha256Hex } from "./sha256.js";

describe("fnv1a32", () => {
  it("gives the published FNV-1a 32-bit values", () => {
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1a32("foobar")).toBe(0xbf9cf968);
  });

  it("continues from a state as if the texts were joined, and starts from another basis", () => {
    expect(fnv1aContinue(fnv1aContinue(FNV1A_OFFSET, "foo"), "bar") >>> 0).toBe(fnv1a32("foobar"));
    expect(fnv1a32("bar", fnv1aContinue(FNV1A_OFFSET, "foo"))).toBe(fnv1a32("foobar"));
    expect(fnv1a32("x", FNV1A_OFFSET ^ 7)).not.toBe(fnv1a32("x"));
  });

  it("finalises with murmur3's fmix32", () => {
    expect(mix32(0)).toBe(0);
    // fmix32(1) from the reference implementation.
    expect(mix32(1)).toBe(0x514e28b7);
    expect(mix32(-1)).toBe(mix32(0xffffffff));
  });
});

describe("sha256", () => {
  it("hashes text as UTF-8 and bytes as they are", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex("é")).toBe(createHash("sha256").update(Buffer.from("é", "utf8")).digest("hex"));
    expect(sha256Hex(new Uint8Array([1, 2, 3]))).toBe(
      sha256Digest(new Uint8Array([1, 2, 3])).toString("hex"),
    );
    expect(sha256Digest("abc").length).toBe(32);
  });
});
