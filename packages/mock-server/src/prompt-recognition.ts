import { type Catalog, defaultCatalog } from "@valens/core";
import { defaultTemplates, type TemplateSet } from "@valens/tasks";
import type { RecognizedPrompt } from "./recognized-prompt.js";
import { recognizeByRules } from "./rule-recognition.js";
import { recognizeFromTemplates } from "./template-recognition.js";

export type { RecognizedPrompt } from "./recognized-prompt.js";

/**
 * What a prompt asks. A prompt rendered from the tasks' templates (valens' own task-1, task-2
 * and generation prompts) is read from the template itself, so the mock follows every change to
 * them; any other prompt (a hand-written one, a user's template) by the rules in the README.
 */
export function recognizePrompt(
  text: string,
  catalog: Catalog = defaultCatalog,
  templates: TemplateSet = defaultTemplates,
): RecognizedPrompt {
  return recognizeFromTemplates(text, templates, catalog) ?? recognizeByRules(text, catalog);
}
