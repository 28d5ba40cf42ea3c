/** Formats rows as aligned columns for a terminal; numbers are right-aligned. */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  indent = "  ",
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)));
  const numeric = header.map(
    (_, i) => rows.length > 0 && rows.every((row) => /^[-+\d.,%() –]*$/.test(row[i] ?? "")),
  );
  const line = (cells: readonly string[]) =>
    indent +
    cells
      .map((cell, i) => (numeric[i] && i > 0 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

/** 14784 -> "14,784". Not toLocaleString: its first call loads ICU data, ~20 ms of a short command. */
export const integer = (n: number): string =>
  Number.isInteger(n) ? String(n).replace(/\B(?=(\d{3})+$)/g, ",") : n.toLocaleString("en-US");
export const fixed = (n: number | null | undefined, digits = 3): string =>
  n === null || n === undefined || Number.isNaN(n) ? "–" : n.toFixed(digits);
export const percent = (n: number | null | undefined, digits = 1): string =>
  n === null || n === undefined ? "–" : `${(n * 100).toFixed(digits)}%`;
