import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import {
  type ActionRecord,
  checkOutputDir,
  defaultCatalog,
  type LoadedRun,
  sha256File,
  writeFileAtomic,
  writeJsonl,
  writeOutputMarker,
  writeRun,
} from "@valens/core";
import { generationManifest, manifestPathFor, planGeneration, runGeneration } from "@valens/dataset-gen";
import { createModelClient } from "@valens/llm";
import { type MockServer, startMockServer } from "@valens/mock-server";
import { buildReportData, type PredictorSection, type WrittenReport, writeReport } from "@valens/report";
import { buildEvalRun, defaultTemplates, planEval, runEval } from "@valens/tasks";
import { reportTime } from "../report-time.js";
import { type DemoPredictorResult, demoPredictor } from "./demo-predictor.js";

export interface DemoOptions {
  out: string;
  force: boolean;
  countries: number;
  topics: number;
  /** Task-2 prompt variants of each model (task 1 always runs all eight). */
  task2Variants: number[];
  /** Progress lines (stderr in the CLI). */
  log: (line: string) => void;
}

export interface DemoStep {
  step: string;
  ms: number;
  detail: string;
}

export interface DemoResult {
  out: string;
  dataset: string;
  runs: { model: string; dir: string }[];
  predictor: DemoPredictorResult | null;
  report: WrittenReport;
  json: string;
  steps: DemoStep[];
  requests: number;
  ms: number;
}

/** Two mock "models": the same mock server answering with two seeded personas. */
const MODELS = [
  { name: "mock-model-a", seed: 1 },
  { name: "mock-model-b", seed: 2 },
] as const;

