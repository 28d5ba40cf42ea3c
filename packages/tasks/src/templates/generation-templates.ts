import type { GenerationTemplate } from "./schema.js";

/**
 * The project's own wording of the VIA generation prompts, one per variant (see
 * ../variants.ts). Placeholders: {{country}}, {{topic}}, {{value}}, {{gloss}}, {{verb}} (the
 * template's `verbs` for the polarity asked for).
 */
const phraseA = `As someone from {{country}}, in the context of {{topic}}, describe one action you would take that shows that you {{verb}} the value '{{value}}: {{gloss}}'.`;
const phraseB = `As someone from {{country}}, how do you {{verb}} '{{value}}: {{gloss}}' through your actions when dealing with {{topic}}?`;
const verbsA = { positive: "endorse", negative: "dislike" };
const verbsB = { positive: "express", negative: "resist" };

const action = `- "Human Action": the action, as one first-person sentence ("I ...") of at most 50 words.`;
const attributions = `- "Feature Attributions": a list of the exact phrases of your action that carry the value, each copied word for word from the action.`;
const explanation = `- "Natural Language Explanation": one or two sentences on why the action shows this stance toward the value.`;

const explanationFirst = `${action}\n${explanation}\n${attributions}`;
const explanationLast = `${action}\n${attributions}\n${explanation}`;

const chat = "Reply with the JSON object only.";
const completion = "The answer is:";

const prompt = (phrase: string, keys: string, ending: string) =>
  `${phrase}\n\nAnswer with one JSON object with these keys:\n${keys}\n\n${ending}`;

export const generationTemplates: Record<string, GenerationTemplate> = {
  "0": { verbs: verbsA, user: prompt(phraseA, explanationFirst, chat) },
  "1": { verbs: verbsA, user: prompt(phraseA, explanationFirst, completion) },
  "2": { verbs: verbsA, user: prompt(phraseA, explanationLast, chat) },
  "3": { verbs: verbsA, user: prompt(phraseA, explanationLast, completion) },
  "4": { verbs: verbsB, user: prompt(phraseB, explanationFirst, chat) },
  "5": { verbs: verbsB, user: prompt(phraseB, explanationFirst, completion) },
  "6": { verbs: verbsB, user: prompt(phraseB, explanationLast, chat) },
  "7": { verbs: verbsB, user: prompt(phraseB, explanationLast, completion) },
};
