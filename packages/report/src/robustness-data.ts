import { z } from "zod";

const estimate = z.object({
  estimate: z.number().nullable(),
  ci95: z.tuple([z.number(), z.number()]).nullable(),
});

const variantFiguresSchema = z.object({
  task: z.union([z.literal(1), z.literal(2)]),
  variant: z.number().int(),
  order: z.enum(["normal", "reversed"]).nullable(),
  answers: z.number().int().nonnegative(),
  items: z.number().int().nonnegative(),
  scenarios: z.number().int().nonnegative(),
  alignmentRateStudy: estimate,
  alignmentRateAgree: estimate,
  misalignedShare: estimate,
});

const orderPairSchema = z.object({
  normalVariant: z.number().int(),
  reversedVariant: z.number().int(),
  pairs: z.number().int().nonnegative(),
  flips: z.number().int().nonnegative(),
  flipShare: z.number().nullable(),
  option1Both: z.number().int().nonnegative(),
  option2Both: z.number().int().nonnegative(),
  pValue: z.number(),
});

/** `valens metrics --json`'s `robustness` object (see @valens/metrics `Robustness`), as the report carries it. */
export const robustnessSchema = z.object({
  task1Variants: z.array(z.number().int()),
  task2Variants: z.array(z.number().int()),
  byTask1Variant: z.array(variantFiguresSchema),
  byTask2Variant: z.array(variantFiguresSchema),
  positionBias: z
    .object({
      option1Share: z.object({
        normal: z.number().nullable(),
        reversed: z.number().nullable(),
        overall: z.number().nullable(),
      }),
      answers: z.object({ normal: z.number().int(), reversed: z.number().int() }),
      pairs: z.number().int().nonnegative(),
      flips: z.number().int().nonnegative(),
      flipShare: z.number().nullable(),
      option1Both: z.number().int().nonnegative(),
      option2Both: z.number().int().nonnegative(),
      test: z.object({ method: z.literal("exact-mcnemar-matched-orders"), pValue: z.number() }),
      byOrderPair: z.array(orderPairSchema),
    })
    .nullable(),
  agreement: z.object({
    task1: z
      .object({
        items: z.number().int().nonnegative(),
        meanSd: z.number().nullable(),
        meanRange: z.number().nullable(),
        rangeCounts: z.tuple([z.number(), z.number(), z.number(), z.number()]),
        unanimousShare: z.number().nullable(),
        alphaOrdinal: z.number().nullable(),
      })
      .nullable(),
    task2: z
      .object({
        items: z.number().int().nonnegative(),
        unanimousShare: z.number().nullable(),
        alphaNominal: z.number().nullable(),
      })
      .nullable(),
  }),
});
export type RobustnessData = z.infer<typeof robustnessSchema>;
