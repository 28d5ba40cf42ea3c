export {
  actedNegative,
  type ModelContext,
  modelContextSchema,
  type Others,
  othersSchema,
} from "./data/context.js";
export {
  type ActionText,
  type ChoiceExample,
  choiceExamples,
  type Example,
  exampleSchema,
  examplesFor,
  type GapExample,
  gapExamples,
  type Task,
  taskSchema,
} from "./data/examples.js";
export {
  buildFeatureSchema,
  type FeatureGroup,
  type FeatureSchema,
  featureGroupSchema,
  featureSchemaSchema,
} from "./data/features.js";
export {
  describeSplit,
  type SplitSpec,
  STUDY_BOUNDARY_ROW,
  STUDY_TEST_PER_CLASS,
  splitExamples,
  splitSpecSchema,
} from "./data/splits.js";
export {
  BASELINE_NAMES,
  type BaselineParams,
  evaluateBaselines,
  fitBaselines,
} from "./evaluation/baselines.js";
export { bootstrapIntervals } from "./evaluation/bootstrap.js";
export {
  auroc,
  averagePrecision,
  type BinaryMetrics,
  bestF1Threshold,
  binaryMetrics,
  brierScore,
  expectedCalibrationError,
} from "./evaluation/metrics.js";
export {
  type Forecast,
  type ForecastOptions,
  forecastRun,
  type GroupForecast,
  groupForecast,
  type ItemForecast,
} from "./forecast.js";
export { defaultHyperparameters, type Hyperparameters } from "./model/build.js";
export { fitLogistic, type LogisticModel, logisticLogits, type SparseRows } from "./model/logistic.js";
export {
  type EvaluationReport,
  type KindSelection,
  kindSelectionSchema,
  PREDICTOR_FILES,
  PREDICTOR_FORMAT_VERSION,
  type PredictorCard,
  predictorCardSchema,
} from "./predictor/card.js";
export type { EmbeddingSource } from "./predictor/embeddings.js";
export { type EvaluateOptions, type PredictOptions, Predictor } from "./predictor/predictor.js";
export {
  evaluateRepeatedSplits,
  MIN_REPEATS,
  REPEATED_METRICS,
  type RepeatedEvaluation,
  type RepeatedMetric,
  type RepeatedSplitsOptions,
  type SplitResult,
  type Spread,
  spread,
  summariseSplits,
} from "./predictor/repeated-splits.js";
export {
  checkKindForTask,
  type PredictorKind,
  type TrainedPredictor,
  type TrainPredictorOptions,
  trainPredictor,
} from "./predictor/train-predictor.js";
export { defaultHashing, type HashingSettings, hashText, words } from "./text/hashing.js";
export { type BackendName, type BackendPreference, loadTf, type TfRuntime } from "./tf/runtime.js";
export {
  applyRecalibration,
  type Recalibration,
  recalibrate,
  recalibrationSchema,
} from "./train/recalibrate.js";
