import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultCatalog } from "@valens/core";
import { describe, expect, it } from "vitest";
import type { EvalItem } from "../items.js";
import { task1Messages } from "../task1.js";
import { task2Messages } from "../task2.js";
import { task1Variants, task2Variants } from "../variants.js";
import { defaultTemplates, loadTemplates } from "./load.js";
import { renderTemplate } from "./render.js";

const scenario = { country: "United States", topic: "Politics" };
const item = {
  ...scenario,
  value: "Wealth",
  negative: { action: "I give my savings away." },
  positive: { action: "I invest to grow my savings." },
} as unknown as EvalItem;
const userText = (messages: { role: string; content: string }[]) => messages.map((m) => m.content).join("\n");

describe("default templates (the mock server's prompt-recognition contract)", () => {
  it("Task 1 names country and topic and lists every value as 'Name: gloss'", () => {
    for (const v of task1Variants) {
      const text = userText(task1Messages(defaultTemplates, v.variant, scenario, defaultCatalog.values));
      expect(text).toContain("United States");
      expect(text).toContain("Politics");
      for (const value of defaultCatalog.values) expect(text).toContain(`${value.name}: ${value.gloss}`);
      expect(text).toContain("Social Power: control over others, dominance");
      if (v.form === "claim") expect(text).toMatch(/1 = strongly agree[\s\S]*4 = strongly disagree/);
      else expect(text).toMatch(/1 = very much like me[\s\S]*4 = not like me at all/);
      expect(text.trimEnd().endsWith("The answer is:")).toBe(v.style === "completion");
      const optionsAt = text.indexOf("1 = ");
      const listAt = text.indexOf("- Social Power");
      expect(optionsAt < listAt).toBe(v.options === "before-values");
    }
  });

  it("Task 2 shows the options on 'Option n:' lines in the variant's order, the value quoted", () => {
    for (const v of task2Variants) {
      const text = userText(task2Messages(defaultTemplates, v.variant, item, "material possessions, money"));
      const [first, second] =
        v.order === "normal"
          ? [item.negative.action, item.positive.action]
          : [item.positive.action, item.negative.action];
      expect(text).toMatch(new RegExp(`^Option 1: ${first}$`, "m"));
      expect(text).toMatch(new RegExp(`^Option 2: ${second}$`, "m"));
      expect(text).toContain("'Wealth: material possessions, money'");
      expect(text).toContain("United States");
      expect(text).toContain("Politics");
      expect(/explanation/i.test(text)).toBe(v.explanation);
    }
  });

  it("generation prompts carry the three keys and the polarity's verb", () => {
    for (const [variant, template] of Object.entries(defaultTemplates.generation)) {
      for (const polarity of ["positive", "negative"] as const) {
        const text = renderTemplate(template.user, {
          country: "India",
          topic: "Religion",
          value: "Wealth",
          gloss: "material possessions, money",
          verb: template.verbs[polarity],
        });
        for (const key of ["Human Action", "Feature Attributions", "Natural Language Explanation"])
          expect(text).toContain(key);
        expect(text).toContain("'Wealth: material possessions, money'");
        expect(text).toMatch(polarity === "positive" ? /\b(endorse|express)\b/ : /\b(dislike|resist)\b/);
        expect(text.endsWith("The answer is:")).toBe(Number(variant) % 2 === 1);
      }
    }
  });
});

describe("user template files", () => {
  const dir = mkdtemp(join(tmpdir(), "valens-templates-"));

  it("replaces only the variants a YAML file names", async () => {
    const file = join(await dir, "t.yaml");
    await writeFile(
      file,
      'task2:\n  "5":\n    system: "You answer as {{country}}."\n    user: "Pick for {{value}}.\\nOption 1: {{option1}}\\nOption 2: {{option2}}"\n',
    );
    const templates = await loadTemplates(file);
    expect(templates.task2["5"]?.system).toBe("You answer as {{country}}.");
    expect(templates.task2["4"]).toEqual(defaultTemplates.task2["4"]);
    const messages = task2Messages(templates, 5, item, "g");
    expect(messages[0]).toEqual({ role: "system", content: "You answer as United States." });
  });

  it("rejects unknown placeholders, missing options and unknown keys with the file named", async () => {
    const cases: [string, RegExp][] = [
      ['{"task2": {"0": {"user": "{{option1}} {{option2}} {{valu}}"}}}', /unknown placeholder \{\{valu\}\}/],
      ['{"task2": {"0": {"user": "{{option1}} only"}}}', /does not use \{\{option2\}\}/],
      ['{"task3": {}}', /does not fit the template format/],
      ['{"task1": {"9": {"user": "x"}}}', /does not fit the template format/],
      ["{not json", /not valid JSON or YAML/],
    ];
    for (const [text, message] of cases) {
      const file = join(await dir, "bad.json");
      await writeFile(file, text);
      await expect(loadTemplates(file)).rejects.toThrow(message);
    }
  });

  it("never expands placeholders inside substituted text", () => {
    expect(renderTemplate("{{a}} {{b}}", { a: "{{b}}", b: "x" })).toBe("{{b}} x");
  });
});
