import type { ModelSection } from "../report-data.js";

/** One paragraph on where a model's run came from and how many answers it holds. */
export function runDescription(model: ModelSection): string {
  const t1 = model.task1
    ? `Task 1: ${model.task1.records.toLocaleString("en-US")} answers (${model.task1.failed} unread), variants ${model.task1.variants.join(", ")}.`
    : "";
  const t2 = model.task2
    ? ` Task 2: ${model.task2.records.toLocaleString("en-US")} answers (${model.task2.failed} unread), variants ${model.task2.variants.join(", ")}.`
    : "";
  const source =
    model.source === "import-released"
      ? "imported from the study's released outputs"
      : model.source === "import-table"
        ? "imported from a table with a mapping file"
        : "a live run";
  const notes = model.notes.length > 0 ? ` Notes: ${model.notes.join("; ")}.` : "";
  return `Model ${model.model}, ${source} (${model.runDir}). ${t1}${t2}${notes}`;
}
