import { groupedHeatmap, rateBars } from "../charts/specs.js";
import type { GroupKind, ModelSection, ReportData } from "../report-data.js";
import { type Column, col, type ReportTable, type Row, slug } from "../table.js";
import type { Block, Section } from "./block.js";
import { ci, num, pct } from "./format.js";
import { runDescription } from "./run-description.js";
import { sampledBlocks } from "./sampled.js";
import { toCellData, wideTable } from "./value-cells.js";

type Kind = "country" | "topic";
const KINDS = ["country", "topic"] as const;

/** A model with comparable items: alignment by group, distance heatmaps, rankings, examples. */
export function fullSection(data: ReportData, model: ModelSection): Section {
  const p = slug(model.id);
  const blocks: Block[] = [{ kind: "text", text: runDescription(model) }];
  if (model.sampled) blocks.push(...sampledBlocks(p, model.sampled));
  for (const kind of KINDS) blocks.push(alignmentFigure(data, model, p, kind));
  for (const kind of KINDS) blocks.push(distanceFigure(data, model, p, kind));
  for (const kind of KINDS) blocks.push(topValues(data, model, p, kind));
  if (model.misalignment) blocks.push(misalignmentTable(model, model.misalignment, p));
  blocks.push({
    kind: "table",
    caption: "Alignment by value over all scenarios (F1 of the value's comparable items).",
    table: groupTable(
      `${p}-alignment-by-value`,
      `${model.id}: alignment by value`,
      "value",
      model.groups.filter((g) => g.kind === "value"),
    ),
    collapsed: true,
  });
  blocks.push({ kind: "examples", examples: model.examples, table: examplesTable(`${p}-examples`, model) });
  return { id: `model-${p}`, title: model.id, blocks };
}

function alignmentFigure(data: ReportData, model: ModelSection, p: string, kind: Kind): Block {
  const order = kind === "country" ? data.grid.countries : data.grid.topics;
  const groups = model.groups.filter((g) => g.kind === kind);
  return {
    kind: "figure",
    id: `${p}-alignment-by-${kind}`,
    title: `Alignment rate by ${kind}`,
    caption: `The study's alignment rate: mean F1 of disagree over the ${kind}'s scenarios; the dashed line is the overall rate (${num(model.headline.alignmentRateStudy)}). The table adds the F1 of agree and both distances.`,
    spec: rateBars({
      data: groups.map((g) => ({ name: g.name, model: model.id, rate: g.alignmentRateStudy })),
      order: order.filter((name) => groups.some((g) => g.name === name)),
      models: [model.id],
      axisTitle: "alignment rate (study: F1 of disagree)",
      groupTitle: kind,
      reference: model.headline.alignmentRateStudy,
    }),
    table: groupTable(`${p}-alignment-by-${kind}`, `${model.id}: alignment by ${kind}`, kind, groups),
  };
}

function distanceFigure(data: ReportData, model: ModelSection, p: string, kind: Kind): Block {
  const rows = kind === "country" ? data.grid.countries : data.grid.topics;
  const study = data.options.distance === "study";
  const cells = (study ? model.distanceStudy : model.distance).filter((c) => c.kind === kind);
  const present = rows.filter((r) => cells.some((c) => c.row === r));
  const over = kind === "country" ? "topics" : "countries";
  return {
    kind: "figure",
    id: `${p}-distance-${kind}-value`,
    title: `Alignment distance (${study ? "study" : "item-level"}), ${kind} × value`,
    caption: study
      ? `The study's distance: per ${kind} and value, |mean stated normalised score − mean share of negative choices|, both means over the ${over} (0 aligned … 1 opposite); values grouped by motivational type. Darker is closer. (valens report --distance item shows the item-level distance.)`
      : `Item-level distance: mean |stated normalised score − share of negative choices| per ${kind} and value (0 aligned … 1 opposite); values grouped by motivational type. Darker is closer.`,
    spec: groupedHeatmap({
      data: toCellData(data, cells),
      rows: present,
      values: data.grid.values,
      legendTitle: "distance",
      domain: [0, 1],
    }),
    table: wideTable(
      `${p}-distance-${kind}-value`,
      `${model.id}: alignment distance by ${kind} and value`,
      data,
      present,
      toCellData(data, cells),
    ),
  };
}

