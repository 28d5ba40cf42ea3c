import { InputError, ValensError } from "@valens/core";
import { describe, expect, it } from "vitest";
import {
  AuthError,
  BudgetError,
  InterruptedError,
  NetworkError,
  ProviderError,
  StoreWriteError,
} from "./errors.js";

const samples: ValensError[] = [
  new ProviderError("refused", 400),
  new AuthError("bad key", 401),
  new BudgetError(1, 0.5, 3),
  new InterruptedError(1, 2),
  new StoreWriteError("store.sqlite", "disk full", 2, "store.sqlite.pending.jsonl"),
  new NetworkError("http://127.0.0.1:9", "ECONNREFUSED"),
];
interface ErrorClass {
  new (...args: never[]): ValensError;
  readonly name: string;
  readonly marker: string;
  isInstance(error: unknown): boolean;
}
const classes: ErrorClass[] = [
  ProviderError,
  AuthError,
  BudgetError,
  InterruptedError,
  NetworkError,
  StoreWriteError,
];

describe("llm error markers", () => {
  it("gives every class a marker of its own", () => {
    for (const type of classes) expect(Object.hasOwn(type, "marker"), type.name).toBe(true);
    expect(new Set([...classes, InputError, ValensError].map((type) => type.marker)).size).toBe(
      classes.length + 2,
    );
  });

  it("recognises an instance by its own class only, and every one as a ValensError", () => {
    for (const error of samples) {
      expect(ValensError.isInstance(error)).toBe(true);
      expect(InputError.isInstance(error), error.name).toBe(false);
      for (const type of classes) {
        expect(type.isInstance(error), `${type.name}.isInstance(${error.name})`).toBe(error instanceof type);
      }
    }
    expect(ProviderError.isInstance(new AuthError("bad key", 401))).toBe(false);
    expect(BudgetError.isInstance(new InputError("x"))).toBe(false);
  });
});
