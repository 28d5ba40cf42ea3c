import { hash32, pick } from "./hash.js";

const openings = [
  "Here is a short answer",
  "In brief",
  "To answer your question",
  "A concise reply",
  "Put simply",
];

/** A deterministic, plain-text answer for prompts the mock does not recognise. */
export function genericAnswer(prompt: string, seed: number, sample: string): string {
  const words = prompt.split(/\s+/).filter((w) => w.length > 3);
  const topic = words.length > 0 ? words.slice(0, 6).join(" ") : "your request";
  const tag = hash32(`${seed}|${sample}|${prompt}`).toString(16).padStart(8, "0");
  return `${pick(openings, seed, sample, prompt)} (mock ${tag}): this is a deterministic answer about "${topic}".`;
}