function topValues(data: ReportData, model: ModelSection, p: string, kind: Kind): Block {
  return {
    kind: "table",
    caption: `Values with the largest ${data.options.distance === "study" ? "study" : "item-level"} alignment distance in each ${kind} (top ${data.options.topK}).`,
    table: topTable(
      `${p}-top-misaligned-by-${kind}`,
      `${model.id}: top misaligned values by ${kind}`,
      kind,
      data.options.distance === "study" ? model.topMisalignedStudy : model.topMisaligned,
      data.options.topK,
    ),
    collapsed: false,
  };
}

function misalignmentTable(
  model: ModelSection,
  m: NonNullable<ModelSection["misalignment"]>,
  p: string,
): Block {
  return {
    kind: "table",
    caption: `Misalignment table: ${m.misaligned.toLocaleString("en-US")} of ${m.comparable.toLocaleString("en-US")} comparable items (${pct(m.share)}) acted against their stated stance${ci(model.headline.misalignedShareCi95)}.`,
    table: {
      id: `${p}-misalignment`,
      title: `${model.id}: misalignment table`,
      columns: [
        col("stated", "stated stance"),
        col("actedAgree", "acted agree", "int"),
        col("actedDisagree", "acted disagree", "int"),
        col("total", "total", "int"),
      ],
      rows: [
        {
          stated: "agree",
          actedAgree: m.agreeAgree,
          actedDisagree: m.agreeDisagree,
          total: m.agreeAgree + m.agreeDisagree,
        },
        {
          stated: "disagree",
          actedAgree: m.disagreeAgree,
          actedDisagree: m.disagreeDisagree,
          total: m.disagreeAgree + m.disagreeDisagree,
        },
        {
          stated: "total",
          actedAgree: m.agreeAgree + m.disagreeAgree,
          actedDisagree: m.agreeDisagree + m.disagreeDisagree,
          total: m.comparable,
        },
      ],
    },
    collapsed: false,
  };
}

function groupTable(id: string, title: string, kind: GroupKind, groups: ModelSection["groups"]): ReportTable {
  return {
    id,
    title,
    columns: [
      col("name", kind),
      col("alignmentRateStudy", "alignment rate (study: F1 of disagree)", "score"),
      col("alignmentRate", "F1 of agree", "score"),
      col("meanDistanceStudy", "distance (study)", "score"),
      col("meanDistance", "distance (item)", "score"),
      col("misaligned", "misaligned", "int"),
      col("comparable", "comparable items", "int"),
    ],
    rows: groups.map((g) => ({
      name: g.name,
      alignmentRateStudy: g.alignmentRateStudy,
      alignmentRate: g.alignmentRate,
      meanDistanceStudy: g.meanDistanceStudy,
      meanDistance: g.meanDistance,
      misaligned: g.misaligned,
      comparable: g.comparable,
    })),
  };
}

function topTable(
  id: string,
  title: string,
  kind: "country" | "topic",
  ranked: ModelSection["topMisaligned"],
  k: number,
): ReportTable {
  const columns: Column[] = [col("group", kind)];
  for (let i = 1; i <= k; i++) {
    columns.push(col(`v${i}`, `#${i} value`), col(`d${i}`, `#${i} distance`, "score"));
  }
  const byGroup = new Map<string, Row>();
  for (const r of ranked.filter((x) => x.kind === kind && x.rank <= k)) {
    const row = byGroup.get(r.group) ?? { group: r.group };
    row[`v${r.rank}`] = r.value;
    row[`d${r.rank}`] = r.distance;
    byGroup.set(r.group, row);
  }
  return { id, title, columns, rows: [...byGroup.values()] };
}

function examplesTable(id: string, model: ModelSection): ReportTable {
  return {
    id,
    title: `${model.id}: example misaligned items`,
    columns: [
      col("country", "country"),
      col("topic", "topic"),
      col("value", "value"),
      col("statedMean", "mean stated rating", "score"),
      col("statedStance", "stated"),
      col("actedStance", "acted"),
      col("negativeShare", "negative choices", "percent"),
      col("chosenAction", "chosen action"),
      col("otherAction", "other action"),
    ],
    rows: model.examples.map((e) => ({ ...e })),
  };
}
