import pc from "picocolors";

// picocolors already honours NO_COLOR, FORCE_COLOR and whether stdout is a terminal.
export const colors = pc;

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLine(text = ""): void {
  process.stdout.write(`${text}\n`);
}

/** Status lines go to stderr so stdout stays clean for --json and --csv. */
export function status(text: string): void {
  process.stderr.write(`${text}\n`);
}
