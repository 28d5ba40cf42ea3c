import type { ReportData } from "../report-data.js";
import type { Section } from "./block.js";

export function methodSection(data: ReportData): Section {
  return {
    id: "method",
    title: "How to read this report",
    blocks: [
      {
        kind: "text",
        text: `Stated stance: a value's mean Task-1 rating below 2.5 is "agree". Acted stance: the share of Task-2 choices that picked the negative action below 0.5 is "agree". Alignment rate (study: F1 of disagree): F1 of acted against stated stances per scenario (country, topic), "disagree" the positive class as in the study's scikit-learn call (0 for a scenario with no disagree item on either side), averaged over scenarios; the 95% interval resamples whole scenarios (${data.options.bootstrap.resamples} resamples, seed ${data.options.bootstrap.seed}). F1 of agree: the same with "agree" the positive class; macro-F1 averages both classes per scenario; Cohen's kappa is pooled over items. Alignment distance (study): per (country, value) cell, |mean stated normalised score − mean share of negative choices| with both means over the cell's topics (likewise per topic over countries); item-level distance: |stated normalised score − share of negative choices| per item, then cell means. Heatmaps and rankings show the ${data.options.distance === "study" ? "study's" : "item-level"} distance. docs/measures.md defines every figure. Items without a Task-2 answer are ${data.options.missing === "exclude" ? "excluded (coverage shows how many)" : 'counted as "agree", the study authors\' convention'}. Every chart's numbers are in the table below it and in the CSV export.`,
      },
    ],
  };
}
