import { describe, expect, it } from "vitest";
import { splitBatchFiles } from "./batch-runner.js";

const line = (i: number, size = 10) => ({
  customId: `c${i}`,
  key: `c${i}`,
  sample: 0,
  requestJson: "{}",
  line: "x".repeat(size),
});

describe("splitBatchFiles", () => {
  it("splits by request count and by bytes, never exceeding either", () => {
    const lines = Array.from({ length: 25 }, (_, i) => line(i));
    expect(
      splitBatchFiles(lines, { maxRequestsPerFile: 10, maxBytesPerFile: 1e6 }).map((f) => f.length),
    ).toEqual([10, 10, 5]);
    // 11 bytes per line with its newline: 4 lines fit in 50 bytes.
    expect(
      splitBatchFiles(lines.slice(0, 9), { maxRequestsPerFile: 100, maxBytesPerFile: 50 }).map(
        (f) => f.length,
      ),
    ).toEqual([4, 4, 1]);
    expect(() => splitBatchFiles([line(0, 100)], { maxRequestsPerFile: 10, maxBytesPerFile: 50 })).toThrow(
      /above the 50-byte/,
    );
  });
});
