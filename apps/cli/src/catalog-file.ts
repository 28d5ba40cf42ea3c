import { readFile } from "node:fs/promises";
import {
  type Catalog,
  catalogFileSchema,
  defaultCatalog,
  describeZodIssue,
  InputError,
  parsePosition,
} from "@valens/core";
import { parse as parseYaml } from "yaml";

/** The study's catalog, extended by a user's catalog file when given. */
export async function loadCatalog(file: string | undefined): Promise<Catalog> {
  if (file === undefined) return defaultCatalog;
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
    throw new InputError(`The catalog file is invalid: ${describeZodIssue(result.error, "(file)")}`, {
      file,
      hint: 'Expected {"values": [{"name", "category", "gloss"}], "countries": [...], "topics": [...]}',
    });
  }
  return defaultCatalog.extend(result.data, file);
}
