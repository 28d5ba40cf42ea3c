import { ValensError, type ValensErrorOptions } from "./valens-error.js";

/** Bad user input: a missing file, wrong columns, a malformed line, an out-of-range index. */
export class InputError extends ValensError {
  static override readonly marker: string = "valens.error.InputError";
  override readonly name = "InputError";
  constructor(message: string, options: ValensErrorOptions = {}) {
    super("input", message, options);
  }
}
