import { escapeForTerminal } from "@valens/core";
import pc from "picocolors";

/**
 * Colours only when stderr (where status lines go) is a terminal, never with NO_COLOR
 * (https://no-color.org), and when FORCE_COLOR asks for them. picocolors' own default also turns
 * colours on whenever CI is set, even into a pipe, which is why the decision is made here.
 */
function colorEnabled(env: NodeJS.ProcessEnv = process.env, isTty = process.stderr.isTTY === true): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  return isTty && env.TERM !== "dumb";
}

export const colors = pc.createColors(colorEnabled());

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Lines may quote input files and server bodies: terminal escapes in them are shown, not run. */
export function printLine(text = ""): void {
  process.stdout.write(`${escapeForTerminal(text)}\n`);
}

/** Status lines go to stderr so stdout stays clean for --json and --csv. */
export function status(text: string): void {
  process.stderr.write(`${escapeForTerminal(text)}\n`);
}
