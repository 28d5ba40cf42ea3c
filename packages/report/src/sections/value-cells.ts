import type { CellDatum } from "../charts/specs.js";
import type { Cell, ReportData } from "../report-data.js";
import { type Column, col, type ReportTable, type Row } from "../table.js";

export function typeOf(data: ReportData, value: string): string {
  return data.grid.values.find((v) => v.name === value)?.type ?? "other";
}

export function toCellData(data: ReportData, cells: readonly Cell[]): CellDatum[] {
  return cells.map((c) => ({
    row: c.row,
    value: c.value,
    type: typeOf(data, c.value),
    mean: c.mean,
    n: c.n,
  }));
}

/** Rows = values (catalog order, with their type), one column per heatmap row. */
export function wideTable(
  id: string,
  title: string,
  data: ReportData,
  rows: readonly string[],
  cells: readonly CellDatum[],
): ReportTable {
  const lookup = new Map(cells.map((c) => [`${c.row}\u0000${c.value}`, c.mean]));
  const columns: Column[] = [col("value", "value"), col("type", "motivational type")];
  rows.forEach((r, i) => {
    columns.push(col(`r${i}`, r, "score"));
  });
  const tableRows: Row[] = [];
  for (const v of data.grid.values) {
    if (!cells.some((c) => c.value === v.name)) continue;
    const row: Row = { value: v.name, type: v.type };
    rows.forEach((r, i) => {
      row[`r${i}`] = lookup.get(`${r}\u0000${v.name}`) ?? null;
    });
    tableRows.push(row);
  }
  return { id, title, columns, rows: tableRows };
}
