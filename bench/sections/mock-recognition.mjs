// @valens/mock-server: what reading a prompt costs, from the tasks' templates (every valens
// prompt) and by the README's rules (the baseline: what the mock did before, and still does
// for prompts no template produced), on the same prompts in the same run.
import { defaultCatalog } from "@valens/core";
import { generationMessages } from "@valens/dataset-gen";
import { recognizeByRules, recognizePrompt } from "@valens/mock-server";
import { defaultTemplates, task1Messages, task2Messages } from "@valens/tasks";

export const name = "mock-recognition";
export const description = "microseconds per prompt read by the mock server (templates vs the rules)";

const text = (messages) => messages.map((m) => m.content).join("\n\n");
const action = (polarity, words) => ({
  country: "India",
  topic: "Politics",
  value: "Wealth",
  polarity,
  action: words,
  attributions: [],
  explanation: null,
  raw: "",
  parseStatus: "clean",
});
const item = { country: "India", topic: "Politics", value: "Wealth" };

function prompts(variant) {
  return {
    "task 1": text(task1Messages(defaultTemplates, variant, item, defaultCatalog.values)),
    "task 2": text(
      task2Messages(
        defaultTemplates,
        variant,
        { ...item, positive: action("positive", "I save."), negative: action("negative", "I spend.") },
        "material possessions, money",
      ),
    ),
    generation: text(
      generationMessages(
        defaultTemplates,
        { ...item, polarity: "negative", variant, sample: 0 },
        "material possessions, money",
      ),
    ),
  };
}

function microseconds(read, texts) {
  for (let i = 0; i < 200; i++) for (const t of texts) read(t);
  const rounds = 500;
  const started = performance.now();
  for (let i = 0; i < rounds; i++) for (const t of texts) read(t);
  return ((performance.now() - started) * 1000) / (rounds * texts.length);
}

export async function run() {
  const byKind = {};
  for (let variant = 0; variant < 8; variant++)
    for (const [kind, prompt] of Object.entries(prompts(variant))) {
      byKind[kind] ??= [];
      byKind[kind].push(prompt);
    }
  const figures = [];
  for (const [kind, texts] of Object.entries(byKind)) {
    const templates = microseconds((t) => recognizePrompt(t), texts);
    const rules = microseconds((t) => recognizeByRules(t), texts);
    figures.push(
      { metric: `${kind}: from the templates`, value: templates, unit: "us", digits: 1 },
      { metric: `${kind}: by the rules (baseline)`, value: rules, unit: "us", digits: 1 },
      { metric: `${kind}: templates / rules`, value: templates / rules, unit: "x", digits: 2 },
    );
  }
  return figures;
}
