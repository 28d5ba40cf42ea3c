import { z } from "zod";

export const stanceSchema = z.enum(["agree", "disagree"]);
export type Stance = z.infer<typeof stanceSchema>;

/** How items without a Task-2 answer count: excluded (valens) or as "agree" (the study's notebooks). */
export const missingPolicySchema = z.enum(["exclude", "agree"]);
export type MissingPolicy = z.infer<typeof missingPolicySchema>;

/** Mean rating 1..4 -> normalised score 0..1 (0 = strongly agree). */
export const normalisedScore = (meanRating: number): number => (meanRating - 1) / 3;

/** Stated stance: mean rating < 2.5 (normalised score < 0.5) is "agree". */
export const statedStance = (meanRating: number): Stance => (meanRating < 2.5 ? "agree" : "disagree");

/** Action stance: a share of negative choices < 0.5 is "agree". */
export const actedStance = (negativeShare: number): Stance => (negativeShare < 0.5 ? "agree" : "disagree");
