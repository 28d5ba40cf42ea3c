import { InputError } from "@valens/core";

const placeholderPattern = /\{\{\s*([a-z0-9_]+)\s*\}\}/g;

/** Names of the {{placeholders}} a template uses. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(placeholderPattern)].map((m) => m[1] as string);
}

/**
 * Fills {{name}} placeholders in one pass, so text substituted in (an action that happens to
 * contain "{{value}}") is never expanded again. An unknown placeholder is an error: templates
 * are checked when loaded, so reaching one here is a bug in the caller.
 */
export function renderTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(placeholderPattern, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new InputError(`The template uses an unknown placeholder {{${name}}}`);
    return value;
  });
}
