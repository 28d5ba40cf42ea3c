export { type CheckInput, checkRun, checkWarning, REVERSED_FLAG, type RunCheck } from "./check-run.js";
export {
  type CloserCounts,
  type ExplanationCheck,
  explanationCheck,
  REVERSAL_ALPHA,
} from "./explanation-check.js";
export { contentWords, textSimilarity } from "./text-similarity.js";
export {
  MIN_VARIANT_ITEMS,
  VARIANT_GAP,
  type VariantAgreement,
  variantAgreement,
} from "./variant-agreement.js";
