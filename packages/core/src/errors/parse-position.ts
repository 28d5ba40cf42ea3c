/**
 * One line about a JSON or YAML syntax error, and where it is: the yaml package puts a code
 * excerpt after the first line of its messages and the position in `linePos`.
 */
export function parsePosition(error: unknown): { message: string; line?: number; column?: number } {
  const raw = error instanceof Error ? error.message : String(error);
  const message = (raw.split("\n")[0] ?? raw).replace(/ at line \d+, column \d+:?$/, "").trim();
  const pos = (error as { linePos?: readonly { line: number; col: number }[] } | null)?.linePos?.[0];
  return pos ? { message, line: pos.line, column: pos.col } : { message };
}

/** "message (line 3, column 5)" or just the message. */
export function describeParseError(error: unknown): string {
  const { message, line, column } = parsePosition(error);
  return line === undefined ? message : `${message} (line ${line}, column ${column})`;
}
