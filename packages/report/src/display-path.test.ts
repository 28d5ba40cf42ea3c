import { describe, expect, it } from "vitest";
import { displayPath } from "./display-path.js";

describe("displayPath", () => {
  it("keeps relative paths, makes paths under the working directory relative", () => {
    expect(displayPath("runs/claude", "/home/ana/work")).toBe("runs/claude");
    expect(displayPath("/home/ana/work/demo-output/runs/mock-model-a", "/home/ana/work")).toBe(
      "demo-output/runs/mock-model-a",
    );
    expect(displayPath("/home/ana/work", "/home/ana/work")).toBe(".");
  });

  it("shows only the last two parts of a directory elsewhere", () => {
    expect(displayPath("/tmp/valens-x/runs/claude", "/home/ana/work")).toBe("…/runs/claude");
    expect(displayPath("/claude", "/home/ana/work")).toBe("claude");
    expect(displayPath("/home/ana/other", "/home/ana/work")).not.toContain("/home/ana");
  });
});
