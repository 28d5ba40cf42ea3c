export {
  Catalog,
  type CatalogFile,
  catalogFileSchema,
  defaultCatalog,
  type ValueEntry,
  valueEntrySchema,
} from "./catalog/catalog.js";
export { closestNames, nameKey } from "./catalog/name-key.js";
export * from "./errors/index.js";
export { FNV1A_OFFSET, fnv1a32, fnv1aContinue, mix32 } from "./hash/fnv1a.js";
export { sha256Digest, sha256Hex } from "./hash/sha256.js";
export { writeFileAtomic } from "./io/atomic.js";
export {
  assertReadableFile,
  type CsvRow,
  csvCellText,
  csvSafeText,
  forEachCsvRow,
  formatCsv,
  formatCsvRecords,
  parseCsvText,
  type ReadCsvOptions,
  readCsv,
  writeCsv,
} from "./io/csv.js";
export { readJsonOrYamlFile } from "./io/data-file.js";
export { escapeControl, escapeForTerminal } from "./io/escape-control.js";
export {
  JsonlEncoder,
  type JsonlLine,
  readJsonl,
  readJsonlAll,
  readJsonlItemKeys,
  readJsonlLines,
  writeJsonl,
} from "./io/jsonl.js";
export { acquireLock, type Lock, LockedError, type LockHolder, lockFileFor } from "./io/lock-file.js";
export type * from "./model/index.js";
export { field, parseOption, parseRating, textKey } from "./parse/answer-fields.js";
export { type GeneratedFields, readGeneratedAnswer, recoverFields } from "./parse/generated-answer.js";
export { type ParsedAnswer, parseLlmAnswer } from "./parse/parse-llm-answer.js";
export { NO_OPTION_NOTE, polarityOfOption, readTask2Answer, type Task2Answer } from "./parse/task2-answer.js";
export { createRng } from "./random.js";
export { runTiming, taskSummary } from "./run/manifest-parts.js";
export {
  checkOutputPath,
  type OutputPathOptions,
  VALENS_OUTPUT_MARKERS,
  valensOutputKind,
  writeOutputMarker,
} from "./run/output-guard.js";
export {
  checkRunConsistency,
  type RunConsistencyInput,
  type RunInconsistency,
  runConsistencyWarning,
} from "./run/run-consistency.js";
export {
  checkOutputDir,
  type LoadedRun,
  type LoadedRunKeys,
  type OutputDirOptions,
  RUN_FILES,
  type RunContents,
  readRun,
  readRunManifest,
  sha256File,
  writeDirectoryAtomic,
  writeRun,
} from "./run/run-dir.js";
export * from "./schemas/index.js";
export {
  type Clock,
  type ClockTimer,
  ManualClock,
  SkipAheadClock,
  sleepOn,
  systemClock,
} from "./time/clock.js";
export { VALENS_VERSION } from "./version.generated.js";
export type { ViaItem } from "./via/action-lines.js";
export {
  importVia,
  importViaToJsonl,
  readPolarity,
  VIA_COLUMNS,
  type ViaCounts,
  type ViaFileImport,
  type ViaImport,
  type ViaRow,
} from "./via/via.js";
