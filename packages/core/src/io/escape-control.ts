/**
 * Characters that make a terminal do something rather than show something: C0 and C1 controls,
 * DEL, and the bidirectional overrides that reorder what is shown.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const escapeOne = (ch: string): string => {
  const code = ch.charCodeAt(0);
  if (ch === "\n") return "\\n";
  if (ch === "\r") return "\\r";
  if (ch === "\t") return "\\t";
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, "0")}`
    : `\\u${code.toString(16).padStart(4, "0")}`;
};

/**
 * Text from input files and server bodies, made safe to print: every control character is shown
 * as an escape (`\x1b`, `\n`), so it cannot move the cursor, rewrite the screen or split a
 * one-line message. `keep` lists characters left as they are (e.g. "\n\t" for multi-line output).
 */
export function escapeControl(text: string, keep = ""): string {
  return text.replace(CONTROL, (ch) => (keep.includes(ch) ? ch : escapeOne(ch)));
}

/** SGR colour sequences (ESC [ ... m), the only escapes valens itself prints. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts the sequences matched.
const SGR = /\u001b\[[0-9;]*m/g;

/**
 * For whole output lines that may mix valens's own colours with untrusted text: colour
 * sequences stay, every other control character is escaped; newlines and tabs are kept.
 */
export function escapeForTerminal(text: string): string {
  const parts = text.split(SGR);
  const colours = text.match(SGR) ?? [];
  return parts.map((part, i) => escapeControl(part, "\n\t") + (colours[i] ?? "")).join("");
}
