import type { Task2Record } from "@valens/core";
import { exactMcNemar } from "../stats/mcnemar.js";

/** Option 1 was chosen: in normal order that is the negative action, in reversed order the positive one. */
const choseOption1 = (r: Task2Record): boolean => (r.order === "normal") === (r.chosen === "negative");

export interface OrderPair {
  /** The variants that differ only in option order (same phrasing and explanation request). */
  normalVariant: number;
  reversedVariant: number;
  /** Items (and samples) answered under both variants. */
  pairs: number;
  /** Pairs whose chosen polarity differs between the two orders: the choice followed the position. */
  flips: number;
  flipShare: number | null;
  /** Flipped pairs that chose Option 1 both times / Option 2 both times. */
  option1Both: number;
  option2Both: number;
  /** Exact McNemar test of option1Both against option2Both: no order effect means equal counts. */
  pValue: number;
}

export interface PositionBias {
  /** Share of answers choosing Option 1, by option order and overall. */
  option1Share: { normal: number | null; reversed: number | null; overall: number | null };
  answers: { normal: number; reversed: number };
  /** Over all order pairs together. */
  pairs: number;
  flips: number;
  flipShare: number | null;
  option1Both: number;
  option2Both: number;
  /**
   * Test of order effects: exact McNemar on the matched normal/reversed answers of one item and
   * phrasing (the discordant pairs are the flips; under no order effect they split evenly between
   * "Option 1 both times" and "Option 2 both times").
   */
  test: { method: "exact-mcnemar-matched-orders"; pValue: number };
  byOrderPair: OrderPair[];
}

/**
 * Position bias of Task 2's answers. The orders of one phrasing are matched by variant: variants
 * whose records carry opposite orders and that differ only in the order bit (v and v ^ 2, as
 * PROTOCOL's numbering and the study's released samples have it). null without answers in both orders.
 */
export function positionBias(task2: readonly Task2Record[]): PositionBias | null {
  const answered = task2.filter((r) => r.chosen !== null);
  const normal = answered.filter((r) => r.order === "normal");
  const reversed = answered.filter((r) => r.order === "reversed");
  if (normal.length === 0 || reversed.length === 0) return null;
  const share = (records: readonly Task2Record[]) =>
    records.length === 0 ? null : records.filter(choseOption1).length / records.length;
  const key = (r: Task2Record) => `${r.country}\u0000${r.topic}\u0000${r.value}\u0000${r.sample}`;
  const byVariant = new Map<number, Map<string, Task2Record>>();
  for (const r of answered) {
    let records = byVariant.get(r.variant);
    if (records === undefined) {
      records = new Map();
      byVariant.set(r.variant, records);
    }
    records.set(key(r), r);
  }
  const byOrderPair: OrderPair[] = [];
  for (const [variant, normals] of [...byVariant].sort((a, b) => a[0] - b[0])) {
    const first = normals.values().next().value as Task2Record;
    if (first.order !== "normal") continue;
    const reversals = byVariant.get(variant ^ 2);
    const other = reversals?.values().next().value as Task2Record | undefined;
    if (reversals === undefined || other?.order !== "reversed") continue;
    let pairs = 0;
    let option1Both = 0;
    let option2Both = 0;
    for (const [k, n] of normals) {
      const r = reversals.get(k);
      if (r === undefined) continue;
      pairs++;
      if (n.chosen === r.chosen) continue;
      if (choseOption1(n)) option1Both++;
      else option2Both++;
    }
    const flips = option1Both + option2Both;
    byOrderPair.push({
      normalVariant: variant,
      reversedVariant: variant ^ 2,
      pairs,
      flips,
      flipShare: pairs === 0 ? null : flips / pairs,
      option1Both,
      option2Both,
      pValue: exactMcNemar(option1Both, option2Both).pValue,
    });
  }
  const sum = (f: (p: OrderPair) => number) => byOrderPair.reduce((total, p) => total + f(p), 0);
  const pairs = sum((p) => p.pairs);
  const option1Both = sum((p) => p.option1Both);
  const option2Both = sum((p) => p.option2Both);
  return {
    option1Share: { normal: share(normal), reversed: share(reversed), overall: share(answered) },
    answers: { normal: normal.length, reversed: reversed.length },
    pairs,
    flips: option1Both + option2Both,
    flipShare: pairs === 0 ? null : (option1Both + option2Both) / pairs,
    option1Both,
    option2Both,
    test: { method: "exact-mcnemar-matched-orders", pValue: exactMcNemar(option1Both, option2Both).pValue },
    byOrderPair,
  };
}
