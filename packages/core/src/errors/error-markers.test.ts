import { describe, expect, it, vi } from "vitest";
import * as core from "../index.js";
import { DownloadError } from "./download-error.js";
import { errorCodes, isErrorCode } from "./error-code.js";
import { FormatVersionError } from "./format-version-error.js";
import { InputError } from "./input-error.js";
import { UnknownNameError } from "./unknown-name-error.js";
import { UsageError } from "./usage-error.js";
import { ValensError } from "./valens-error.js";

/** Every error class core exports, found from the index so a new one cannot be left out. */
const exported = Object.values(core).filter(
  (value): value is typeof ValensError =>
    typeof value === "function" && (value === ValensError || value.prototype instanceof ValensError),
);

const samples: ValensError[] = [
  new InputError("bad"),
  new UsageError("bad"),
  new DownloadError("bad"),
  new UnknownNameError("country", "Germny", ["Germany"]),
  new FormatVersionError("run", 9, 1),
  new core.LockedError("The run", undefined, "run/.lock"),
];

describe("error markers", () => {
  it("gives every exported error class a marker of its own", () => {
    expect(exported.map((type) => type.name).sort()).toEqual(
      [
        "DownloadError",
        "FormatVersionError",
        "InputError",
        "LockedError",
        "UnknownNameError",
        "UsageError",
        "ValensError",
      ].sort(),
    );
    for (const type of exported) expect(Object.hasOwn(type, "marker"), type.name).toBe(true);
    expect(new Set(exported.map((type) => type.marker)).size).toBe(exported.length);
    // Every class is sampled below.
    expect(samples.map((error) => error.constructor).sort()).toEqual(
      exported.filter((type) => type !== ValensError).sort(),
    );
  });

  it("recognises an instance by its own class only, and every one as a ValensError", () => {
    for (const error of samples) {
      expect(ValensError.isInstance(error)).toBe(true);
      for (const type of exported) {
        if (type === ValensError) continue;
        expect(type.isInstance(error), `${type.name}.isInstance(${error.name})`).toBe(error instanceof type);
      }
    }
    expect(InputError.isInstance(new UsageError("x"))).toBe(false);
    expect(UsageError.isInstance(new InputError("x"))).toBe(false);
  });

  it("keeps a subclass of a subclass an instance of both parents, not the other way round", () => {
    class MissingFileError extends InputError {
      static override readonly marker: string = "valens.error.test.MissingFileError";
    }
    const error = new MissingFileError("gone");
    expect(MissingFileError.isInstance(error)).toBe(true);
    expect(InputError.isInstance(error)).toBe(true);
    expect(ValensError.isInstance(error)).toBe(true);
    expect(MissingFileError.isInstance(new InputError("x"))).toBe(false);
    expect(UsageError.isInstance(error)).toBe(false);
  });

  it("recognises an error from another copy of the module, where instanceof fails", async () => {
    vi.resetModules();
    const copy = await import("./input-error.js");
    const foreign = new copy.InputError("from a second copy");
    expect(foreign instanceof InputError).toBe(false);
    expect(InputError.isInstance(foreign)).toBe(true);
    expect(ValensError.isInstance(foreign)).toBe(true);
    expect(UsageError.isInstance(foreign)).toBe(false);
  });

  it("types the code as one of the listed codes", () => {
    for (const error of samples) expect(isErrorCode(error.code)).toBe(true);
    expect(new Set(errorCodes).size).toBe(errorCodes.length);
    expect(isErrorCode("input")).toBe(true);
    expect(isErrorCode("nope")).toBe(false);
    expect(isErrorCode(2)).toBe(false);
  });
});
