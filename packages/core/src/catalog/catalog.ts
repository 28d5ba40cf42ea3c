import { z } from "zod";
import { InputError } from "../errors/input-error.js";
import { type CatalogKind, UnknownNameError } from "../errors/unknown-name-error.js";
import { catalogData } from "./catalog-data.generated.js";
import { closestNames, nameKey } from "./name-key.js";

export const valueEntrySchema = z.object({
  name: z.string().min(1),
  category: z.string().min(1),
  gloss: z.string().min(1),
});
export type ValueEntry = z.infer<typeof valueEntrySchema>;

/** A catalog file: the study's grid, or a user's additions to it. */
export const catalogFileSchema = z.object({
  source: z.string().optional(),
  values: z.array(valueEntrySchema).default([]),
  countries: z.array(z.string().min(1)).default([]),
  topics: z.array(z.string().min(1)).default([]),
});
export type CatalogFile = z.infer<typeof catalogFileSchema>;

/** Known spellings of value names seen in model answers and other releases. */
const valueAliases: Record<string, string> = {
  "honouring of parents and elders": "Honoring of Parents and Elders",
  "honoring parents and elders": "Honoring of Parents and Elders",
  "honouring parents and elders": "Honoring of Parents and Elders",
  broadminded: "Broad-Minded",
  "self respect": "Self-Respect",
  "self discipline": "Self-Discipline",
  "unity with nature": "Unity With Nature",
  "choosing own goals": "Choosing Own Goals",
  "protecting the environment": "Protecting the Environment",
  clean: "Clean",
  curious: "Curious",
};

/**
 * The grid valens works over: values (with motivational type and gloss), countries and topics.
 * Lookups are tolerant of case, spacing, punctuation and known spelling variants.
 */
export class Catalog {
  readonly values: readonly ValueEntry[];
  readonly countries: readonly string[];
  readonly topics: readonly string[];
  readonly motivationalTypes: readonly string[];
  private readonly valueByKey = new Map<string, ValueEntry>();
  private readonly countryByKey = new Map<string, string>();
  private readonly topicByKey = new Map<string, string>();

  constructor(file: CatalogFile) {
    this.values = file.values;
    this.countries = file.countries;
    this.topics = file.topics;
    this.motivationalTypes = [...new Set(file.values.map((v) => v.category))];
    for (const value of file.values)
      addUnique(this.valueByKey, nameKey(value.name), value, "value", value.name);
    for (const country of file.countries)
      addUnique(this.countryByKey, nameKey(country), country, "country", country);
    for (const topic of file.topics) addUnique(this.topicByKey, nameKey(topic), topic, "topic", topic);
    for (const [alias, canonical] of Object.entries(valueAliases)) {
      const entry = this.valueByKey.get(nameKey(canonical));
      if (entry && !this.valueByKey.has(nameKey(alias))) this.valueByKey.set(nameKey(alias), entry);
    }
  }

  /** The value entry for a name in any known spelling, or undefined. */
  findValue(name: string): ValueEntry | undefined {
    return this.valueByKey.get(this.key(name));
  }
  findCountry(name: string): string | undefined {
    return this.countryByKey.get(this.key(name));
  }
  findTopic(name: string): string | undefined {
    return this.topicByKey.get(this.key(name));
  }

  // Imports look up the same few hundred spellings hundreds of thousands of times.
  private readonly keyCache = new Map<string, string>();
  private key(name: string): string {
    let key = this.keyCache.get(name);
    if (key === undefined) {
      key = nameKey(name);
      if (this.keyCache.size < 100_000) this.keyCache.set(name, key);
    }
    return key;
  }

  /** Canonical value name; throws UnknownNameError with the closest names otherwise. */
  value(name: string, where: { file?: string; line?: number; item?: string } = {}): ValueEntry {
    const found = this.findValue(name);
    if (!found)
      throw new UnknownNameError(
        "value",
        name,
        closestNames(
          name,
          this.values.map((v) => v.name),
        ),
        where,
      );
    return found;
  }
  country(name: string, where: { file?: string; line?: number; item?: string } = {}): string {
    const found = this.findCountry(name);
    if (!found) throw new UnknownNameError("country", name, closestNames(name, this.countries), where);
    return found;
  }
  topic(name: string, where: { file?: string; line?: number; item?: string } = {}): string {
    const found = this.findTopic(name);
    if (!found) throw new UnknownNameError("topic", name, closestNames(name, this.topics), where);
    return found;
  }

  /** Resolves a comma-separated filter ("india,Germany") of one kind to canonical names. */
  resolveList(kind: Exclude<CatalogKind, "motivational type">, list: readonly string[]): string[] {
    return list.map((name) =>
      kind === "value" ? this.value(name).name : kind === "country" ? this.country(name) : this.topic(name),
    );
  }

  /** A new catalog with a user's additions (new countries, topics or values with glosses). */
  extend(addition: CatalogFile, file?: string): Catalog {
    const values = [...this.values];
    for (const value of addition.values) {
      if (this.findValue(value.name)) {
        throw new InputError(`Catalog addition repeats the existing value "${value.name}"`, {
          ...(file === undefined ? {} : { file }),
          hint: "Remove it from the catalog file; existing values need not be listed",
        });
      }
      values.push(value);
    }
    const countries = [...this.countries, ...addition.countries.filter((c) => !this.findCountry(c))];
    const topics = [...this.topics, ...addition.topics.filter((t) => !this.findTopic(t))];
    return new Catalog({ values, countries, topics });
  }

  toJSON(): CatalogFile {
    return { values: [...this.values], countries: [...this.countries], topics: [...this.topics] };
  }
}

function addUnique<T>(map: Map<string, T>, key: string, entry: T, kind: CatalogKind, name: string): void {
  if (map.has(key)) {
    throw new InputError(
      `The catalog lists the ${kind} "${name}" twice (names are compared ignoring case and punctuation)`,
    );
  }
  map.set(key, entry);
}

/** The study's catalog: 56 values in 10 motivational types, 12 countries, 11 topics. */
export const defaultCatalog: Catalog = new Catalog(catalogFileSchema.parse(catalogData));
