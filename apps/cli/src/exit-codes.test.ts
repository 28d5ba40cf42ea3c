import {
  DownloadError,
  errorCodes,
  FormatVersionError,
  InputError,
  LockedError,
  UnknownNameError,
  UsageError,
  type ValensError,
} from "@valens/core";
import {
  AuthError,
  BudgetError,
  InterruptedError,
  NetworkError,
  ProviderError,
  StoreWriteError,
} from "@valens/llm";
import { describe, expect, it } from "vitest";
import { ExitCode, exitCodeByErrorCode, exitCodeFor } from "./exit-codes.js";

describe("exit codes", () => {
  it("maps every error code on purpose, to the codes the README documents", () => {
    expect(Object.keys(exitCodeByErrorCode).sort()).toEqual([...errorCodes].sort());
    const documented = new Set([2, 3, 4, 5, 6, 7, 130]);
    for (const code of errorCodes) expect(documented.has(exitCodeByErrorCode[code]), code).toBe(true);
  });

  it("keeps the exit code of every error class users see", () => {
    const cases: [ValensError, number][] = [
      [new InputError("x"), 2],
      [new UsageError("x"), 2],
      [new UnknownNameError("country", "Germny", ["Germany"]), 2],
      [new FormatVersionError("run", 9, 1), 2],
      [new LockedError("The run", undefined, "run/.lock"), 2],
      [new ProviderError("refused", 400), 3],
      [new AuthError("bad key", 401), 3],
      [new BudgetError(1, 0.5, 3), 4],
      [new DownloadError("x"), 5],
      [new NetworkError("http://127.0.0.1:9", "ECONNREFUSED"), 6],
      [new StoreWriteError("s.sqlite", "disk full", 1, undefined), 7],
      [new InterruptedError(1, 2), 130],
    ];
    for (const [error, code] of cases) expect(exitCodeFor(error), error.name).toBe(code);
  });

  it("treats anything else as an internal error, not as bad input", () => {
    expect(exitCodeFor(new Error("bug"))).toBe(ExitCode.internal);
    // A ValensError from a mismatched copy of core with a code this CLI does not know.
    const stranger = new InputError("x");
    Object.defineProperty(stranger, "code", { value: "from-the-future" });
    expect(exitCodeFor(stranger)).toBe(ExitCode.internal);
  });
});
