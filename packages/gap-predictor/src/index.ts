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
  forecastRun,
  type GroupForecast,
  groupForecast,
  type ItemForecast,
} from "./forecast.js";
export { defaultHyperparameters, type Hyperparameters } from "./model/build.js";
export {
  type EvaluationReport,
  PREDICTOR_FILES,
  PREDICTOR_FORMAT_VERSION,
  type PredictorCard,
  predictorCardSchema,
} from "./predictor/card.js";
export type { EmbeddingSource } from "./predictor/embeddings.js";
export { type PredictOptions, Predictor } from "./predictor/predictor.js";
export {
  type TrainedPredictor,
  type TrainPredictorOptions,
  trainPredictor,
} from "./predictor/train-predictor.js";
export { defaultHashing, type HashingSettings, hashText, words } from "./text/hashing.js";
export { type BackendName, type BackendPreference, loadTf, type TfRuntime } from "./tf/runtime.js";
