import type { TopLevelSpec } from "vega-lite";
import type { Example } from "../report-data.js";
import type { ReportTable } from "../table.js";

export interface Card {
  label: string;
  value: string;
  detail: string;
}

export type Block =
  | { kind: "figure"; id: string; title: string; caption: string; spec: TopLevelSpec; table: ReportTable }
  | { kind: "table"; caption: string; table: ReportTable; collapsed: boolean }
  | { kind: "cards"; title: string; cards: Card[] }
  | { kind: "examples"; examples: Example[]; table: ReportTable }
  | { kind: "text"; text: string };

export interface Section {
  id: string;
  title: string;
  blocks: Block[];
}

/** The report laid out as sections of figures and tables; rendered to HTML, its tables to CSV. */
export interface ReportDocument {
  title: string;
  subtitle: string;
  sections: Section[];
}
