export { type EvalItem, type Pairing, pairItems, type UnpairableItem } from "./items.js";
export {
  type EvalJobMeta,
  type Task1JobMeta,
  type Task2JobMeta,
  task1JobId,
  task2JobId,
} from "./job-meta.js";
export { buildEvalRun, type EvalRunInfo } from "./manifest.js";
export { type EvalPlan, type EvalPlanInput, type GridFilters, planEval } from "./plan.js";
export {
  addSummaries,
  type EvalOutcome,
  emptySummary,
  type FailedRequest,
  type RunEvalOptions,
  runEval,
} from "./run-eval.js";
export { drawTask2Sample, sampleGrid, type Task2SampleInput, task1Part, task2PartFor } from "./sample.js";
export { task1Job, task1Messages, task1Record, toRating } from "./task1.js";
export { optionsFor, polarityOf, task2Job, task2Messages, task2Record } from "./task2.js";
export { defaultTemplates, loadTemplates, mergeTemplates, templatesHash } from "./templates/load.js";
export { placeholdersOf, renderTemplate } from "./templates/render.js";
export {
  type GenerationTemplate,
  generationTemplateSchema,
  PLACEHOLDERS,
  type Task1Template,
  type Task2Template,
  type TemplateFile,
  type TemplateKind,
  type TemplateSet,
  task1TemplateSchema,
  task2TemplateSchema,
  templateFileSchema,
} from "./templates/schema.js";
export {
  type GenerationVariant,
  generationVariants,
  orderOf,
  parseVariantSpec,
  STUDY_VARIANT,
  type Task1Variant,
  type Task2Variant,
  task1Variants,
  task2Variants,
} from "./variants.js";
