import type { ActionKey, Task1Record, Task2Record } from "@valens/core";
import { type ExplanationCheck, explanationCheck } from "./explanation-check.js";
import { type VariantAgreement, variantAgreement } from "./variant-agreement.js";

export const REVERSED_FLAG = "option order or polarity likely reversed";

/** What `valens check` finds in a run. */
export interface RunCheck {
  /** null when no Task-2 answer carries an explanation with both action texts known. */
  explanations: ExplanationCheck | null;
  /** Per Task-2 variant agreement with the stated stance; empty without both tasks. */
  variants: VariantAgreement[];
  /** One line per finding; empty when nothing is flagged. */
  flags: string[];
}

export interface CheckInput {
  actions: readonly (ActionKey & { action: string | null })[];
  task1: readonly Task1Record[];
  task2: readonly Task2Record[];
}

const p = (value: number | null): string =>
  value === null ? "–" : value < 1e-4 ? value.toExponential(1) : value.toFixed(4);

/** Checks a run for reversed option order or polarity. */
export function checkRun(run: CheckInput): RunCheck {
  const flags: string[] = [];
  const explained = explanationCheck(run.actions, run.task2);
  const explanations = explained.compared > 0 ? explained : null;
  if (explanations?.reversed) {
    flags.push(
      `${REVERSED_FLAG}: of ${explanations.compared} explanations, ${explanations.otherCloser} are closer to the other action's text and ${explanations.chosenCloser} to the chosen one's (${explanations.ties} ties; binomial p = ${p(explanations.pValue)})`,
    );
  } else if (explanations) {
    for (const order of ["normal", "reversed"] as const) {
      const c = explanations.byOrder[order];
      if (c.reversed)
        flags.push(
          `${REVERSED_FLAG} in the ${order}-order variants: of ${c.compared} explanations, ${c.otherCloser} are closer to the other action's text and ${c.chosenCloser} to the chosen one's (binomial p = ${p(c.pValue)})`,
        );
    }
  }
  const variants = run.task1.length > 0 ? variantAgreement(run.task1, run.task2) : [];
  for (const v of variants.filter((x) => x.outlier)) {
    flags.push(
      `variant ${v.variant}: acted agrees with stated on ${(100 * v.share).toFixed(1)}% of ${v.items} items against ${(100 * (v.others ?? 0)).toFixed(1)}% in the other variants (binomial p = ${p(v.pValue)}): ${REVERSED_FLAG} for this variant`,
    );
  }
  return { explanations, variants, flags };
}

/** The one warning line import and metrics print when the check fires; null otherwise. */
export function checkWarning(check: RunCheck, dir: string): string | null {
  if (check.flags.length === 0) return null;
  return `warning: ${check.flags[0]}${check.flags.length > 1 ? ` (+${check.flags.length - 1} more)` : ""}; run \`valens check ${dir}\``;
}