/**
 * The whole pipeline, offline, in one process: a mock OpenAI-compatible server on loopback,
 * dataset generation, both tasks for two models, the measures, a gap predictor and its forecast,
 * and the report. Everything goes through the same library calls the commands use.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const started = performance.now();
  await checkOutputDir(options.out, options.force);
  const out = resolve(options.out);
  await mkdir(out, { recursive: true });
  await writeOutputMarker(out, "demo");
  const steps: DemoStep[] = [];
  const step = async <T>(name: string, work: () => Promise<T>, detail: (value: T) => string): Promise<T> => {
    options.log(`${name} ...`);
    const t = performance.now();
    const value = await work();
    const entry = { step: name, ms: Math.round(performance.now() - t), detail: detail(value) };
    steps.push(entry);
    options.log(`  ${entry.detail} (${(entry.ms / 1000).toFixed(1)} s)`);
    return value;
  };

  const catalog = defaultCatalog;
  const filters = {
    countries: catalog.countries.slice(0, options.countries),
    topics: catalog.topics.slice(0, options.topics),
  };
  const templates = defaultTemplates;
  // The mock listens on a new port each time, so stored answers could never be reused: the demo
  // keeps no response store (noCache), and nothing accumulates across runs.
  const store = join(out, "cache", "store.sqlite");
  const mock = await step(
    "1. Starting the mock OpenAI-compatible server (in-process, loopback only)",
    () => startMockServer({ seed: MODELS[0].seed }),
    (server) => `listening on ${server.baseUrl}; no API key, no network`,
  );
  let requests = 0;
  try {
    const client = (model: string) =>
      createModelClient(`openai:${model}`, {
        baseUrl: mock.baseUrl,
        apiKey: "demo-key-not-secret",
        storePath: store,
        progress: "off",
        concurrency: 16,
        config: {},
      });

    const datasetFile = join(out, "dataset.jsonl");
    const actions = await step(
      `2. Generating a dataset (${filters.countries.join(", ")} x ${filters.topics.join(", ")} x ${catalog.values.length} values x 2 polarities)`,
      async () => {
        const generator = client("mock-generator");
        try {
          const jobs = planGeneration({
            catalog,
            variant: 5,
            filters,
            templates,
            params: { temperature: 0.7 },
          });
          const outcome = await runGeneration(generator, jobs, { runOptions: { noCache: true } });
          requests += outcome.summary.requests;
          const manifest = generationManifest(generator, 5, outcome, catalog, { filters, demo: true });
          await writeJsonl(datasetFile, outcome.records);
          await writeJsonAtomic(manifestPathFor(datasetFile), manifest);
          return outcome.records;
        } finally {
          await generator.close();
        }
      },
      (records) => `${records.length} value-informed actions -> ${datasetFile}`,
    );
    await mock.setOptions({ dataset: actions.map(toDatasetRow) });

    const runs: LoadedRun[] = [];
    for (const [index, model] of MODELS.entries()) {
      const run = await step(
        `${3 + index}. Evaluating ${model.name}: task 1 (variants 0-7) and task 2 (variants ${options.task2Variants.join(",")})`,
        () => evaluate(mock, client, model, actions, datasetFile, filters, options.task2Variants, out),
        (r) =>
          `${r.task1.length} task-1 and ${r.task2.length} task-2 answers (${r.manifest.usage?.requests ?? 0} requests) -> ${r.dir}`,
      );
      requests += run.manifest.usage?.requests ?? 0;
      runs.push(run);
    }

    const predictor = await step(
      "5. Training a gap predictor on model A and forecasting model B",
      () => demoPredictor(runs[0] as LoadedRun, runs[1] as LoadedRun, join(out, "predictor")),
      (p) => p.summary,
    );

    const report = await step(
      "6. Computing the measures and writing the report",
      async () => {
        const section: PredictorSection | null = predictor?.section ?? null;
        const data = buildReportData(runs, {
          title: "valens demo: two mock models",
          bootstrap: 500,
          predictor: section,
          createdAt: reportTime(),
        });
        const written = await writeReport(data, {
          out: join(out, "report.html"),
          format: "html",
          csvDir: join(out, "report-tables"),
        });
        await writeReport(data, { out: join(out, "report.json"), format: "json", csvDir: null });
        return { written, data };
      },
      ({ written, data }) =>
        `${written.charts} charts, ${written.tables} tables; ${data.models
          .map((m) => `${m.id}: alignment rate ${m.headline.alignmentRate?.toFixed(3) ?? "-"}`)
          .join(", ")}`,
    );
    return {
      out,
      dataset: datasetFile,
      runs: runs.map((r) => ({ model: r.manifest.model.name, dir: r.dir })),
      predictor,
      report: report.written,
      json: join(out, "report.json"),
      steps,
      requests,
      ms: Math.round(performance.now() - started),
    };
  } finally {
    await mock.close();
  }
}

async function evaluate(
  mock: MockServer,
  client: (model: string) => ReturnType<typeof createModelClient>,
  model: (typeof MODELS)[number],
  actions: readonly ActionRecord[],
  datasetFile: string,
  filters: { countries: string[]; topics: string[] },
  task2Variants: number[],
  out: string,
): Promise<LoadedRun> {
  await mock.setOptions({ seed: model.seed });
  const startedAt = new Date();
  const variants = { task1: [0, 1, 2, 3, 4, 5, 6, 7], task2: task2Variants };
  const plan = planEval({
    catalog: defaultCatalog,
    actions,
    datasetSource: datasetFile,
    tasks: { task1: true, task2: true },
    variants,
    filters,
    templates: defaultTemplates,
    params: { task1: { temperature: 0.2 }, task2: { temperature: 0.2 } },
  });
  const c = client(model.name);
  try {
    const outcome = await runEval(c, plan, { catalog: defaultCatalog, runOptions: { noCache: true } });
    const contents = buildEvalRun(plan, outcome, {
      client: c,
      dataset: {
        path: datasetFile,
        sha256: await sha256File(datasetFile),
        records: actions.length,
        name: "demo",
      },
      startedAt,
      finishedAt: new Date(),
      parameters: { variants, filters, temperature: 0.2, demo: true, mockSeed: model.seed },
    });
    const dir = join(out, "runs", model.name);
    await writeRun(dir, contents, { force: true });
    return { ...contents, dir };
  } finally {
    await c.close();
  }
}

function toDatasetRow(a: ActionRecord) {
  return { country: a.country, topic: a.topic, value: a.value, polarity: a.polarity, action: a.action };
}

async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, [`${JSON.stringify(value, null, 2)}\n`]);
}
