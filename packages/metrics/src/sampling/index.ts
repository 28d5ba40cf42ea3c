export {
  DEFAULT_RISK_FLOOR,
  type DesignOptions,
  drawPoisson,
  inclusionProbabilities,
  MIN_SAMPLE_ITEMS,
  parseBudget,
  probabilitiesFor,
  riskWeight,
  type SampleDesign,
  sampleDesignSchema,
} from "./design.js";
export {
  alignmentRates,
  type EstimateOptions,
  effectiveEstimator,
  estimateSampledRun,
  frameOf,
  type PointInterval,
  poisson1,
  type SampledEstimates,
  type SampledItem,
} from "./estimates.js";
export {
  DEFAULT_ESTIMATOR,
  type Estimator,
  estimateTotal,
  estimatorSchema,
  type FittedEstimator,
  fitEstimator,
  responseRate,
  type SampleFrame,
  type ShareEstimate,
  shareOf,
  type TotalEstimate,
  weightedLeastSquares,
  Z95,
} from "./estimator.js";
export { permanentRandomNumber } from "./prn.js";
export {
  readSampleFile,
  SAMPLE_FILE,
  type SampleManifest,
  type SampleRecord,
  sampledItemsOf,
  sampleManifestSchema,
  sampleRecordSchema,
  writeSampleFile,
} from "./sample-file.js";
