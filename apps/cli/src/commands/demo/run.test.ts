import { describe, expect, it } from "vitest";
import { nextCommand } from "./run.js";

describe("the demo's Next: lines", () => {
  it("say `npx valens` when npm started the demo and `valens` otherwise", () => {
    expect(nextCommand({ npm_command: "run-script" })).toBe("npx valens");
    expect(nextCommand({ npm_command: "exec" })).toBe("npx valens");
    expect(nextCommand({})).toBe("valens");
  });
});
