export { type AlphaLevel, krippendorffAlpha } from "./krippendorff.js";
export { exactMcNemar, type McNemarTest } from "./mcnemar.js";
export { benjaminiHochberg, holm } from "./p-adjust.js";
