export { type GeneratedFields, readGeneratedAnswer } from "./answer.js";
export {
  DATASET_FORMAT_VERSION,
  type DatasetManifest,
  datasetManifestSchema,
  manifestPathFor,
  parseCounts,
} from "./dataset-manifest.js";
export { type DownloadOptions, type DownloadReport, downloadVia, VIA_SOURCE } from "./download.js";
export {
  type GenerationJobMeta,
  type GenerationOutcome,
  type GenerationPlanInput,
  generationJobId,
  generationManifest,
  generationMessages,
  planGeneration,
  runGeneration,
} from "./generate.js";
export { type LoadedDataset, loadDataset } from "./load-dataset.js";
export {
  recordIssues,
  VALIDATION_KINDS,
  type ValidationIssue,
  type ValidationKind,
  type ValidationReport,
  validateDatasetFile,
  wordCount,
} from "./validate.js";
export { readViaCsv, VIA_GENERATOR, VIA_VARIANT } from "./via-csv.js";
