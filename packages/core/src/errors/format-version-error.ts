import { ValensError, type ValensErrorOptions } from "./valens-error.js";

/** A run directory, dataset or predictor written in a format this version cannot read. */
export class FormatVersionError extends ValensError {
  static override readonly marker: string = "valens.error.FormatVersionError";
  override readonly name = "FormatVersionError";
  constructor(what: string, found: unknown, supported: number, options: ValensErrorOptions = {}) {
    super(
      "format-version",
      typeof found === "number"
        ? `${what} has format version ${found}, this valens reads version ${supported}`
        : `${what} has formatVersion ${found === undefined ? "missing" : JSON.stringify(found)}, not a number: this valens reads version ${supported} (the number ${supported})`,
      {
        ...options,
        hint:
          options.hint ?? "Re-create it with this version of valens, or use the valens version that wrote it",
      },
    );
  }
}
