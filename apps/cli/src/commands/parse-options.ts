import { InvalidArgumentError } from "commander";

/** A non-negative integer option (counts, seeds); commander reports a bad value as a usage error. */
export function parseCount(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value)) {
    throw new InvalidArgumentError(`expected a whole number >= 0, got "${text}"`);
  }
  return value;
}

/** A whole number >= 1. */
export function parsePositive(text: string): number {
  const value = parseCount(text);
  if (value < 1) throw new InvalidArgumentError(`expected a whole number >= 1, got "${text}"`);
  return value;
}
