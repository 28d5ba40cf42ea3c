import { describe, expect, it } from "vitest";
import { redactSecrets } from "./redact.js";

const key = "sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz012345";

describe("redactSecrets", () => {
  it("removes the whole key, the key without its prefix, and any 8+ character run of it", () => {
    const body = [
      `Incorrect API key provided: ${key}.`,
      `key ${key.slice(8)} was revoked`,
      `partial: ${key.slice(12, 22)} and ${key.slice(20, 28)}`,
    ].join("\n");
    const out = redactSecrets(body, [key]);
    for (let i = 0; i + 8 <= key.length; i++) expect(out).not.toContain(key.slice(i, i + 8));
    expect(out).toContain("Incorrect API key provided: [redacted].");
    expect(out).toContain("was revoked");
  });

  it("leaves shorter coincidences and unrelated text alone", () => {
    expect(redactSecrets("AbCdEfG is seven", [key])).toBe("AbCdEfG is seven");
    expect(redactSecrets("nothing secret here", [key, undefined])).toBe("nothing secret here");
  });
});
