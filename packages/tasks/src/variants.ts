import { InputError, type OptionOrder, orderOfVariant } from "@valens/core";

/**
 * The eight prompt variants of each task, as data. A variant number is three bits:
 * bit 2 (4) picks the form/phrasing, bit 1 (2) the middle dimension, bit 0 (1) the last one.
 * Task 2 matches the study's released sample files: variants 2, 3, 6, 7 show the options in
 * reversed order, odd variants ask for an explanation, and variant 5 (second phrasing, normal
 * order, with explanation) is the one the study's full runs used.
 */
export interface Task1Variant {
  variant: number;
  /** "claim": rate agreement with `VALUE: GLOSS`; "portrait": how much such a person is like you. */
  form: "claim" | "portrait";
  /** Where the answer options are listed relative to the list of values. */
  options: "before-values" | "after-values";
  /** "chat" asks for the JSON answer; "completion" ends with "The answer is:". */
  style: "chat" | "completion";
}

export interface Task2Variant {
  variant: number;
  phrasing: 1 | 2;
  /** normal: Option 1 is the negative action, Option 2 the positive one; reversed: swapped. */
  order: OptionOrder;
  explanation: boolean;
}

export interface GenerationVariant {
  variant: number;
  /** A: "describe one action showing that you endorse/dislike"; B: "how do you express/resist". */
  phrasing: "A" | "B";
  /** Whether the explanation is requested before or after the feature attributions. */
  explanation: "first" | "last";
  style: "chat" | "completion";
}

const bits = (variant: number) => [(variant >> 2) & 1, (variant >> 1) & 1, variant & 1] as const;
const all = [0, 1, 2, 3, 4, 5, 6, 7] as const;

export const task1Variants: readonly Task1Variant[] = all.map((variant) => {
  const [form, options, style] = bits(variant);
  return {
    variant,
    form: form ? "portrait" : "claim",
    options: options ? "after-values" : "before-values",
    style: style ? "completion" : "chat",
  };
});

export const task2Variants: readonly Task2Variant[] = all.map((variant) => {
  const [phrasing, , explanation] = bits(variant);
  return {
    variant,
    phrasing: phrasing ? 2 : 1,
    // Core's rule, which the study's released samples are read back with.
    order: orderOfVariant(variant),
    explanation: explanation === 1,
  };
});

export const generationVariants: readonly GenerationVariant[] = all.map((variant) => {
  const [phrasing, order, style] = bits(variant);
  return {
    variant,
    phrasing: phrasing ? "B" : "A",
    explanation: order ? "last" : "first",
    style: style ? "completion" : "chat",
  };
});

/** The variant the study's released outputs used, for each task. */
export const STUDY_VARIANT = { task2: 5, generation: 5 } as const;

/**
 * Parses a variant selection: "5", "0-7", "1,3,5", "0-3,6". Sorted, without duplicates.
 */
export function parseVariantSpec(spec: string, option = "--variants"): number[] {
  const out = new Set<number>();
  for (const part of spec.split(",").map((p) => p.trim())) {
    const match = /^(\d)(?:-(\d))?$/.exec(part);
    const from = match ? Number(match[1]) : Number.NaN;
    const to = match?.[2] === undefined ? from : Number(match[2]);
    if (!match || from > 7 || to > 7 || from > to) {
      throw new InputError(`${option} "${spec}" is not a variant selection`, {
        hint: 'Use numbers 0-7, ranges and commas, e.g. "5", "0-7" or "1,3,5"',
      });
    }
    for (let v = from; v <= to; v++) out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

/** Task 2 option order of a variant. */
export const orderOf = (variant: number): OptionOrder => task2Variants[variant]?.order ?? "normal";
