import type { ReportData } from "./report-data.js";
import type { ReportDocument, Section } from "./sections/block.js";
import { compareSection } from "./sections/compare.js";
import { comparisonSection } from "./sections/comparison.js";
import { methodSection } from "./sections/method.js";
import { fullSection } from "./sections/model-full.js";
import { task1Section } from "./sections/model-task1.js";
import { overviewSection } from "./sections/overview.js";
import { predictorSection } from "./sections/predictor.js";
import { robustnessSection } from "./sections/robustness.js";
import type { ReportTable } from "./table.js";

export type { Block, Card, ReportDocument, Section } from "./sections/block.js";

/** The report laid out as sections, in order; each section is built in its own file under sections/. */
export function buildDocument(data: ReportData): ReportDocument {
  const sections: Section[] = [overviewSection(data)];
  if (data.models.length > 1) sections.push(comparisonSection(data));
  if (data.comparison) sections.push(compareSection(data.comparison));
  for (const model of data.models)
    sections.push(
      model.task1Only || model.headline.comparable === 0
        ? task1Section(data, model)
        : fullSection(data, model),
    );
  for (const model of data.models)
    if (model.robustness) sections.push(robustnessSection(model, model.robustness));
  if (data.predictor) sections.push(predictorSection(data.predictor));
  sections.push(methodSection(data));
  const names = data.models.map((m) => m.id).join(", ");
  return {
    title: data.title,
    subtitle: `${data.models.length === 1 ? "Model" : "Models"}: ${names} · valens ${data.valensVersion} · ${data.createdAt}`,
    sections,
  };
}

/** Every table of the document, in order (figure tables included): what the CSV export writes. */
export function documentTables(document: ReportDocument): ReportTable[] {
  const tables: ReportTable[] = [];
  for (const section of document.sections) {
    for (const block of section.blocks) {
      if (block.kind === "figure" || block.kind === "table" || block.kind === "examples")
        tables.push(block.table);
    }
  }
  return tables;
}
