import { colors, printJson, status } from "../../output.js";
import type { ReportOptions } from "./options.js";
import type { ReportResult } from "./run.js";

const pct = (x: number | null): string => (x === null ? "–" : `${(x * 100).toFixed(1)}%`);
const interval = (ci: [number, number] | null | undefined): string =>
  ci ? ` [${ci[0].toFixed(3)}, ${ci[1].toFixed(3)}]` : "";

type Model = ReportResult["data"]["models"][number];

function modelLine(m: Model): string {
  const h = m.headline;
  if (m.task1Only)
    return `  ${colors.bold(m.id)}: task 1 only; stated agree share ${pct(h.statedAgreeShare)}`;
  return `  ${colors.bold(m.id)}: alignment rate (study: F1 of disagree) ${h.alignmentRateStudy?.toFixed(3) ?? "–"}${interval(h.alignmentRateStudyCi95)}, F1 of agree ${h.alignmentRate?.toFixed(3) ?? "–"}${interval(h.alignmentRateCi95)}, misaligned ${pct(h.misalignedShare)}, coverage ${pct(h.coverage)}`;
}

export function printReport({ written, data, ms }: ReportResult, options: ReportOptions): void {
  if (options.json) {
    printJson({ ...written, models: data.models.map((m) => ({ id: m.id, headline: m.headline })), ms });
    return;
  }
  status(
    `${colors.green("wrote")} ${written.out} (${written.format}, ${(written.bytes / 1024).toFixed(0)} KiB, ${written.charts} charts, ${written.tables} tables) in ${ms} ms`,
  );
  if (written.csvDir) status(`${colors.green("wrote")} ${written.tables} CSV tables to ${written.csvDir}`);
  for (const m of data.models) status(modelLine(m));
}
