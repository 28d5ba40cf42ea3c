import { defaultCatalog } from "@valens/core";
import { defaultTemplates, loadTemplates, mergeTemplates, type TemplateSet } from "@valens/tasks";
import { AnswerEngine } from "./answers.js";
import { DatasetIndex, loadDataset } from "./dataset-index.js";
import type { ResolvedMockOptions } from "./options.js";
import { loadPersonaFile, Persona } from "./persona.js";

/** Builds the answer engine from the options, reading persona, dataset and template files if given. */
export async function createAnswerEngine(options: ResolvedMockOptions): Promise<AnswerEngine> {
  const personaFile =
    typeof options.persona === "string" ? await loadPersonaFile(options.persona) : options.persona;
  const actions = typeof options.dataset === "string" ? await loadDataset(options.dataset) : options.dataset;
  return new AnswerEngine(
    options.seed,
    new Persona(options.seed, personaFile ?? {}),
    actions ? new DatasetIndex(actions) : undefined,
    defaultCatalog,
    await templateSet(options.templates),
  );
}

function templateSet(templates: ResolvedMockOptions["templates"]): Promise<TemplateSet> | TemplateSet {
  if (typeof templates === "string") return loadTemplates(templates);
  return templates ? mergeTemplates(templates, "templates option") : defaultTemplates;
}
