import type { Catalog } from "@valens/core";
import {
  type GenerationTemplate,
  PLACEHOLDERS,
  type Task1Template,
  type Task2Template,
  type TemplateSet,
  task2Variants,
} from "@valens/tasks";
import type { RecognizedPrompt } from "./recognized-prompt.js";
import {
  anchored,
  anyLines,
  anyText,
  escapeRegExp,
  type Fills,
  templatePattern,
  templateWords,
} from "./template-pattern.js";

type Groups = Partial<Record<string, string>>;

/** One template turned into a reader: its regex, and how its groups become a recognized prompt. */
interface Matcher {
  regex: RegExp;
  read(groups: Groups, catalog: Catalog): RecognizedPrompt | undefined;
}

const matchersBySet = new WeakMap<TemplateSet, Matcher[]>();

/**
 * Reads a prompt rendered from one of the templates (system message, if any, then the user
 * message): the exact country, topic, value and options the tasks filled in. Undefined when no
 * template of the set produced this text.
 */
export function recognizeFromTemplates(
  text: string,
  templates: TemplateSet,
  catalog: Catalog,
): RecognizedPrompt | undefined {
  let matchers = matchersBySet.get(templates);
  if (!matchers) {
    matchers = compileMatchers(templates);
    matchersBySet.set(templates, matchers);
  }
  for (const matcher of matchers) {
    const groups = matcher.regex.exec(text)?.groups;
    const recognized = groups && matcher.read(groups, catalog);
    if (recognized) return recognized;
  }
  return undefined;
}

function compileMatchers(templates: TemplateSet): Matcher[] {
  return [
    ...Object.entries(templates.task2).map(([variant, t]) => task2Matcher(Number(variant), t)),
    ...Object.values(templates.generation).map(generationMatcher),
    ...Object.values(templates.task1).map(task1Matcher),
  ];
}

const messages = (t: { system?: string | undefined; user: string }) =>
  t.system === undefined ? [t.user] : [t.system, t.user];

function pattern(t: { system?: string | undefined; user: string }, names: readonly string[], fills: Fills) {
  return anchored(templatePattern(messages(t), names, fills));
}

/** Catalog spellings for names the catalog knows; other names as written. */
function names(groups: Groups, catalog: Catalog) {
  const value = groups.value ?? "";
  return {
    country: catalog.findCountry(groups.country ?? "") ?? groups.country ?? "",
    topic: catalog.findTopic(groups.topic ?? "") ?? groups.topic ?? "",
    value: catalog.findValue(value)?.name ?? value,
  };
}

function task2Matcher(variant: number, template: Task2Template): Matcher {
  const allowed = PLACEHOLDERS.task2.allowed;
  const saysReversed = /\breversed?\b/i.test(templateWords(messages(template), allowed));
  const wantsExplanation = task2Variants[variant]?.explanation ?? false;
  return {
    regex: pattern(template, allowed, { option1: anyText, option2: anyText }),
    read: (groups, catalog) => ({
      kind: "task2",
      ...names(groups, catalog),
      option1: groups.option1 ?? "",
      option2: groups.option2 ?? "",
      wantsExplanation,
      saysReversed,
    }),
  };
}

function generationMatcher(template: GenerationTemplate): Matcher {
  const { positive, negative } = template.verbs;
  const verb = `(?:${escapeRegExp(positive)}|${escapeRegExp(negative)})`;
  return {
    regex: pattern(template, PLACEHOLDERS.generation.allowed, { verb }),
    read: (groups, catalog) => {
      const item = names(groups, catalog);
      return {
        kind: "generation",
        ...item,
        gloss: groups.gloss ?? catalog.findValue(item.value)?.gloss ?? item.value.toLowerCase(),
        polarity: groups.verb === negative && negative !== positive ? "negative" : "positive",
      };
    },
  };
}

function task1Matcher(template: Task1Template): Matcher {
  const line = new RegExp(
    `(?:${templatePattern([template.valueLine], PLACEHOLDERS.task1.line ?? [], { index: String.raw`\d+` })})(?=\n|$)`,
    "y",
  );
  return {
    regex: pattern(template, PLACEHOLDERS.task1.allowed, { values_list: anyLines }),
    read: (groups, catalog) => {
      const written = valueList(groups.values_list ?? "", line);
      if (!written) return undefined;
      const { country, topic } = names(groups, catalog);
      const values = written.map((w) => ({ written: w, name: catalog.findValue(w)?.name ?? w }));
      return { kind: "task1", country, topic, values };
    },
  };
}

/** The values of a rendered {{values_list}}: one value line each, joined by newlines as tasks joins them. */
function valueList(list: string, line: RegExp): string[] | undefined {
  const values: string[] = [];
  let at = 0;
  while (at < list.length) {
    line.lastIndex = at;
    const value = line.exec(list)?.groups?.value;
    if (!value) return undefined;
    values.push(value);
    at = line.lastIndex;
    if (at < list.length && list[at++] !== "\n") return undefined;
  }
  return values.length > 0 ? values : undefined;
}
