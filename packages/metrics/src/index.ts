export {
  type AlignmentRate,
  alignmentRate,
  type ScenarioAlignment,
  scenarioAlignments,
} from "./alignment-rate.js";
export {
  type BootstrapIntervals,
  type BootstrapOptions,
  bootstrapScenarios,
  DEFAULT_BOOTSTRAP_RESAMPLES,
  DEFAULT_BOOTSTRAP_SEED,
  quantile,
} from "./bootstrap.js";
export * from "./check/index.js";
export { agreeF1, cohenKappa, disagreeF1, macroF1 } from "./class-scores.js";
export * from "./compare/index.js";
export { addToConfusion, type Confusion, confusionOf, emptyConfusion, f1Score } from "./confusion.js";
export { type Task1Coverage, type Task2Coverage, task1Coverage, task2Coverage } from "./coverage.js";
export { METRIC_DEFINITIONS, type MetricDefinitions } from "./definitions.js";
export {
  type DistanceMatrix,
  type DistanceSummary,
  distanceMatrix,
  distanceSummary,
  rowMeans,
} from "./distance.js";
export { inCatalogOrder } from "./grid-order.js";
export { type InclinationStats, type Inclinations, inclinations, statedCells } from "./inclination.js";
export {
  compareItems,
  type ItemAlignment,
  type ItemAlignmentOptions,
  itemAlignments,
} from "./item-alignment.js";
export { type MisalignmentTable, misalignmentTable } from "./misalignment.js";
export { type RankedValue, type Ranking, ranking, rankValues } from "./ranking.js";
export {
  computeMetrics,
  type MetricsInput,
  type MetricsOptions,
  type MetricsReport,
  TASK2_NEEDED_NOTE,
} from "./report.js";
export * from "./robustness/index.js";
export * from "./sampling/index.js";
export { meanOfPicks, type ResampleOptions, scenarioBootstrap } from "./scenario-resample.js";
export * from "./stance.js";
export * from "./stats/index.js";
export {
  type PooledKappa,
  type ScenarioMeanScore,
  type ScenarioScores,
  type StudyAlignment,
  scenarioScores,
  studyAlignment,
  studyScenarioF1s,
} from "./study-alignment.js";
export {
  type StudyDistance,
  type StudyDistanceMatrix,
  studyDistance,
  studyDistanceMatrix,
} from "./study-distance.js";
