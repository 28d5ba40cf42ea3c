import binomialTest from "@stdlib/stats-binomial-test";
import type { ActionKey, Polarity, Task2Record } from "@valens/core";
import { textSimilarity } from "./text-similarity.js";

/** Significance of "the chosen action loses": the binomial test's level. */
export const REVERSAL_ALPHA = 0.01;

/** Explanations compared with the two action texts: which one each is closer to. */
export interface CloserCounts {
  /** Answers with an explanation, a chosen option and both action texts. */
  compared: number;
  /** The explanation is closer to the chosen action's text. */
  chosenCloser: number;
  /** ... to the other action's text. */
  otherCloser: number;
  ties: number;
  /**
   * One-sided exact binomial test (H1: the chosen action is closer less often than half the
   * time, ties left out); null with nothing to test.
   */
  pValue: number | null;
  /** pValue < 0.01: the recorded choices look reversed. */
  reversed: boolean;
}

export interface ExplanationCheck extends CloserCounts {
  /** The same per option order: an order mapping error shows in one order only. */
  byOrder: { normal: CloserCounts; reversed: CloserCounts };
  byVariant: Record<string, CloserCounts>;
}

type Texts = ActionKey & { action: string | null };

interface Tally {
  chosen: number;
  other: number;
  ties: number;
}

const other = (p: Polarity): Polarity => (p === "positive" ? "negative" : "positive");

/**
 * For every Task-2 answer that carries an explanation: is the explanation closer to the text of
 * the action the run says was chosen, or to the other one? A model explains what it chose, so
 * when the chosen action loses clearly, the run's option order or polarity is likely reversed.
 */
export function explanationCheck(actions: readonly Texts[], task2: readonly Task2Record[]): ExplanationCheck {
  const texts = new Map<string, string>();
  for (const a of actions)
    if (a.action) texts.set(`${a.country}|${a.topic}|${a.value}|${a.polarity}`, a.action);
  const total: Tally = { chosen: 0, other: 0, ties: 0 };
  const byOrder = { normal: { chosen: 0, other: 0, ties: 0 }, reversed: { chosen: 0, other: 0, ties: 0 } };
  const byVariant = new Map<number, Tally>();
  for (const record of task2) {
    if (!record.explanation || record.chosen === null) continue;
    const key = `${record.country}|${record.topic}|${record.value}|`;
    const chosenText = texts.get(key + record.chosen);
    const otherText = texts.get(key + other(record.chosen));
    if (chosenText === undefined || otherText === undefined) continue;
    const a = textSimilarity(record.explanation, chosenText);
    const b = textSimilarity(record.explanation, otherText);
    let variant = byVariant.get(record.variant);
    if (variant === undefined) {
      variant = { chosen: 0, other: 0, ties: 0 };
      byVariant.set(record.variant, variant);
    }
    const field = a > b ? "chosen" : a < b ? "other" : "ties";
    for (const t of [total, byOrder[record.order], variant]) t[field]++;
  }
  return {
    ...counts(total),
    byOrder: { normal: counts(byOrder.normal), reversed: counts(byOrder.reversed) },
    byVariant: Object.fromEntries(
      [...byVariant.entries()].sort((x, y) => x[0] - y[0]).map(([v, t]) => [String(v), counts(t)]),
    ),
  };
}

function counts(t: Tally): CloserCounts {
  const n = t.chosen + t.other;
  const pValue = n === 0 ? null : binomialTest(t.chosen, n, { p: 0.5, alternative: "less" }).pValue;
  return {
    compared: n + t.ties,
    chosenCloser: t.chosen,
    otherCloser: t.other,
    ties: t.ties,
    pValue,
    reversed: pValue !== null && pValue < REVERSAL_ALPHA,
  };
}
