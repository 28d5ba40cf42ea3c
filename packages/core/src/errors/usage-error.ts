import { ValensError, type ValensErrorOptions } from "./valens-error.js";

/** Flags that cannot be used together, or a flag given an empty or meaningless value. Exit code 2. */
export class UsageError extends ValensError {
  static override readonly marker: string = "valens.error.UsageError";
  override readonly name = "UsageError";
  constructor(message: string, options: ValensErrorOptions = {}) {
    super("usage", message, options);
  }

  /** `--a` and `--b` given together. */
  static conflict(a: string, b: string, hint?: string): UsageError {
    return new UsageError(`${a} and ${b} cannot be used together`, {
      hint: hint ?? `Pass one of ${a} or ${b}`,
    });
  }
}
