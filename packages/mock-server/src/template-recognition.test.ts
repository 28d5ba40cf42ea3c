import { type ActionRecord, defaultCatalog, type Polarity } from "@valens/core";
import { generationMessages } from "@valens/dataset-gen";
import {
  defaultTemplates,
  type EvalItem,
  mergeTemplates,
  task1Messages,
  task2Messages,
  task2Variants,
} from "@valens/tasks";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { promptText } from "./chat-request.js";
import { recognizePrompt } from "./prompt-recognition.js";
import { recognizeByRules } from "./rule-recognition.js";
import { startMockServer } from "./server.js";
import { recognizeFromTemplates } from "./template-recognition.js";

const catalog = defaultCatalog;
const variants = [0, 1, 2, 3, 4, 5, 6, 7];
/** The text the mock reads from the messages the tasks send. */
const text = (messages: { role: string; content: string }[]) => promptText({ model: "m", messages });
const read = (prompt: string) => recognizeFromTemplates(prompt, defaultTemplates, catalog);

/** Every value once, each with a country and topic of its own (the topic "Environment" included). */
const items = catalog.values.map((v, i) => ({
  country: catalog.countries[i % catalog.countries.length] as string,
  topic: catalog.topics[(i * 5) % catalog.topics.length] as string,
  value: v.name,
  gloss: v.gloss,
}));

function action(item: (typeof items)[number], polarity: Polarity, text: string): ActionRecord {
  const { gloss: _, ...key } = item;
  return {
    ...key,
    polarity,
    action: text,
    attributions: [],
    explanation: null,
    raw: "",
    parseStatus: "clean",
  };
}

describe("prompts rendered by @valens/tasks are read from their templates", () => {
  it("task 1: every variant, every value in prompt order, country and topic as filled in", () => {
    for (const variant of variants)
      for (const item of items.slice(0, 12)) {
        const prompt = text(task1Messages(defaultTemplates, variant, item, catalog.values));
        expect(read(prompt), `variant ${variant}`).toEqual({
          kind: "task1",
          country: item.country,
          topic: item.topic,
          values: catalog.values.map((v) => ({ written: v.name, name: v.name })),
        });
        expect(recognizePrompt(prompt)).toEqual(read(prompt));
      }
  });

  it("task 2: every variant and value, options exactly as shown, explanation as the variant asks", () => {
    for (const variant of variants)
      for (const item of items) {
        // Option texts that name other values, countries and options do not mislead the reader.
        const negative = `I keep Wealth and Honest out of it in ${catalog.countries[0]}, unlike "Option 2".`;
        const positive = `I act on '${item.value}'\nand say so in the context of Politics.`;
        const evalItem: EvalItem = {
          ...item,
          negative: action(item, "negative", negative),
          positive: action(item, "positive", positive),
        };
        const prompt = text(task2Messages(defaultTemplates, variant, evalItem, item.gloss));
        const reversed = task2Variants[variant]?.order === "reversed";
        expect(read(prompt), `variant ${variant}, ${item.value}`).toEqual({
          kind: "task2",
          country: item.country,
          topic: item.topic,
          value: item.value,
          option1: reversed ? positive : negative,
          option2: reversed ? negative : positive,
          wantsExplanation: task2Variants[variant]?.explanation,
          saysReversed: false,
        });
      }
  });

  it("generation: every variant, value and polarity as dataset-gen asks for it", () => {
    for (const variant of variants)
      for (const item of items)
        for (const polarity of ["positive", "negative"] as const) {
          const { gloss, ...key } = item;
          const prompt = text(
            generationMessages(defaultTemplates, { ...key, polarity, variant, sample: 0 }, gloss),
          );
          expect(read(prompt), `variant ${variant}, ${item.value}, ${polarity}`).toEqual({
            kind: "generation",
            ...key,
            gloss,
            polarity,
          });
        }
  });
});

describe("prompts from other templates", () => {
  it("follows a changed template, which the README's rules alone would not read", () => {
    const templates = mergeTemplates({
      task2: {
        "5": {
          system: "You answer as a resident of {{country}}.",
          user: "Topic: {{topic}}. Value: {{value}} ({{gloss}}).\nA) {{option1}}\nB) {{option2}}\nExplain briefly, then say A or B.",
        },
      },
    });
    const item = items[3] as (typeof items)[number];
    const evalItem: EvalItem = {
      ...item,
      negative: action(item, "negative", "I stay home."),
      positive: action(item, "positive", "I go out and help."),
    };
    const prompt = text(task2Messages(templates, 5, evalItem, item.gloss));
    expect(recognizePrompt(prompt, catalog, templates)).toMatchObject({
      kind: "task2",
      country: item.country,
      topic: item.topic,
      value: item.value,
      option1: "I stay home.",
      option2: "I go out and help.",
      wantsExplanation: true,
    });
    expect(recognizeByRules(prompt).kind).not.toBe("task2");
    expect(recognizeFromTemplates(prompt, defaultTemplates, catalog)).toBeUndefined();
  });

  it("serves prompts of the template file it was given (templates option), and of the built-in ones without", async () => {
    const file = {
      task2: { "4": { user: "{{country}} / {{topic}} / {{value}}\nA) {{option1}}\nB) {{option2}}" } },
    };
    const item = items[7] as (typeof items)[number];
    const evalItem: EvalItem = {
      ...item,
      negative: action(item, "negative", "I stay home."),
      positive: action(item, "positive", "I go out and help."),
    };
    const messages = task2Messages(mergeTemplates(file), 4, evalItem, item.gloss);
    const server = await startMockServer({ templates: file, persona: { task2: { default: "negative" } } });
    try {
      const client = new OpenAI({ apiKey: "x", baseURL: server.baseUrl, maxRetries: 0 });
      const ask = async () =>
        (
          await client.chat.completions.create({
            model: "m",
            messages,
            response_format: { type: "json_object" },
          })
        ).choices[0]?.message.content;
      // The scripted negative choice is the first option in normal order.
      expect(JSON.parse((await ask()) ?? "")).toEqual({ action: "Option 1" });
      expect(server.stats().byPromptKind.task2).toBe(1);
      await server.setOptions({ templates: undefined });
      await ask();
      expect(server.stats().byPromptKind.generic).toBe(1);
      await expect(server.setOptions({ templates: "/nonexistent/templates.yaml" })).rejects.toThrow(
        /template file/,
      );
    } finally {
      await server.close();
    }
  });

  it("leaves prompts no template produced to the rules", () => {
    const prompt = text(
      task1Messages(defaultTemplates, 0, items[0] as (typeof items)[number], catalog.values),
    );
    const edited = prompt.replace("Imagine you are", "Picture yourself as");
    expect(read(edited)).toBeUndefined();
    expect(recognizePrompt(edited)).toEqual(recognizeByRules(edited));
    expect(recognizePrompt(edited).kind).toBe("task1");
  });
});
