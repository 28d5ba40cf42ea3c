import { AnswerEngine } from "./answers.js";
import { DatasetIndex, loadDataset } from "./dataset-index.js";
import type { ResolvedMockOptions } from "./options.js";
import { loadPersonaFile, Persona } from "./persona.js";

/** Builds the answer engine from the options, reading persona and dataset files if given. */
export async function createAnswerEngine(options: ResolvedMockOptions): Promise<AnswerEngine> {
  const personaFile =
    typeof options.persona === "string" ? await loadPersonaFile(options.persona) : options.persona;
  const actions = typeof options.dataset === "string" ? await loadDataset(options.dataset) : options.dataset;
  return new AnswerEngine(
    options.seed,
    new Persona(options.seed, personaFile ?? {}),
    actions ? new DatasetIndex(actions) : undefined,
  );
}
