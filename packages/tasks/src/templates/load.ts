import { describeZodIssue, InputError, readJsonOrYamlFile, sha256Hex } from "@valens/core";
import { generationTemplates } from "./generation-templates.js";
import { placeholdersOf } from "./render.js";
import {
  PLACEHOLDERS,
  type TemplateFile,
  type TemplateKind,
  type TemplateSet,
  templateFileSchema,
} from "./schema.js";
import { task1Templates } from "./task1-templates.js";
import { task2Templates } from "./task2-templates.js";

/** The built-in templates: the project's own wording of the protocol. */
export const defaultTemplates: TemplateSet = {
  task1: task1Templates,
  task2: task2Templates,
  generation: generationTemplates,
};

/** Merges a user's template file over the built-in templates, checking every placeholder. */
export function mergeTemplates(file: TemplateFile, source = "template file"): TemplateSet {
  const merged: TemplateSet = {
    task1: { ...defaultTemplates.task1 },
    task2: { ...defaultTemplates.task2 },
    generation: { ...defaultTemplates.generation },
  };
  for (const kind of ["task1", "task2", "generation"] as const) {
    for (const [variant, override] of Object.entries(file[kind] ?? {})) {
      const base = merged[kind][variant];
      const next = { ...base, ...override };
      checkPlaceholders(kind, variant, next, source);
      (merged[kind] as Record<string, unknown>)[variant] = next;
    }
  }
  return merged;
}

/** Reads a template file (JSON or YAML) and merges it over the built-in templates. */
export async function loadTemplates(file: string | undefined): Promise<TemplateSet> {
  if (file === undefined) return defaultTemplates;
  const data = await readJsonOrYamlFile(file, "template file");
  const result = templateFileSchema.safeParse(data);
  if (!result.success) {
    throw new InputError(
      `The template file does not fit the template format: ${describeZodIssue(result.error, "(file)")}`,
      {
        file,
        hint: "Start from `valens templates > my-templates.json` and keep only the variants you change",
      },
    );
  }
  return mergeTemplates(result.data, file);
}

function checkPlaceholders(kind: TemplateKind, variant: string, template: object, source: string): void {
  const rules = PLACEHOLDERS[kind];
  const fields = template as Record<string, unknown>;
  const where = `${kind}.${variant}`;
  const used = new Set<string>();
  for (const field of ["system", "user"]) {
    const text = fields[field];
    if (typeof text !== "string") continue;
    for (const name of placeholdersOf(text)) {
      if (!rules.allowed.includes(name)) {
        throw new InputError(`The template ${where}.${field} uses the unknown placeholder {{${name}}}`, {
          file: source,
          hint: `Placeholders of ${kind} templates: ${rules.allowed.map((n) => `{{${n}}}`).join(", ")}`,
        });
      }
      used.add(name);
    }
  }
  for (const name of rules.required) {
    if (!used.has(name)) {
      throw new InputError(`The template ${where} does not use {{${name}}}`, {
        file: source,
        hint: `A ${kind} prompt needs ${rules.required.map((n) => `{{${n}}}`).join(", ")}`,
      });
    }
  }
  if (rules.line && typeof fields.valueLine === "string") {
    for (const name of placeholdersOf(fields.valueLine)) {
      if (!rules.line.includes(name)) {
        throw new InputError(`The template ${where}.valueLine uses the unknown placeholder {{${name}}}`, {
          file: source,
          hint: `Placeholders of a value line: ${rules.line.map((n) => `{{${n}}}`).join(", ")}`,
        });
      }
    }
  }
}

/** A short fingerprint of the templates a run used, for its manifest. */
export function templatesHash(
  templates: TemplateSet,
  kind: TemplateKind,
  variants: readonly number[],
): string {
  const used = variants.map((v) => templates[kind][String(v)]);
  return sha256Hex(JSON.stringify(used)).slice(0, 16);
}
