export { type SyntheticOptions, syntheticRun } from "./synthetic-run.js";
