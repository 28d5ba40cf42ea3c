/** How a column's numbers are shown in HTML (CSV and JSON keep full precision). */
export type ColumnFormat = "text" | "int" | "score" | "percent";

export interface Column {
  key: string;
  label: string;
  format: ColumnFormat;
}

export type CellValue = string | number | null;
export type Row = Record<string, CellValue>;

/** A table of the report: shown in HTML under its chart and exported as `<id>.csv`. */
export interface ReportTable {
  /** File-name-safe and unique within a report. */
  id: string;
  title: string;
  columns: Column[];
  rows: Row[];
}

export const col = (key: string, label: string, format: ColumnFormat = "text"): Column => ({
  key,
  label,
  format,
});

export function formatCell(value: CellValue | undefined, format: ColumnFormat): string {
  if (value === null || value === undefined) return "–";
  if (typeof value === "string") return value;
  if (!Number.isFinite(value)) return "–";
  switch (format) {
    case "int":
      return Math.round(value).toLocaleString("en-US");
    case "percent":
      return `${(value * 100).toFixed(1)}%`;
    case "score":
      return value.toFixed(3);
    default:
      return String(value);
  }
}

/** Turns a label into a file-name-safe slug for table ids. */
export function slug(text: string): string {
  return (
    text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "x"
  );
}
