import { constants } from "node:fs";
import { access, readFile, stat } from "node:fs/promises";
import { dirname } from "node:path";
import {
  type Catalog,
  catalogFileSchema,
  checkOutputPath,
  defaultCatalog,
  InputError,
  parsePosition,
  readRunManifest,
  valensOutputKind,
} from "@valens/core";
import type { GridFilters } from "@valens/tasks";
import type { Command } from "commander";
import { parse as parseYaml } from "yaml";

/** Registers --countries/--topics/--values/--limit/--catalog on a command. */
export function addGridOptions(command: Command): Command {
  return command
    .option("--countries <names>", "only these countries (comma-separated names)")
    .option("--topics <names>", "only these topics (comma-separated names)")
    .option("--values <names>", "only these values (comma-separated names)")
    .option("--limit <n>", "only the first n items of the grid")
    .option("--catalog <file>", "catalog file (JSON/YAML) adding countries, topics or values with glosses");
}

const list = (text: unknown): string[] | undefined =>
  typeof text === "string"
    ? text
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s.length > 0)
    : undefined;

export function gridFilters(options: Record<string, unknown>): GridFilters {
  const filters: GridFilters = {};
  const countries = list(options.countries);
  const topics = list(options.topics);
  const values = list(options.values);
  if (countries) filters.countries = countries;
  if (topics) filters.topics = topics;
  if (values) filters.values = values;
  return filters;
}

export function parseLimit(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InputError(`--limit must be a positive whole number, not "${value}"`);
  return n;
}

/** The study's catalog, extended by a user's catalog file when given. */
export async function loadCatalog(file: unknown): Promise<Catalog> {
  if (typeof file !== "string") return defaultCatalog;
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new InputError(`Cannot read the catalog file: ${(error as Error).message}`, { file });
  }
  let data: unknown;
  try {
    data = /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const { message, line, column } = parsePosition(error);
    throw new InputError(
      `The catalog file is not valid JSON or YAML: ${message}${column === undefined ? "" : ` (column ${column})`}`,
      { file, ...(line === undefined ? {} : { line }) },
    );
  }
  const result = catalogFileSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InputError(
      `The catalog file is invalid: ${issue?.path.join(".") || "(file)"}: ${issue?.message}`,
      {
        file,
        hint: 'Expected {"values": [{"name", "category", "gloss"}], "countries": [...], "topics": [...]}',
      },
    );
  }
  return defaultCatalog.extend(result.data, file);
}

/** Parses a number option, naming the flag in the error. */
export function numberOption(
  value: unknown,
  flag: string,
  check: (n: number) => boolean,
  what: string,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || !check(n)) throw new InputError(`${flag} must be ${what}, not "${value}"`);
  return n;
}

export interface SamplingFlags {
  temperature: number | undefined;
  maxTokens: number | undefined;
  /** Rounds of re-asking unparsable answers: `--retry-unparsed` alone is one round. */
  retryUnparsed: number;
}

/** Reads --temperature, --max-tokens and --retry-unparsed [rounds], shared by eval and dataset generate. */
export function samplingFlags(raw: Record<string, unknown>): SamplingFlags {
  const temperature = numberOption(
    raw.temperature,
    "--temperature",
    (n) => n >= 0 && n <= 2,
    "between 0 and 2",
  );
  const maxTokens = numberOption(
    raw.maxTokens,
    "--max-tokens",
    (n) => Number.isInteger(n) && n > 0,
    "a positive whole number",
  );
  const retryUnparsed =
    raw.retryUnparsed === undefined
      ? 0
      : raw.retryUnparsed === true
        ? 1
        : (numberOption(
            raw.retryUnparsed,
            "--retry-unparsed",
            (n) => Number.isInteger(n) && n >= 0,
            "a whole number of rounds",
          ) ?? 0);
  return { temperature, maxTokens, retryUnparsed };
}

/**
 * Checks before any request that `dir` can become a run directory: its parent is a writable
 * directory, and `dir` is absent, empty, or a valens run of the same model (a rerun resumes and
 * replaces it). Anything else needs --force.
 */
export async function checkRunOutput(
  dir: string,
  modelRef: string,
  force: boolean,
  inputs: readonly string[] = [],
): Promise<void> {
  const target = checkOutputPath(dir, { inputs });
  const info = await stat(target).catch(() => undefined);
  if (info && !info.isDirectory())
    throw new InputError("The output path exists and is not a directory", { file: dir });
  if (info && force) {
    const { readdir } = await import("node:fs/promises");
    if ((await readdir(target)).length > 0 && (await valensOutputKind(target)) === undefined)
      throw new InputError(
        "--force replaces only a directory valens wrote, and this one has no valens manifest.json, card.json or valens-output.json",
        { file: dir, hint: "Choose another --out, or move its contents away first" },
      );
  }
  if (info && !force) {
    const { readdir } = await import("node:fs/promises");
    const entries = await readdir(target);
    if (entries.length > 0) {
      const manifest = await readRunManifest(target).catch(() => undefined);
      if (!manifest) {
        throw new InputError("The output directory exists and is not a valens run", {
          file: dir,
          hint: "Choose another --out or pass --force to replace it",
        });
      }
      if (manifest.model.ref !== modelRef) {
        throw new InputError(
          `The output directory holds a run of another model (${manifest.model.ref ?? manifest.model.name})`,
          {
            file: dir,
            hint: "Choose another --out or pass --force to replace it",
          },
        );
      }
    }
  }
  await checkWritableParent(target, dir);
}

/** The nearest existing ancestor of `target` must be a writable directory. */
export async function checkWritableParent(target: string, shown: string): Promise<void> {
  let dir = dirname(target);
  for (;;) {
    const info = await stat(dir).catch(() => undefined);
    if (info) {
      if (!info.isDirectory())
        throw new InputError(`Cannot create the output: ${dir} is not a directory`, { file: shown });
      try {
        await access(dir, constants.W_OK);
      } catch {
        throw new InputError(`Cannot write the output: ${dir} is not writable`, {
          file: shown,
          hint: "Choose an --out in a directory you can write to",
        });
      }
      return;
    }
    const parent = dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}
