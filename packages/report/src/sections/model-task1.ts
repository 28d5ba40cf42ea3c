import { groupedHeatmap } from "../charts/specs.js";
import type { ModelSection, ReportData } from "../report-data.js";
import { col, slug } from "../table.js";
import type { Block, Section } from "./block.js";
import { runDescription } from "./run-description.js";
import { toCellData, typeOf, wideTable } from "./value-cells.js";

/** A model with nothing to compare (Task 1 only, or no item answered in both tasks): stated inclinations. */
export function task1Section(data: ReportData, model: ModelSection): Section {
  const p = slug(model.id);
  const cells = toCellData(
    data,
    model.stated.filter((c) => c.kind === "country"),
  );
  const present = data.grid.countries.filter((r) => cells.some((c) => c.row === r));
  const why = model.task1Only
    ? "This run has no Task-2 answers, so only its stated inclinations are shown."
    : "No item has both a stated rating and a Task-2 choice, so there is nothing to compare; only the stated inclinations are shown.";
  const blocks: Block[] = [{ kind: "text", text: `${runDescription(model)} ${why}` }];
  if (cells.length === 0) {
    blocks.push({ kind: "text", text: "The run has no readable Task-1 ratings either." });
    return { id: `model-${p}`, title: `${model.id} (nothing to compare)`, blocks };
  }
  return {
    id: `model-${p}`,
    title: model.task1Only ? `${model.id} (Task 1 only)` : `${model.id} (no comparable items)`,
    blocks: [
      ...blocks,
      {
        kind: "figure",
        id: `${p}-stated-country-value`,
        title: "Stated inclination, country × value",
        caption:
          "Mean normalised Task-1 score per country and value over topics and prompt variants (0 strongly agree … 1 strongly disagree); values grouped by motivational type.",
        spec: groupedHeatmap({
          data: cells,
          rows: present,
          values: data.grid.values,
          legendTitle: "stated score",
          domain: [0, 1],
        }),
        table: wideTable(
          `${p}-stated-country-value`,
          `${model.id}: stated score by country and value`,
          data,
          present,
          cells,
        ),
      },
      {
        kind: "table",
        caption: "Stated inclination per value over all scenarios.",
        table: {
          id: `${p}-stated-by-value`,
          title: `${model.id}: stated inclination by value`,
          columns: [
            col("value", "value"),
            col("type", "motivational type"),
            col("score", "mean stated score", "score"),
            col("agreeShare", "scenarios leaning agree", "percent"),
            col("scenarios", "scenarios rated", "int"),
          ],
          rows: model.statedByValue.map((s) => ({ ...s, type: typeOf(data, s.value) })),
        },
        collapsed: true,
      },
    ],
  };
}
