export { type ComparableRun, compareInputs, runCatalog } from "./compare-input.js";
export {
  type CompareInput,
  type CompareOptions,
  compareRuns,
  DEFAULT_COMPARE_RESAMPLES,
} from "./compare-runs.js";
export * from "./compare-schema.js";
