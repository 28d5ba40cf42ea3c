export { type ChoiceRow, choicesToRecords } from "./choices.js";
export {
  type ImportReleasedOptions,
  type ImportReleasedResult,
  type ImportReleasedSummary,
  importReleased,
  importReleasedInto,
  type MisalignedSummary,
} from "./import-released.js";
export {
  compareWithList,
  holdsCompleteObject,
  type LabelCheck,
  type ListAgreement,
  MISALIGNED_COLUMNS,
  type MisalignedEntry,
  type MisalignedList,
  RECONSTRUCTED_NOTE,
  type Reconstruction,
  readMisalignedList,
  reconstructFromList,
  statedMeans,
} from "./misaligned-list.js";
export { importTask1, readVariant, TASK1_COLUMNS, type Task1Import, toTask1Record } from "./task1.js";
export { importTask2Csv, TASK2_CSV_COLUMNS, type Task2CsvImport } from "./task2-csv.js";
export { importTask2Log, type Task2LogImport } from "./task2-log.js";
export {
  importTask2Samples,
  TASK2_SAMPLES_COLUMNS,
  type Task2SamplesImport,
  toTask2Record,
} from "./task2-samples.js";
