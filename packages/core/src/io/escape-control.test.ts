import { describe, expect, it } from "vitest";
import { InputError } from "../errors/input-error.js";
import { escapeControl, escapeForTerminal } from "./escape-control.js";

describe("escapeControl", () => {
  it("shows terminal escapes, newlines and bidi overrides instead of running them", () => {
    expect(escapeControl("a\u001b]0;pwned\u0007b")).toBe("a\\x1b]0;pwned\\x07b");
    expect(escapeControl("line1\nline2\r")).toBe("line1\\nline2\\r");
    expect(escapeControl("x\u202ey")).toBe("x\\u202ey");
    expect(escapeControl("plain – text ✓")).toBe("plain – text ✓");
  });

  it("keeps valens's own colours in whole lines, escapes everything else", () => {
    const line = "\u001b[32mwrote\u001b[39m model \u001b[2J\u001b]8;;http://x\u0007";
    expect(escapeForTerminal(line)).toBe("\u001b[32mwrote\u001b[39m model \\x1b[2J\\x1b]8;;http://x\\x07");
    expect(escapeForTerminal("a\n\tb")).toBe("a\n\tb");
  });

  it("makes every error one printable line", () => {
    const error = new InputError("Bad row \u001b[31mred\u001b[0m\nsecond line", { file: "x\u0007.csv" });
    expect(error.format()).toBe("Bad row \\x1b[31mred\\x1b[0m\\nsecond line (x\\x07.csv)");
  });
});
