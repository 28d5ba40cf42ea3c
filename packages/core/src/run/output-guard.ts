import { readFile, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { InputError } from "../errors/input-error.js";

export const OUTPUT_MARKER_FILE = "valens-output.json";

/**
 * The files by which valens recognises a directory it wrote, and the `kind` each must hold:
 * only such a directory may be replaced with --force.
 */
export const VALENS_OUTPUT_MARKERS = [
  { file: "manifest.json", kind: "valens-run" },
  { file: "card.json", kind: "valens-predictor" },
  { file: OUTPUT_MARKER_FILE, kind: "valens-output" },
] as const;

/** Marks a directory valens wrote that has no run manifest or predictor card (demo, reproduce). */
export async function writeOutputMarker(dir: string, command: string): Promise<void> {
  const marker = { kind: "valens-output", command, writtenAt: new Date().toISOString() };
  await writeFile(join(dir, OUTPUT_MARKER_FILE), `${JSON.stringify(marker, null, 2)}\n`);
}

/** Which marker says valens wrote `dir`, or undefined. */
export async function valensOutputKind(dir: string): Promise<string | undefined> {
  for (const marker of VALENS_OUTPUT_MARKERS) {
    const text = await readFile(join(dir, marker.file), "utf8").catch(() => undefined);
    if (text === undefined) continue;
    try {
      const json = JSON.parse(text) as { kind?: unknown };
      if (json !== null && typeof json === "object" && json.kind === marker.kind) return marker.kind;
    } catch {
      // not JSON: not ours
    }
  }
  return undefined;
}

export interface OutputPathOptions {
  /** The flag the path came from, for messages (default "--out"). */
  flag?: string;
  /** Files the command reads: the output must not be, or contain, any of them. */
  inputs?: readonly string[];
  cwd?: string;
  home?: string;
}

/** Whether `child` is `parent` or lies under it. */
const inside = (parent: string, child: string): boolean => {
  const rel = relative(parent, child);
  return rel === "" || (rel.split(sep)[0] !== ".." && !isAbsolute(rel));
};

/**
 * Refuses an output path whose replacement would destroy something the user has: empty or blank,
 * `/`, the working or home directory or one of their ancestors, or an input of the command (or a
 * directory holding one). Returns the resolved path.
 */
export function checkOutputPath(out: string, options: OutputPathOptions = {}): string {
  const flag = options.flag ?? "--out";
  if (out.trim() === "")
    throw new InputError(`${flag} is empty`, {
      hint: `Give ${flag} the path to write, e.g. ${flag} my-output`,
    });
  const target = resolve(out);
  const cwd = resolve(options.cwd ?? process.cwd());
  const home = resolve(options.home ?? homedir());
  const refuse = (what: string) =>
    new InputError(`${flag} ${out} is ${what}: replacing it would delete it`, {
      hint: `Choose a new directory for ${flag}, e.g. ${flag} ${join(out, "valens-output")}`,
    });
  if (target === resolve("/")) throw refuse("the root directory");
  if (inside(target, cwd))
    throw refuse(target === cwd ? "the working directory" : "a parent of the working directory");
  if (inside(target, home))
    throw refuse(target === home ? "the home directory" : "a parent of the home directory");
  for (const input of options.inputs ?? []) {
    const file = resolve(input);
    if (inside(target, file))
      throw new InputError(
        `${flag} ${out} ${target === file ? "is" : "contains"} the input ${input}: writing it would destroy the input`,
        { hint: `Choose a ${flag} outside the inputs` },
      );
  }
  return target;
}
