export {
  type CrossCheck,
  type ImportTableOptions,
  type ImportTableResult,
  importTable,
} from "./import-table.js";
export {
  type TableMapping,
  type Task1Mapping,
  type Task2Mapping,
  tableMappingSchema,
} from "./mapping-schema.js";
export { checkMapping, mappingError, readMapping } from "./read-mapping.js";
