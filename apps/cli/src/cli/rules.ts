import type { IntRule } from "./option-spec.js";

/** Whole numbers as most commands read them (counts, seeds), refused while parsing. */
export const COUNT: IntRule = {
  type: "int",
  min: 0,
  fail: { as: "commander", message: 'expected a whole number >= 0, got "{value}"' },
};

export const POSITIVE: IntRule = {
  type: "int",
  min: 1,
  fail: { as: "commander", message: 'expected a whole number >= 1, got "{value}"' },
};

/** The same, worded as metrics, predictor and forecast say it. */
export const WHOLE_NUMBER: IntRule = {
  type: "int",
  min: 0,
  fail: { as: "commander", message: "{flag} must be a whole number >= 0." },
};

export const POSITIVE_NUMBER: IntRule = {
  type: "int",
  min: 1,
  fail: { as: "commander", message: "{flag} must be a whole number >= 1." },
};
