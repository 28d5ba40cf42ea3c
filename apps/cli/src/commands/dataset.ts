import { mkdir, readFile, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { checkOutputPath, InputError, writeFileAtomic, writeJsonl } from "@valens/core";
import {
  datasetManifestSchema,
  downloadVia,
  generationManifest,
  manifestPathFor,
  planGeneration,
  runGeneration,
  VALIDATION_KINDS,
  validateDatasetFile,
} from "@valens/dataset-gen";
import {
  createModelClient,
  formatPlan,
  MODEL_OPTION_SPECS,
  parseModelCliOptions,
  toClientOptions,
  toRunOptions,
} from "@valens/llm";
import { loadTemplates, parseVariantSpec, STUDY_VARIANT } from "@valens/tasks";
import type { Command } from "commander";
import { ExitCode } from "../exit-codes.js";
import {
  addGridOptions,
  checkWritableParent,
  gridFilters,
  loadCatalog,
  numberOption,
  parseLimit,
  samplingFlags,
} from "../grid-options.js";
import { colors, printJson, printLine, status } from "../output.js";

export function registerDataset(program: Command): void {
  const dataset = program
    .command("dataset")
    .description("Download, generate and validate value-informed action datasets")
    .addHelpText(
      "after",
      "\nExample:\n  $ valens dataset download --to data\n  $ valens dataset validate data/via.jsonl",
    );

  dataset
    .command("download")
    .description("Fetch the published VIA dataset, verify its sha256 and convert it to the dataset format")
    .option("--to <dir>", "directory to write via.jsonl and via.manifest.json into", "data")
    .option("--from <file or URL>", "a local copy or another URL of the VIA CSV")
    .option("--sha256 <digest>", "expected sha256 of the CSV (default: the published file's)")
    .option("--json", "print the report as JSON")
    .addHelpText(
      "after",
      "\nExample:\n  $ valens dataset download --to data\n  $ valens dataset download --from ./via_full.csv --to data",
    )
    .action(async (raw: Record<string, unknown>) => {
      const report = await downloadVia({
        to: String(raw.to),
        ...(typeof raw.from === "string" ? { from: raw.from } : {}),
        ...(typeof raw.sha256 === "string" ? { sha256: raw.sha256 } : {}),
      });
      const { manifest } = report;
      if (raw.json === true) {
        printJson({ file: report.file, manifestFile: report.manifestFile, ...manifest });
        return;
      }
      printLine(
        `wrote ${report.file} (${manifest.records} records, sha256 of the source ${manifest.source.sha256})`,
      );
      printLine(
        `parse: ${manifest.parse.clean} clean, ${manifest.parse.repaired} repaired, ${manifest.parse.failed} failed`,
      );
      for (const [note, count] of Object.entries(manifest.parse.repairs))
        printLine(`  repaired: ${count} ${note}`);
      printLine(`items that cannot be paired (an answer with no action text): ${manifest.unpairable.length}`);
      for (const u of manifest.unpairable.slice(0, 10)) printLine(`  ${u.item}: ${u.reason}`);
      if (manifest.unpairable.length > 10)
        printLine(`  ... ${manifest.unpairable.length - 10} more in ${report.manifestFile}`);
    });

  const generate = dataset
    .command("generate")
    .description("Generate a VIA-style dataset with a model (both polarities of every item)")
    .option(
      "--variant <n>",
      `generation prompt variant 0-7 (default ${STUDY_VARIANT.generation}, the study's)`,
      String(STUDY_VARIANT.generation),
    );
  addGridOptions(generate);
  for (const spec of MODEL_OPTION_SPECS) generate.option(spec.flags, spec.description);
  generate
    .option("--temperature <t>", "sampling temperature (default: the provider's)")
    .option("--max-tokens <n>", "most tokens per answer")
    .option("--templates <file>", "prompt templates (JSON/YAML) replacing the built-in wording")
    .option("--retry-unparsed [rounds]", "ask unparsable answers again with a fresh sample (default 1 round)")
    .option("--force", "replace an output file that is not a generated dataset")
    .requiredOption("-o, --out <dataset.jsonl>", "dataset file to write (its manifest goes beside it)")
    .addHelpText(
      "after",
      "\nRe-running the same command resumes from the response store.\n\nExample:\n  $ valens dataset generate --model openai:gpt-4o --countries India --topics Religion --out data/india.jsonl",
    )
    .action(async (raw: Record<string, unknown>) => {
      const options = parseModelCliOptions(raw);
      const variants = parseVariantSpec(String(raw.variant), "--variant");
      if (variants.length !== 1) throw new InputError("--variant takes one variant number (0-7)");
      const variant = variants[0] as number;
      const { temperature, maxTokens, retryUnparsed } = samplingFlags(raw);
      const catalog = await loadCatalog(raw.catalog);
      const templates = await loadTemplates(typeof raw.templates === "string" ? raw.templates : undefined);
      const out = String(raw.out);
      await checkDatasetOutput(
        out,
        raw.force === true,
        [raw.templates, raw.catalog].filter((f): f is string => typeof f === "string"),
      );
      const jobs = planGeneration({
        catalog,
        variant,
        filters: gridFilters(raw),
        ...(raw.limit === undefined ? {} : { limit: parseLimit(raw.limit) }),
        templates,
        params: {
          ...(temperature === undefined ? {} : { temperature }),
          ...(maxTokens === undefined ? {} : { max_tokens: maxTokens }),
        },
      });
      if (jobs.length === 0) throw new InputError("Nothing to generate: the grid filters select no item");
      const client = createModelClient(options.model, toClientOptions(options));
      try {
        const estimate = await client.plan(jobs, toRunOptions(options));
        for (const line of formatPlan(options.model, estimate)) status(line);
        if (options.dryRun) return;
        const outcome = await runGeneration(client, jobs, {
          retryUnparsed,
          runOptions: toRunOptions(options),
        });
        const manifest = generationManifest(client, variant, outcome, catalog, {
          filters: gridFilters(raw),
          temperature: temperature ?? null,
          maxTokens: maxTokens ?? null,
          templates: typeof raw.templates === "string" ? raw.templates : "built-in",
        });
        await mkdir(dirname(resolve(out)), { recursive: true });
        await writeJsonl(out, outcome.records);
        const manifestFile = manifestPathFor(out);
        await writeFileAtomic(manifestFile, [`${JSON.stringify(manifest, null, 2)}\n`]);
        printLine(
          `wrote ${out}: ${outcome.records.length} records (${manifest.parse.clean} clean, ${manifest.parse.repaired} repaired, ${manifest.parse.failed} unparsed)`,
        );
        printLine(`requests sent ${outcome.summary.requests}, from the store ${outcome.summary.cacheHits}`);
        if (manifest.unpairable.length > 0)
          printLine(`items that cannot be paired: ${manifest.unpairable.length} (see ${manifestFile})`);
        printLine(`check it with: valens dataset validate ${out}`);
        if (outcome.failedRequests.length > 0) {
          status(
            `valens: ${outcome.failedRequests.length} request(s) got no answer after retries; rerun the same command to ask only for those`,
          );
          process.exitCode = ExitCode.provider;
        }
      } finally {
        await client.close();
      }
    });

  dataset
    .command("validate <dataset>")
    .description("Check every record of a dataset and count the problems by kind")
    .option("--json", "print the report as JSON")
    .option("--examples <n>", "examples shown per kind", "3")
    .addHelpText(
      "after",
      "\nReads a dataset JSONL or the published VIA CSV; exits 2 when any record has a problem.\n\nExample:\n  $ valens dataset validate data/via.jsonl --json",
    )
    .action(async (file: string, raw: Record<string, unknown>) => {
      const examples =
        numberOption(raw.examples, "--examples", (n) => Number.isInteger(n) && n >= 0, "a whole number") ?? 3;
      const report = await validateDatasetFile(file, examples);
      // Problems found are a failed check, whatever the output format.
      if (report.valid < report.records) process.exitCode = ExitCode.input;
      if (raw.json === true) {
        printJson(report);
        return;
      }
      printLine(`${file}: ${report.records} records, ${report.valid} without any problem`);
      for (const kind of VALIDATION_KINDS) {
        const count = report.counts[kind];
        printLine(`  ${(count > 0 ? colors.yellow : colors.green)(kind.padEnd(26))} ${count}`);
        for (const issue of report.examples[kind])
          printLine(
            `      line ${issue.line}${issue.item ? ` (${issue.item})` : ""}: ${truncate(issue.detail, 100)}`,
          );
      }
    });
}

const truncate = (text: string, n: number) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);

/** A generated dataset may be replaced by a rerun; any other existing file needs --force. */
async function checkDatasetOutput(
  out: string,
  force: boolean,
  inputs: readonly string[] = [],
): Promise<void> {
  checkOutputPath(out, { inputs });
  const info = await stat(out).catch(() => undefined);
  if (info && !info.isFile()) throw new InputError("The output path exists and is not a file", { file: out });
  if (info && !force) {
    const manifest = await readFile(manifestPathFor(out), "utf8")
      .then((text) => datasetManifestSchema.safeParse(JSON.parse(text)))
      .catch(() => undefined);
    if (!manifest?.success || manifest.data.source.type !== "generated") {
      throw new InputError("The output file exists and is not a dataset generated by valens", {
        file: out,
        hint: "Choose another --out or pass --force to replace it",
      });
    }
  }
  await checkWritableParent(resolve(out), out);
}
