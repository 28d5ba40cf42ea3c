import {
  type ActionRecord,
  type Catalog,
  type ChatJob,
  type ChatParams,
  InputError,
  itemKey,
  type Scenario,
  scenarioKey,
  type ValueEntry,
} from "@valens/core";
import { type EvalItem, pairItems, type UnpairableItem } from "./items.js";
import type { EvalJobMeta } from "./job-meta.js";
import { task1Job } from "./task1.js";
import { task2Job } from "./task2.js";
import type { TemplateSet } from "./templates/schema.js";

export interface GridFilters {
  countries?: readonly string[];
  topics?: readonly string[];
  values?: readonly string[];
}

export interface EvalPlanInput {
  catalog: Catalog;
  /** The dataset's actions; required for Task 2, optional for Task 1 alone (then the catalog grid is used). */
  actions?: readonly ActionRecord[];
  /** Where the actions came from, for messages. */
  datasetSource?: string;
  tasks: { task1: boolean; task2: boolean };
  variants: { task1: readonly number[]; task2: readonly number[] };
  filters?: GridFilters;
  /** Keep the first n items (Task 2) / scenarios of those items (Task 1). */
  limit?: number;
  templates: TemplateSet;
  params: { task1?: ChatParams; task2?: ChatParams };
}

export interface EvalPlan {
  scenarios: Scenario[];
  values: ValueEntry[];
  items: EvalItem[];
  /** The actions of the planned items (both polarities), for the run's actions.jsonl. */
  actions: ActionRecord[];
  unpairable: UnpairableItem[];
  duplicates: number;
  jobs: ChatJob<EvalJobMeta>[];
  input: EvalPlanInput;
}

/** Resolves the grid, pairs the dataset's items and builds every request of the run. */
export function planEval(input: EvalPlanInput): EvalPlan {
  const { catalog } = input;
  const filters = input.filters ?? {};
  const countries = filters.countries
    ? new Set(catalog.resolveList("country", filters.countries))
    : undefined;
  const topics = filters.topics ? new Set(catalog.resolveList("topic", filters.topics)) : undefined;
  const valueNames = filters.values ? catalog.resolveList("value", filters.values) : undefined;
  const valueSet = valueNames ? new Set(valueNames) : undefined;
  // Task 1 always lists every value of the catalog, as the protocol does: --values narrows Task 2.
  const values = [...catalog.values];
  if (input.limit !== undefined && (!Number.isInteger(input.limit) || input.limit < 1)) {
    throw new InputError(`--limit must be a positive whole number, not ${input.limit}`);
  }

  let items: EvalItem[] = [];
  let unpairable: UnpairableItem[] = [];
  let duplicates = 0;
  if (input.actions) {
    const pairing = pairItems(input.actions, catalog, input.datasetSource);
    const keep = (i: { country: string; topic: string; value: string }) =>
      (!countries || countries.has(i.country)) &&
      (!topics || topics.has(i.topic)) &&
      (!valueSet || valueSet.has(i.value));
    items = pairing.items.filter(keep);
    unpairable = pairing.unpairable.filter((u) => {
      const [country = "", topic = "", value = ""] = u.item.split("|");
      return keep({ country, topic, value });
    });
    duplicates = pairing.duplicates;
    if (input.limit !== undefined) items = items.slice(0, input.limit);
  } else if (input.tasks.task2) {
    throw new InputError("Task 2 needs a dataset of actions", {
      hint: "Run `valens dataset download` first and pass --dataset <dir>/via.jsonl",
    });
  }

  let scenarios: Scenario[];
  if (input.actions) {
    const seen = new Map<string, Scenario>();
    for (const item of items)
      if (!seen.has(scenarioKey(item)))
        seen.set(scenarioKey(item), { country: item.country, topic: item.topic });
    scenarios = [...seen.values()];
  } else {
    scenarios = [];
    for (const country of catalog.countries)
      for (const topic of catalog.topics)
        if ((!countries || countries.has(country)) && (!topics || topics.has(topic)))
          scenarios.push({ country, topic });
    if (input.limit !== undefined) scenarios = scenarios.slice(0, input.limit);
  }
  if ((input.tasks.task2 && items.length === 0) || (input.tasks.task1 && scenarios.length === 0)) {
    throw new InputError("Nothing to evaluate: no item of the dataset matches the grid filters", {
      ...(input.datasetSource ? { file: input.datasetSource } : {}),
      hint: "Check --countries, --topics and --values against the dataset",
    });
  }

  const jobs: ChatJob<EvalJobMeta>[] = [];
  if (input.tasks.task1) {
    for (const scenario of scenarios)
      for (const variant of input.variants.task1)
        jobs.push(task1Job(input.templates, { ...scenario, variant, sample: 0 }, values, input.params.task1));
  }
  if (input.tasks.task2) {
    for (const item of items) {
      const gloss = catalog.value(item.value).gloss;
      for (const variant of input.variants.task2)
        jobs.push(task2Job(input.templates, item, gloss, variant, 0, input.params.task2));
    }
  }

  const itemKeys = new Set(items.map(itemKey));
  const actions = input.tasks.task2
    ? items.flatMap((item) => [item.negative, item.positive])
    : (input.actions ?? []).filter((a) => itemKeys.has(itemKey(a)));
  return { scenarios, values, items, actions, unpairable, duplicates, jobs, input };
}
