import type { GridFilters } from "@valens/tasks";
import { z } from "zod";
import type { Failure, IntRule, NumberRule, OptionSpec } from "./cli/option-spec.js";

/** A bad number of eval and dataset generate: `--flag must be <what>, not "<text>"`. */
const mustBe = (what: string): Failure => ({ as: "input", message: `{flag} must be ${what}, not "{value}"` });

/** --countries/--topics/--values/--limit/--catalog, shared by eval and dataset generate. */
export const GRID_OPTION_SPECS: readonly OptionSpec[] = [
  {
    flags: "--countries <names>",
    description: "only these countries (comma-separated names)",
    value: { type: "list" },
  },
  {
    flags: "--topics <names>",
    description: "only these topics (comma-separated names)",
    value: { type: "list" },
  },
  {
    flags: "--values <names>",
    description: "only these values (comma-separated names)",
    value: { type: "list" },
  },
  {
    flags: "--limit <n>",
    description: "only the first n items of the grid",
    value: { type: "int", min: 1, fail: mustBe("a positive whole number") },
  },
  {
    flags: "--catalog <file>",
    description: "catalog file (JSON/YAML) adding countries, topics or values with glosses",
  },
];

export const gridOptionsSchema = z.object({
  countries: z.array(z.string()).optional(),
  topics: z.array(z.string()).optional(),
  values: z.array(z.string()).optional(),
  limit: z.number().optional(),
  catalog: z.string().optional(),
});
type GridOptions = z.infer<typeof gridOptionsSchema>;

export function gridFilters(options: GridOptions): GridFilters {
  const filters: GridFilters = {};
  if (options.countries) filters.countries = options.countries;
  if (options.topics) filters.topics = options.topics;
  if (options.values) filters.values = options.values;
  return filters;
}

/** How --temperature, --max-tokens and --retry-unparsed [rounds] read, in eval and dataset generate. */
export const TEMPERATURE: NumberRule = { type: "number", min: 0, max: 2, fail: mustBe("between 0 and 2") };
export const MAX_TOKENS: IntRule = { type: "int", min: 1, fail: mustBe("a positive whole number") };
/** `--retry-unparsed` alone is one round. */
export const RETRY_UNPARSED: IntRule = {
  type: "int",
  min: 0,
  bare: 1,
  fail: mustBe("a whole number of rounds"),
};
export const RETRY_UNPARSED_DESCRIPTION =
  "ask unparsable answers again with a fresh sample (default 1 round)";

export const samplingOptionsSchema = z.object({
  temperature: z.number().optional(),
  maxTokens: z.number().optional(),
  templates: z.string().optional(),
  retryUnparsed: z.number().default(0),
});
