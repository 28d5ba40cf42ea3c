import { readFile } from "node:fs/promises";
import { firstZodIssue, InputError, type Item, nameKey, type Polarity } from "@valens/core";
import { unitHash } from "./hash.js";
import { type PersonaFile, personaSchema } from "./persona-schema.js";

export type Rating = 1 | 2 | 3 | 4;

/**
 * The mock model's "beliefs": a stated rating and a chosen polarity per item. Scripted entries
 * (items, then default) win; the rest come from a seeded default persona that rates mostly
 * 1-2 with some 3-4 (per-value leanings plus per-item variation) and acts against its stated
 * stance on about 16% of items (5% of agreed items, half of disagreed ones), like real models.
 */
export class Persona {
  private readonly ratings = new Map<string, Rating>();
  private readonly polarities = new Map<string, Polarity>();
  private readonly defaultRating: Rating | undefined;
  private readonly defaultPolarity: Polarity | undefined;

  constructor(
    readonly seed: number,
    readonly file: PersonaFile = {},
  ) {
    for (const [key, rating] of Object.entries(file.task1?.items ?? {}))
      this.ratings.set(normalKey(key), rating as Rating);
    for (const [key, polarity] of Object.entries(file.task2?.items ?? {}))
      this.polarities.set(normalKey(key), polarity);
    this.defaultRating = file.task1?.default as Rating | undefined;
    this.defaultPolarity = file.task2?.default;
  }

  /** True when the rating comes from the script (and is then never perturbed by sampling). */
  ratingScripted(item: Item): boolean {
    return this.defaultRating !== undefined || this.ratings.has(itemNameKey(item));
  }
  polarityScripted(item: Item): boolean {
    return this.defaultPolarity !== undefined || this.polarities.has(itemNameKey(item));
  }

  /** Task-1 rating: 1 strongly agree .. 4 strongly disagree. */
  rating(item: Item): Rating {
    const key = itemNameKey(item);
    return this.ratings.get(key) ?? this.defaultRating ?? seededRating(this.seed, item, key);
  }

  /** Task-2 chosen polarity. */
  polarity(item: Item): Polarity {
    const key = itemNameKey(item);
    const scripted = this.polarities.get(key) ?? this.defaultPolarity;
    if (scripted) return scripted;
    const agrees = this.rating(item) <= 2;
    const gap = unitHash(this.seed, "gap", key) < (agrees ? 0.05 : 0.5);
    return agrees !== gap ? "positive" : "negative";
  }
}

function seededRating(seed: number, item: Item, key: string): Rating {
  const leaning = unitHash(seed, "value", nameKey(item.value));
  const u = 0.55 * leaning + 0.45 * unitHash(seed, "item", key);
  // Thresholds give roughly 35% 1, 40% 2, 17% 3, 8% 4.
  return u < 0.42 ? 1 : u < 0.64 ? 2 : u < 0.79 ? 3 : 4;
}

function itemNameKey(item: Item): string {
  return `${nameKey(item.country)}|${nameKey(item.topic)}|${nameKey(item.value)}`;
}

function normalKey(key: string): string {
  return key
    .split("|")
    .map((part) => nameKey(part))
    .join("|");
}

/** Reads and validates a persona JSON file; errors name the file and the offending entry. */
export async function loadPersonaFile(file: string): Promise<PersonaFile> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new InputError("Cannot read the persona file", { file, hint: "Check the path", cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(`The persona file is not valid JSON: ${(error as Error).message}`, { file });
  }
  return parsePersona(json, file);
}

export function parsePersona(json: unknown, file?: string): PersonaFile {
  const result = personaSchema.safeParse(json);
  if (result.success) return result.data;
  const { path, message } = firstZodIssue(result.error, "");
  throw new InputError(`Invalid persona: ${path ? `${path}: ` : ""}${message}`, {
    ...(file === undefined ? {} : { file }),
    hint: 'Expected {"task1": {"default": 1-4, "items": {"<country>|<topic>|<value>": 1-4}}, "task2": {"default": "positive"|"negative", "items": {...}}}',
  });
}
