import { ValensError, type ValensErrorOptions } from "./valens-error.js";

export type CatalogKind = "value" | "country" | "topic" | "motivational type";

/** A country, topic or value name that is not in the catalog, with the closest valid names. */
export class UnknownNameError extends ValensError {
  static override readonly marker: string = "valens.error.UnknownNameError";
  override readonly name = "UnknownNameError";
  readonly kind: CatalogKind;
  readonly unknown: string;
  readonly suggestions: readonly string[];

  constructor(
    kind: CatalogKind,
    unknown: string,
    suggestions: readonly string[],
    options: ValensErrorOptions = {},
  ) {
    super("unknown-name", `Unknown ${kind} "${unknown}"`, {
      ...options,
      hint:
        options.hint ??
        (suggestions.length > 0
          ? `Closest ${kind} names: ${suggestions.map((s) => `"${s}"`).join(", ")}`
          : `Add it with a catalog file if it is new`),
    });
    this.kind = kind;
    this.unknown = unknown;
    this.suggestions = suggestions;
  }
}
