import {
  type ActionRecord,
  type Catalog,
  type ChatJob,
  type ChatMessage,
  type ChatParams,
  type ModelClient,
  type Polarity,
  polaritySchema,
  type RunOptions,
  type RunSummary,
  VALENS_VERSION,
} from "@valens/core";
import {
  addSummaries,
  emptySummary,
  type GridFilters,
  pairItems,
  renderTemplate,
  type TemplateSet,
  type UnpairableItem,
} from "@valens/tasks";
import { readGeneratedAnswer } from "./answer.js";
import { DATASET_FORMAT_VERSION, type DatasetManifest, parseCounts } from "./dataset-manifest.js";

export interface GenerationJobMeta {
  task: "generate";
  country: string;
  topic: string;
  value: string;
  polarity: Polarity;
  variant: number;
  sample: number;
}

export const generationJobId = (m: Omit<GenerationJobMeta, "task">): string =>
  `gen|${m.country}|${m.topic}|${m.value}|${m.polarity}|v${m.variant}|s${m.sample}`;

export interface GenerationPlanInput {
  catalog: Catalog;
  variant: number;
  filters?: GridFilters;
  /** Keep the first n items (each gets both polarities). */
  limit?: number;
  templates: TemplateSet;
  params?: ChatParams;
}

export function generationMessages(
  templates: TemplateSet,
  meta: Omit<GenerationJobMeta, "task">,
  gloss: string,
): ChatMessage[] {
  const template = templates.generation[String(meta.variant)];
  if (!template) throw new Error(`No generation template for variant ${meta.variant}`);
  const fill = {
    country: meta.country,
    topic: meta.topic,
    value: meta.value,
    gloss,
    verb: template.verbs[meta.polarity],
  };
  const messages: ChatMessage[] = [];
  if (template.system) messages.push({ role: "system", content: renderTemplate(template.system, fill) });
  messages.push({ role: "user", content: renderTemplate(template.user, fill) });
  return messages;
}

/** One job per (country, topic, value, polarity) of the grid. */
export function planGeneration(input: GenerationPlanInput): ChatJob<GenerationJobMeta>[] {
  const { catalog } = input;
  const f = input.filters ?? {};
  const countries = f.countries ? catalog.resolveList("country", f.countries) : [...catalog.countries];
  const topics = f.topics ? catalog.resolveList("topic", f.topics) : [...catalog.topics];
  const values = f.values
    ? catalog.resolveList("value", f.values).map((v) => catalog.value(v))
    : [...catalog.values];
  const jobs: ChatJob<GenerationJobMeta>[] = [];
  let items = 0;
  for (const country of countries)
    for (const topic of topics)
      for (const value of values) {
        if (input.limit !== undefined && items >= input.limit) return jobs;
        items++;
        for (const polarity of polaritySchema.options) {
          const meta = { country, topic, value: value.name, polarity, variant: input.variant, sample: 0 };
          jobs.push({
            id: generationJobId(meta),
            messages: generationMessages(input.templates, meta, value.gloss),
            ...(input.params ? { params: input.params } : {}),
            sample: 0,
            meta: { task: "generate", ...meta },
          });
        }
      }
  return jobs;
}

export interface GenerationOutcome {
  records: ActionRecord[];
  failedRequests: { id: string; error: string }[];
  retried: number;
  summary: RunSummary;
}

/**
 * Runs the generation jobs; each answer becomes an ActionRecord (unreadable ones kept raw).
 * With `retryUnparsed`, an unreadable answer gets a fresh sample which replaces it in the
 * dataset when readable (a dataset holds one action per item and polarity); the raw failed
 * answer stays in the response store.
 */
export async function runGeneration(
  client: ModelClient,
  jobs: readonly ChatJob<GenerationJobMeta>[],
  options: {
    retryUnparsed?: number;
    runOptions?: Omit<RunOptions<GenerationJobMeta>, "onResult">;
    onResult?: RunOptions<GenerationJobMeta>["onResult"];
  } = {},
): Promise<GenerationOutcome> {
  const byJob = new Map<string, ActionRecord>();
  const order = jobs.map((j) => baseId(j.meta));
  const failedRequests: { id: string; error: string }[] = [];
  let summary = emptySummary();
  let retried = 0;
  let pending: readonly ChatJob<GenerationJobMeta>[] = jobs;
  for (let round = 0; pending.length > 0; round++) {
    const { results, summary: s } = await client.run(pending, {
      ...options.runOptions,
      ...(options.onResult ? { onResult: options.onResult } : {}),
    });
    summary = addSummaries(summary, s);
    const next: ChatJob<GenerationJobMeta>[] = [];
    for (const result of results) {
      const meta = result.job.meta;
      if (!result.ok) {
        failedRequests.push({ id: result.job.id, error: result.error });
        continue;
      }
      const record: ActionRecord = {
        country: meta.country,
        topic: meta.topic,
        value: meta.value,
        polarity: meta.polarity,
        ...readGeneratedAnswer(result.text),
        variant: meta.variant,
        generator: client.model,
      };
      const previous = byJob.get(baseId(meta));
      if (!previous || record.parseStatus !== "failed") byJob.set(baseId(meta), record);
      if (record.parseStatus === "failed" && round < (options.retryUnparsed ?? 0)) {
        const sample = meta.sample + 1;
        const nextMeta = { ...meta, sample };
        next.push({ ...result.job, id: generationJobId(nextMeta), sample, meta: nextMeta });
      }
    }
    retried += next.length;
    pending = next;
  }
  const records = order.map((id) => byJob.get(id)).filter((r): r is ActionRecord => r !== undefined);
  return { records, failedRequests, retried, summary };
}

const baseId = (m: GenerationJobMeta) => `${m.country}|${m.topic}|${m.value}|${m.polarity}`;

export function generationManifest(
  client: Pick<ModelClient, "ref" | "model">,
  variant: number,
  outcome: GenerationOutcome,
  catalog: Catalog,
  parameters: Record<string, unknown>,
): DatasetManifest {
  let unpairable: UnpairableItem[] = [];
  try {
    unpairable = pairItems(outcome.records, catalog).unpairable;
  } catch {
    // Items missing a polarity (a failed request) are listed by `valens dataset validate`.
  }
  return {
    kind: "valens-dataset",
    formatVersion: DATASET_FORMAT_VERSION,
    valensVersion: VALENS_VERSION,
    createdAt: new Date().toISOString(),
    source: { type: "generated", model: client.ref, variant },
    records: outcome.records.length,
    parse: parseCounts(outcome.records),
    unpairable,
    parameters: {
      ...parameters,
      failedRequests: outcome.failedRequests.length,
      retried: outcome.retried,
      requests: outcome.summary.requests,
      cacheHits: outcome.summary.cacheHits,
    },
  };
}
