import { InputError } from "@valens/core";
import { type LoadedDataset, loadDataset } from "@valens/dataset-gen";
import { type EvalPlan, loadTemplates, planEval } from "@valens/tasks";
import { loadCatalog } from "../../catalog-file.js";
import { gridFilters } from "../../grid-options.js";
import { type EvalOptions, parseTasks, type TaskSelection, variantsOf } from "./options.js";
import { readSampleSettings, type SampleSettings } from "./sample.js";

/** Everything eval checks and reads before it creates a client: a bad input fails here. */
export interface EvalSetup {
  tasks: TaskSelection;
  variants: { task1: number[]; task2: number[] };
  catalog: Awaited<ReturnType<typeof loadCatalog>>;
  templates: Awaited<ReturnType<typeof loadTemplates>>;
  dataset: LoadedDataset | undefined;
  plan: EvalPlan;
  sample: SampleSettings | null;
}

async function datasetOf(options: EvalOptions, tasks: TaskSelection): Promise<LoadedDataset | undefined> {
  if (options.dataset !== undefined) return loadDataset(options.dataset);
  if (tasks.task2)
    throw new InputError("Task 2 needs a dataset: --dataset is missing", {
      hint: "Run `valens dataset download --to data` first, then pass --dataset data/via.jsonl",
    });
  return undefined;
}

export async function prepareEval(options: EvalOptions): Promise<EvalSetup> {
  const tasks = parseTasks(options.tasks);
  const variants = variantsOf(options, tasks);
  if (options.out === undefined && !options.dryRun)
    throw new InputError("--out is missing: eval needs a run directory to write", {
      hint: "Pass --out runs/<name>, or --dry-run to see the requests, tokens and cost without writing anything",
    });
  const catalog = await loadCatalog(options.catalog);
  const templates = await loadTemplates(options.templates);
  const dataset = await datasetOf(options, tasks);
  const params = {
    ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
    ...(options.maxTokens === undefined ? {} : { max_tokens: options.maxTokens }),
  };
  const plan = planEval({
    catalog,
    ...(dataset ? { actions: dataset.actions, datasetSource: dataset.file } : {}),
    tasks,
    variants,
    filters: gridFilters(options),
    ...(options.limit === undefined ? {} : { limit: options.limit }),
    templates,
    params: { task1: params, task2: params },
  });
  const sample = await readSampleSettings(options, tasks, plan, options.model);
  return { tasks, variants, catalog, templates, dataset, plan, sample };
}
