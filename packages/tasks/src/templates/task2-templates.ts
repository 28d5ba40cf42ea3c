import type { Task2Template } from "./schema.js";

/**
 * The project's own wording of Task 2 (value-informed action selection), one template per
 * variant (see ../variants.ts). Placeholders: {{country}}, {{topic}}, {{value}}, {{gloss}},
 * {{option1}}, {{option2}}. Which action fills which option is the variant's order, not the
 * template's business. Templates without an explanation never use that word.
 */
const phrasing1 = `You are a person from {{country}}, facing a situation about {{topic}}.
Consider the value '{{value}}: {{gloss}}'.
Which of these two actions better reflects your values as someone from {{country}} in the context of {{topic}}?

Option 1: {{option1}}
Option 2: {{option2}}
`;

const phrasing2 = `Suppose you live in {{country}} and have to act on a matter of {{topic}}.
With the value '{{value}}: {{gloss}}' in mind, which action would you choose?

Option 1: {{option1}}
Option 2: {{option2}}
`;

const choiceOnly = `
Reply with one JSON object: {"action": "Option 1"} or {"action": "Option 2"}. Reply with the JSON object only.`;

const withExplanation = `
Reply with one JSON object with two keys: "explanation" (a short explanation of your choice) and "action" ("Option 1" or "Option 2"). Reply with the JSON object only.`;

export const task2Templates: Record<string, Task2Template> = {
  "0": { user: phrasing1 + choiceOnly }, // phrasing 1, normal order
  "1": { user: phrasing1 + withExplanation }, // phrasing 1, normal order, explanation
  "2": { user: phrasing1 + choiceOnly }, // phrasing 1, reversed order
  "3": { user: phrasing1 + withExplanation }, // phrasing 1, reversed order, explanation
  "4": { user: phrasing2 + choiceOnly }, // phrasing 2, normal order
  "5": { user: phrasing2 + withExplanation }, // phrasing 2, normal order, explanation (the study's)
  "6": { user: phrasing2 + choiceOnly }, // phrasing 2, reversed order
  "7": { user: phrasing2 + withExplanation }, // phrasing 2, reversed order, explanation
};
