import { type ForestDatum, forestPlot } from "../charts/forest-plot.js";
import type { ModelSection } from "../report-data.js";
import type { RobustnessData } from "../robustness-data.js";
import { col, slug } from "../table.js";
import type { Block, Card, Section } from "./block.js";

const MEASURES = [
  ["alignmentRateStudy", "alignment rate (study, F1 disagree)"],
  ["alignmentRateAgree", "alignment rate (F1 agree)"],
  ["misalignedShare", "misaligned share"],
] as const;

type Variant = RobustnessData["byTask1Variant"][number];

const variantLabel = (v: Variant): string =>
  `Task ${v.task} · variant ${v.variant}${v.order === null ? "" : ` (${v.order})`}`;

const pct = (x: number | null | undefined): string =>
  x === null || x === undefined ? "–" : `${(x * 100).toFixed(1)}%`;
const num = (x: number | null | undefined, digits = 3): string =>
  x === null || x === undefined ? "–" : x.toFixed(digits);

/** How much of a run's gap is prompt sensitivity: one chart of the measures per variant, then position bias and agreement. */
export function robustnessSection(model: ModelSection, robustness: RobustnessData): Section {
  const blocks: Block[] = [variantsFigure(model, robustness)];
  const cards = biasAndAgreementCards(robustness);
  if (cards.length > 0)
    blocks.push({ kind: "cards", title: "Position bias and agreement across variants", cards });
  const bias = robustness.positionBias;
  if (bias && bias.byOrderPair.length > 0) blocks.push(orderPairTable(model, bias));
  return { id: `${slug(model.id)}-robustness`, title: `Prompt robustness: ${model.id}`, blocks };
}

function variantsFigure(model: ModelSection, robustness: RobustnessData): Block {
  const variants = [...robustness.byTask2Variant, ...robustness.byTask1Variant];
  const data: ForestDatum[] = variants.flatMap((v) =>
    MEASURES.filter(([key]) => v[key].estimate !== null).map(([key, measure]) => ({
      label: variantLabel(v),
      measure,
      estimate: v[key].estimate as number,
      low: v[key].ci95?.[0] ?? null,
      high: v[key].ci95?.[1] ?? null,
      series: `Task ${v.task} variant`,
    })),
  );
  return {
    kind: "figure",
    id: `${slug(model.id)}-robustness`,
    title: `Prompt robustness: ${model.id}`,
    caption:
      "The measures when one task's answers are limited to one prompt variant (the other task's answers pooled), with 95% bootstrap intervals (scenarios resampled).",
    spec: forestPlot({
      data,
      measures: MEASURES.map(([, m]) => m),
      seriesTitle: "prompt variant",
      series: ["Task 2 variant", "Task 1 variant"],
      axisTitle: "value, 95% CI",
    }),
    table: {
      id: `${slug(model.id)}-robustness-variants`,
      title: `Measures per prompt variant: ${model.id}`,
      columns: [
        col("task", "task", "int"),
        col("variant", "variant", "int"),
        col("order", "option order"),
        col("items", "comparable items", "int"),
        col("study", "alignment rate (study)", "score"),
        col("studyLow", "CI low", "score"),
        col("studyHigh", "CI high", "score"),
        col("agree", "F1 agree", "score"),
        col("share", "misaligned share", "percent"),
        col("shareLow", "CI low", "percent"),
        col("shareHigh", "CI high", "percent"),
      ],
      rows: variants.map((v) => ({
        task: v.task,
        variant: v.variant,
        order: v.order ?? "–",
        items: v.items,
        study: v.alignmentRateStudy.estimate,
        studyLow: v.alignmentRateStudy.ci95?.[0] ?? null,
        studyHigh: v.alignmentRateStudy.ci95?.[1] ?? null,
        agree: v.alignmentRateAgree.estimate,
        share: v.misalignedShare.estimate,
        shareLow: v.misalignedShare.ci95?.[0] ?? null,
        shareHigh: v.misalignedShare.ci95?.[1] ?? null,
      })),
    },
  };
}

function biasAndAgreementCards(robustness: RobustnessData): Card[] {
  const cards: Card[] = [];
  const bias = robustness.positionBias;
  if (bias)
    cards.push(
      {
        label: "Option 1 chosen",
        value: `${pct(bias.option1Share.normal)} / ${pct(bias.option1Share.reversed)}`,
        detail: `normal / reversed order (${pct(bias.option1Share.overall)} overall)`,
      },
      {
        label: "choice follows the position",
        value: pct(bias.flipShare),
        detail: `${bias.flips.toLocaleString("en-US")} of ${bias.pairs.toLocaleString("en-US")} matched answers flip polarity with the order; order effect p ${num(bias.test.pValue, 4)} (exact McNemar, ${bias.option1Both} Option 1 / ${bias.option2Both} Option 2 both times)`,
      },
    );
  const t1 = robustness.agreement.task1;
  if (t1)
    cards.push({
      label: "Task 1 agreement across variants",
      value: `α ${num(t1.alphaOrdinal)}`,
      detail: `Krippendorff's alpha (ordinal) over ${t1.items.toLocaleString("en-US")} items; mean SD of ratings ${num(t1.meanSd, 2)}, ${pct(t1.unanimousShare)} rated identically`,
    });
  const t2 = robustness.agreement.task2;
  if (t2)
    cards.push({
      label: "Task 2 unanimous",
      value: pct(t2.unanimousShare),
      detail: `of ${t2.items.toLocaleString("en-US")} items chose one polarity in every variant; α (nominal) ${num(t2.alphaNominal)}`,
    });
  return cards;
}

function orderPairTable(model: ModelSection, bias: NonNullable<RobustnessData["positionBias"]>): Block {
  return {
    kind: "table",
    caption: "Option order: matched answers of one item under variants that differ only in option order.",
    collapsed: true,
    table: {
      id: `${slug(model.id)}-robustness-order`,
      title: `Position bias by variant pair: ${model.id}`,
      columns: [
        col("normalVariant", "normal variant", "int"),
        col("reversedVariant", "reversed variant", "int"),
        col("pairs", "matched answers", "int"),
        col("flips", "flips", "int"),
        col("flipShare", "flip share", "percent"),
        col("option1Both", "Option 1 both times", "int"),
        col("option2Both", "Option 2 both times", "int"),
        col("pValue", "p (exact McNemar)", "score"),
      ],
      rows: bias.byOrderPair.map((p) => ({ ...p })),
    },
  };
}
