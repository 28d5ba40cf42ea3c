import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { InputError } from "@valens/core";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { type TableMapping, tableMappingSchema } from "./mapping-schema.js";

/** A mapping problem: one line naming the mapping key (`task2.conventions.polarity`). */
export function mappingError(file: string, key: string, message: string, hint?: string): InputError {
  return new InputError(`Mapping key ${key}: ${message}`, {
    file,
    hint: hint ?? "Fix the mapping file (see datasets/mappings/README.md)",
  });
}

/** Reads and checks a mapping file (YAML, or JSON by its .json extension). */
export async function readMapping(file: string): Promise<TableMapping> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new InputError(`Cannot read the mapping file: ${(error as NodeJS.ErrnoException).code ?? error}`, {
      file,
      hint: "Check the --map path",
    });
  }
  let data: unknown;
  try {
    data = extname(file).toLowerCase() === ".json" ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new InputError(
      `The mapping file is not valid ${extname(file) === ".json" ? "JSON" : "YAML"}: ${(error as Error).message.split("\n")[0]}`,
      {
        file,
        hint: "Fix its syntax",
      },
    );
  }
  return checkMapping(data, file);
}

/** Checks a parsed mapping: its shape (zod), then conventions that contradict each other. */
export function checkMapping(data: unknown, file: string): TableMapping {
  const parsed = tableMappingSchema.safeParse(data);
  if (!parsed.success) throw fromZod(parsed.error, data, file);
  const mapping = parsed.data;
  if (!mapping.task1 && !mapping.task2)
    throw mappingError(file, "task1", "missing: the mapping needs task1, task2 or both");
  const t2 = mapping.task2;
  if (t2) {
    const { columns: c, conventions: k } = t2;
    const at = (key: string) => `task2.${key}`;
    if (!c.raw && !c.option && !c.polarity)
      throw mappingError(
        file,
        at("columns.raw"),
        "missing: name the raw answer, parsed option or polarity column",
      );
    if (c.polarity && !k.polarity)
      throw mappingError(
        file,
        at("conventions.polarity"),
        "missing: the polarity column needs its codes (positive: [...], negative: [...])",
      );
    if (k.polarity && !c.polarity)
      throw mappingError(
        file,
        at("conventions.polarity"),
        "contradicts the columns: polarity codes are given but no polarity column",
      );
    if (c.order && !k.order)
      throw mappingError(
        file,
        at("conventions.order"),
        "missing: the order column needs its codes (normal: [...], reversed: [...])",
      );
    if (k.order && !c.order)
      throw mappingError(
        file,
        at("conventions.order"),
        "contradicts the columns: order codes are given but no order column",
      );
    overlap(file, at("conventions.polarity"), k.polarity?.positive, k.polarity?.negative);
    overlap(file, at("conventions.order"), k.order?.normal, k.order?.reversed);
    if (k.choice && !c[k.choice])
      throw mappingError(
        file,
        at("conventions.choice"),
        `contradicts the columns: "${k.choice}" decides the choice but columns.${k.choice} is not given`,
      );
    const byPolarity = c.positiveAction !== undefined || c.negativeAction !== undefined;
    const byOption = c.option1Action !== undefined || c.option2Action !== undefined;
    if (byPolarity && byOption)
      throw mappingError(
        file,
        at("columns.option1Action"),
        "contradicts columns.positiveAction: give the action texts by polarity or by option, not both",
      );
    if (byPolarity && (c.positiveAction === undefined || c.negativeAction === undefined))
      throw mappingError(
        file,
        at(c.positiveAction === undefined ? "columns.positiveAction" : "columns.negativeAction"),
        "missing: both action texts are needed",
      );
    if (byOption && (c.option1Action === undefined || c.option2Action === undefined))
      throw mappingError(
        file,
        at(c.option1Action === undefined ? "columns.option1Action" : "columns.option2Action"),
        "missing: both action texts are needed",
      );
  }
  return mapping;
}

function overlap(
  file: string,
  key: string,
  a: readonly string[] | undefined,
  b: readonly string[] | undefined,
): void {
  if (!a || !b) return;
  const left = new Set(a.map(codeKey));
  const shared = b.filter((code) => left.has(codeKey(code)));
  if (shared.length > 0) throw mappingError(file, key, `contradictory codes: "${shared[0]}" means both`);
}

/** Codes match ignoring case and surrounding spaces. */
export const codeKey = (code: string): string => code.trim().toLowerCase();

function fromZod(error: z.ZodError, data: unknown, file: string): InputError {
  const issue = error.issues[0];
  if (!issue) return mappingError(file, "(root)", "invalid");
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys") {
    const key = [...path, issue.keys[0] ?? ""].join(".");
    return mappingError(file, key, "unknown key", `Known keys here: ${knownKeys(path).join(", ")}`);
  }
  const key = path.length > 0 ? path.join(".") : "(root)";
  if (valueAt(data, path) === undefined) return mappingError(file, key, "missing (required)");
  return mappingError(file, key, issue.message);
}

/** The keys the schema allows at a path, for the hint. */
function knownKeys(path: readonly string[]): string[] {
  // biome-ignore lint/suspicious/noExplicitAny: walking zod's shape by key names
  let schema: any = tableMappingSchema;
  for (const key of path) {
    while (schema?.def?.innerType) schema = schema.def.innerType;
    schema = schema?.shape?.[key];
  }
  while (schema?.def?.innerType) schema = schema.def.innerType;
  return Object.keys(schema?.shape ?? {});
}

function valueAt(data: unknown, path: readonly string[]): unknown {
  let value = data;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
