/**
 * Every `code` a ValensError carries, across all packages: one closed list, so the CLI's table
 * of exit codes must name each one (a new code that is not mapped does not compile).
 */
export const errorCodes = [
  "input",
  "usage",
  "unknown-name",
  "format-version",
  "locked",
  "download",
  "provider",
  "auth",
  "budget",
  "network",
  "store-write",
  "interrupted",
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === "string" && (errorCodes as readonly string[]).includes(value);
