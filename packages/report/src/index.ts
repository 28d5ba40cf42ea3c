export { buildReportData, type ReportOptions, type ReportRun } from "./build-report-data.js";
export { externalReferences, renderSvg } from "./charts/render-svg.js";
export {
  type Block,
  buildDocument,
  type Card,
  documentTables,
  type ReportDocument,
  type Section,
} from "./document.js";
export { renderHtml } from "./html/render-html.js";
export * from "./predictor-input.js";
export * from "./report-data.js";
export type { CellValue, Column, ColumnFormat, ReportTable, Row } from "./table.js";
export {
  defaultCsvDir,
  type ReportFormat,
  type WriteReportOptions,
  type WrittenReport,
  writeFileAtomic,
  writeReport,
} from "./write-report.js";
