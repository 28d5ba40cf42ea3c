import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import { InputError } from "../errors/input-error.js";
import { parsePosition } from "../errors/parse-position.js";

/**
 * Reads a user's JSON or YAML file (JSON by its `.json` extension, YAML otherwise) into plain data,
 * so every option file (catalog, templates) fails the same way: `label` names it in the message.
 */
export async function readJsonOrYamlFile(file: string, label: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new InputError(`Cannot read the ${label}: ${(error as Error).message}`, { file });
  }
  try {
    return /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const { message, line, column } = parsePosition(error);
    throw new InputError(
      `The ${label} is not valid JSON or YAML: ${message}${column === undefined ? "" : ` (column ${column})`}`,
      { file, ...(line === undefined ? {} : { line }) },
    );
  }
}
