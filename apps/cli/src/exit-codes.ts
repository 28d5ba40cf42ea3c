import { type ErrorCode, isErrorCode, ValensError } from "@valens/core";
import { receivedStopSignal } from "./signals.js";

/** Exit codes of the valens command (documented in the README). */
export const ExitCode = {
  ok: 0,
  /** An unexpected internal error: a bug, reported with a stack trace. */
  internal: 1,
  /** Bad input or usage: files, names, options. Nothing was sent to a model. */
  input: 2,
  /** The model provider refused the run (auth, quota, unknown model) or kept failing. */
  provider: 3,
  /** A budget stopped the run (--max-cost); answers so far are kept. */
  budget: 4,
  /** A download failed or did not match its published checksum (valens reproduce). */
  download: 5,
  /** The host could not be reached after retries (DNS, refused, timeouts): not a refusal. */
  network: 6,
  /** The response store could not be written; answers received are kept in a journal. */
  store: 7,
  /** Interrupted by Ctrl-C (SIGINT); answers so far are kept. */
  interrupted: 130,
  /** Stopped by SIGTERM; answers so far are kept. */
  terminated: 143,
} as const;

/**
 * The exit code of every error code, chosen one by one: the type makes the table name every
 * code core lists, so a new code cannot reach users through a default.
 */
export const exitCodeByErrorCode: { readonly [code in ErrorCode]: number } = {
  input: ExitCode.input,
  "unknown-name": ExitCode.input,
  "format-version": ExitCode.input,
  usage: ExitCode.input,
  // Another process holds the lock: nothing was sent, rerun when it is done.
  locked: ExitCode.input,
  provider: ExitCode.provider,
  auth: ExitCode.provider,
  budget: ExitCode.budget,
  download: ExitCode.download,
  network: ExitCode.network,
  "store-write": ExitCode.store,
  interrupted: ExitCode.interrupted,
};

export function exitCodeFor(error: unknown): number {
  if (ValensError.isInstance(error)) {
    if (error.code === "interrupted" && receivedStopSignal() === "SIGTERM") return ExitCode.terminated;
    // A code outside the list can only come from a mismatched copy of @valens/core: a bug.
    return isErrorCode(error.code) ? exitCodeByErrorCode[error.code] : ExitCode.internal;
  }
  return ExitCode.internal;
}
