import type { Robustness, VariantFigures } from "@valens/metrics";
import { colors } from "./output.js";
import { fixed, formatTable, integer, percent } from "./table.js";

const withCi = (e: VariantFigures["misalignedShare"], format: (n: number) => string): string =>
  e.estimate === null
    ? "–"
    : `${format(e.estimate)}${e.ci95 ? ` [${format(e.ci95[0])}, ${format(e.ci95[1])}]` : ""}`;

/** `valens metrics`' prompt-robustness block: the measures per variant, position bias, agreement. */
export function robustnessLines(r: Robustness): string[] {
  const out: string[] = [
    "",
    colors.bold("Prompt robustness (one task's answers limited to one variant, 95% CI)"),
  ];
  out.push(
    formatTable(
      ["variant", "items", "alignment (study F1)", "F1 agree", "misaligned share"],
      [...r.byTask2Variant, ...r.byTask1Variant].map((v) => [
        `task ${v.task} v${v.variant}${v.order ? ` ${v.order}` : ""}`,
        integer(v.items),
        withCi(v.alignmentRateStudy, (n) => fixed(n)),
        withCi(v.alignmentRateAgree, (n) => fixed(n)),
        withCi(v.misalignedShare, (n) => percent(n)),
      ]),
    ),
  );
  const bias = r.positionBias;
  if (bias)
    out.push(
      `  Option 1 chosen: ${percent(bias.option1Share.normal)} in normal order, ${percent(bias.option1Share.reversed)} reversed; ${integer(bias.flips)} of ${integer(bias.pairs)} matched answers flip with the order (${percent(bias.flipShare)}: ${bias.option1Both} Option 1 / ${bias.option2Both} Option 2 both times), order effect p ${fixed(bias.test.pValue, 4)} (exact McNemar)`,
    );
  const t1 = r.agreement.task1;
  if (t1)
    out.push(
      `  Task 1 across variants: Krippendorff's alpha (ordinal) ${fixed(t1.alphaOrdinal)}, mean SD of an item's ratings ${fixed(t1.meanSd, 2)}, ${percent(t1.unanimousShare)} of ${integer(t1.items)} items rated identically`,
    );
  const t2 = r.agreement.task2;
  if (t2)
    out.push(
      `  Task 2 across variants: ${percent(t2.unanimousShare)} of ${integer(t2.items)} items chose one polarity every time, alpha (nominal) ${fixed(t2.alphaNominal)}`,
    );
  return out;
}
