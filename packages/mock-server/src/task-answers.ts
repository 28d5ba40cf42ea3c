import type { Item, Polarity } from "@valens/core";
import { pick, unitHash } from "./hash.js";
import type { Persona, Rating } from "./persona.js";

/** How one request perturbs the persona: temperature and a salt unique to the request. */
export interface Sampling {
  seed: number;
  temperature: number;
  salt: string;
}

/** Task-1 rating as sampled: scripted ratings exactly; others move by one step with p = 0.1 x T. */
export function sampledRating(persona: Persona, item: Item, s: Sampling): Rating {
  const base = persona.rating(item);
  if (persona.ratingScripted(item)) return base;
  const key = `${item.country}|${item.topic}|${item.value}`;
  if (unitHash(s.seed, "t1noise", key, s.salt) >= 0.1 * s.temperature) return base;
  const step = unitHash(s.seed, "t1dir", key, s.salt) < 0.5 ? -1 : 1;
  return Math.min(4, Math.max(1, base + step)) as Rating;
}

/** Task-2 polarity as sampled: scripted exactly; others flip with p = 0.04 x T. */
export function sampledPolarity(persona: Persona, item: Item, s: Sampling): Polarity {
  const base = persona.polarity(item);
  if (persona.polarityScripted(item)) return base;
  const key = `${item.country}|${item.topic}|${item.value}`;
  if (unitHash(s.seed, "t2noise", key, s.salt) >= 0.04 * s.temperature) return base;
  return base === "positive" ? "negative" : "positive";
}

const positiveExplanations = [
  "This option reflects {value} because it shows {gloss} in how I act in {country}.",
  "Choosing it is consistent with valuing {value}: it puts {gloss} into practice around {topic}.",
  "As someone from {country}, I see this action as the one that honours {value} when it comes to {topic}.",
];
const negativeExplanations = [
  "This option fits me better: {value} ({gloss}) matters less to me than other concerns about {topic}.",
  "In {country}, I would rather not act on {value} here, so the other action does not reflect my values.",
  "I do not prioritise {gloss} in matters of {topic}, so this action suits me better.",
];

export function explanationText(item: Item, gloss: string, chosen: Polarity, s: Sampling): string {
  const template = pick(
    chosen === "positive" ? positiveExplanations : negativeExplanations,
    s.seed,
    "expl",
    s.salt,
  );
  return fill(template, item, gloss);
}

const positiveVerbs = [
  "organise a neighbourhood meeting about",
  "volunteer my weekends for causes in",
  "speak up at local gatherings on",
  "donate part of my income to initiatives on",
  "mentor younger people in my community about",
  "write to my representatives about",
  "start a discussion group on",
  "join a local campaign on",
];
const negativeVerbs = [
  "skip community meetings about",
  "stay silent at gatherings on",
  "refuse to support initiatives on",
  "walk away from discussions about",
  "openly dismiss local efforts in",
  "ignore appeals concerning",
  "avoid any involvement in",
  "turn down invitations to work on",
];
const positiveClauses = [
  "because {gloss} matters deeply to me",
  "to put {gloss} into practice",
  "so that {gloss} guides what I do",
  "to show others that I care about {gloss}",
];
const negativeClauses = [
  "because I do not care much for {gloss}",
  "to push back against {gloss}",
  "since {gloss} feels unimportant to me",
  "as {gloss} is not something I want to prioritise",
];

/** A generated VIA-style action: one first-person sentence, spans that occur in it, an explanation. */
export function generationAnswer(item: Item, gloss: string, polarity: Polarity, s: Sampling) {
  const key = `${item.country}|${item.topic}|${item.value}|${polarity}`;
  const positive = polarity === "positive";
  const verb = pick(positive ? positiveVerbs : negativeVerbs, s.seed, "verb", key, s.salt);
  const clause = fill(
    pick(positive ? positiveClauses : negativeClauses, s.seed, "clause", key, s.salt),
    item,
    gloss,
  );
  const topic = item.topic.toLowerCase();
  const action = `In ${item.country}, I ${verb} ${topic} ${clause}.`;
  return {
    "Human Action": action,
    "Feature Attributions": [`${verb} ${topic}`, clause],
    "Natural Language Explanation": positive
      ? `The action expresses ${item.value} (${gloss}): choosing to ${verb} ${topic} shows the value in everyday life in ${item.country}.`
      : `The action resists ${item.value} (${gloss}): choosing to ${verb} ${topic} shows that the value carries little weight for this person in ${item.country}.`,
  };
}

function fill(template: string, item: Item, gloss: string): string {
  return template
    .replaceAll("{value}", item.value)
    .replaceAll("{gloss}", gloss)
    .replaceAll("{country}", item.country)
    .replaceAll("{topic}", item.topic.toLowerCase());
}
