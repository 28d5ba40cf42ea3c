import { escapeControl } from "../io/escape-control.js";

const marker = "valens.error";
const symbol = Symbol.for(marker);

export interface ErrorLocation {
  /** File the problem was found in. */
  file?: string;
  /** 1-based line in that file. */
  line?: number;
  /** The item or record concerned, e.g. "United States|Politics|Wealth". */
  item?: string;
}

export interface ValensErrorOptions extends ErrorLocation {
  /** How the user can fix it. */
  hint?: string;
  cause?: unknown;
}

/**
 * Base of every error valens throws on purpose. The CLI prints these as one line (what, where,
 * how to fix) and exits non-zero; anything else is a bug and gets a stack trace.
 * The marker makes `isInstance` work across duplicate copies of this package.
 */
export class ValensError extends Error {
  override readonly name: string = "ValensError";
  readonly code: string;
  readonly hint: string | undefined;
  readonly location: ErrorLocation;

  constructor(code: string, message: string, options: ValensErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    Object.defineProperty(this, symbol, { value: true });
    this.code = code;
    this.hint = options.hint;
    const location: ErrorLocation = {};
    if (options.file !== undefined) location.file = options.file;
    if (options.line !== undefined) location.line = options.line;
    if (options.item !== undefined) location.item = options.item;
    this.location = location;
  }

  static isInstance(error: unknown): error is ValensError {
    return typeof error === "object" && error !== null && symbol in error;
  }

  /** One line for humans: "what (where). how to fix". */
  format(): string {
    const where = [
      this.location.file === undefined
        ? undefined
        : this.location.line === undefined
          ? this.location.file
          : `${this.location.file}:${this.location.line}`,
      this.location.item,
    ]
      .filter((part) => part !== undefined)
      .join(", ");
    // Messages quote input files and server bodies: escaped, so the line stays one line and
    // cannot carry terminal escapes.
    return escapeControl(`${this.message}${where ? ` (${where})` : ""}${this.hint ? `. ${this.hint}` : ""}`);
  }
}
