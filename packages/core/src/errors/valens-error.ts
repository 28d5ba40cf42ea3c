import { escapeControl } from "../io/escape-control.js";
import type { ErrorCode } from "./error-code.js";

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

/** A class with a marker of its own: ValensError and every subclass. */
interface MarkedClass<T> {
  readonly marker: string;
  readonly prototype: T;
}

/**
 * Base of every error valens throws on purpose. The CLI prints these as one line (what, where,
 * how to fix) and exits non-zero; anything else is a bug and gets a stack trace.
 *
 * Markers make `isInstance` work across duplicate copies of a package, where `instanceof` fails:
 * each class declares its own `static marker`, and an instance carries the markers of its class
 * and of every class it extends. So `InputError.isInstance(new BudgetError(...))` is false, and
 * every subclass instance is still a `ValensError`. A subclass that declares no marker of its
 * own would answer for its parent's; error-markers.test.ts checks that every exported class has one.
 */
export class ValensError extends Error {
  /** "valens.error" since the first release: copies of older versions still carry it. */
  static readonly marker: string = "valens.error";
  override readonly name: string = "ValensError";
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly location: ErrorLocation;

  constructor(code: ErrorCode, message: string, options: ValensErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    for (const marker of markersOf(new.target)) {
      Object.defineProperty(this, Symbol.for(marker), { value: true });
    }
    this.code = code;
    this.hint = options.hint;
    const location: ErrorLocation = {};
    if (options.file !== undefined) location.file = options.file;
    if (options.line !== undefined) location.line = options.line;
    if (options.item !== undefined) location.item = options.item;
    this.location = location;
  }

  /** Whether `error` is an instance of this class (or a subclass), from any copy of the package. */
  static isInstance<T>(this: MarkedClass<T>, error: unknown): error is T {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class it is called on (InputError in InputError.isInstance), not ValensError.
    return typeof error === "object" && error !== null && Symbol.for(this.marker) in error;
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

/** The markers a class and the classes it extends declare, up to ValensError. */
function markersOf(type: object): string[] {
  const markers: string[] = [];
  for (let at: object | null = type; at !== null && at !== Error; at = Object.getPrototypeOf(at)) {
    const marker = Object.hasOwn(at, "marker") ? (at as { marker?: unknown }).marker : undefined;
    if (typeof marker === "string") markers.push(marker);
  }
  return markers;
}
