import { renderTemplate } from "@valens/tasks";
import { MESSAGE_SEPARATOR } from "./chat-request.js";

/** How a placeholder may be filled: a regex source; names not listed match one line's text. */
export type Fills = Readonly<Record<string, string>>;

const oneLine = String.raw`[^\n]*?`;
export const anyText = String.raw`[\s\S]*?`;
/** Any lines; tried a line (not a character) at a time, which is what a list of 56 values needs. */
export const anyLines = String.raw`(?:[^\n]*\n)*?[^\n]*`;

// Private-use characters mark the placeholders: no template writes them.
const sentinel = (name: string) => `\uE000${name}\uE001`;
const sentinelPattern = /\uE000([a-z0-9_]+)\uE001/;

export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The regex source of rendered template text. The template is rendered by @valens/tasks' own
 * `renderTemplate` with a marker per placeholder, so the placeholder syntax is the one the tasks
 * render with. A placeholder's first use becomes a named group, a repeated one a backreference
 * (so "{{country}}" twice must say the same country twice).
 */
export function templatePattern(
  templates: readonly string[],
  names: readonly string[],
  fills: Fills,
): string {
  const markers = Object.fromEntries(names.map((name) => [name, sentinel(name)]));
  const rendered = templates.map((t) => renderTemplate(t, markers)).join(MESSAGE_SEPARATOR);
  const parts = rendered.split(sentinelPattern);
  const seen = new Set<string>();
  let source = "";
  for (const [index, part] of parts.entries()) {
    if (index % 2 === 0) {
      source += escapeRegExp(part);
    } else if (seen.has(part)) {
      source += `\\k<${part}>`;
    } else {
      seen.add(part);
      source += `(?<${part}>${fills[part] ?? oneLine})`;
    }
  }
  return source;
}

/** The literal text of templates, placeholders left out: what a template itself says. */
export function templateWords(templates: readonly string[], names: readonly string[]): string {
  const blanks = Object.fromEntries(names.map((name) => [name, " "]));
  return templates.map((t) => renderTemplate(t, blanks)).join(MESSAGE_SEPARATOR);
}

export const anchored = (source: string) => new RegExp(`^${source}$`);
