import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  type ActionRecord,
  createRng,
  defaultCatalog,
  type Polarity,
  type Task1Record,
  type Task2Record,
} from "@valens/core";
import type { PersonaFile } from "@valens/mock-server";

/** A small study whose answers are known in advance: the dataset, the persona, and the records it implies. */
export interface ScriptedStudy {
  countries: string[];
  topics: string[];
  values: string[];
  actions: ActionRecord[];
  persona: PersonaFile;
  /** The records a correct live run must produce, built from the script alone. */
  expected(variants: readonly number[]): {
    actions: ActionRecord[];
    task1: Task1Record[];
    task2: Task2Record[];
  };
}

export function scriptedStudy(
  seed = 7,
  grid: { countries?: string[]; topics?: string[]; values?: string[] } = {},
): ScriptedStudy {
  const rand = createRng(seed);
  const countries = grid.countries ?? ["India", "Germany"];
  const topics = grid.topics ?? ["Religion", "Politics"];
  const values = grid.values ?? ["Wealth", "Equality", "Freedom", "Humble", "Social Power"];
  const actions: ActionRecord[] = [];
  const ratings: Record<string, 1 | 2 | 3 | 4> = {};
  const polarities: Record<string, Polarity> = {};
  for (const country of countries)
    for (const topic of topics)
      for (const value of values) {
        const key = `${country}|${topic}|${value}`;
        ratings[key] = (1 + Math.floor(rand() * 4)) as 1 | 2 | 3 | 4;
        polarities[key] = rand() < 0.65 ? "positive" : "negative";
        for (const polarity of ["negative", "positive"] as const) {
          actions.push({
            country,
            topic,
            value,
            polarity,
            action: `I ${polarity === "positive" ? "stand up for" : "turn away from"} ${value.toLowerCase()} when ${topic.toLowerCase()} comes up in ${country}.`,
            attributions: [polarity === "positive" ? "stand up for" : "turn away from"],
            explanation: `This ${polarity === "positive" ? "expresses" : "resists"} ${value}.`,
            raw: "{}",
            parseStatus: "clean",
          });
        }
      }
  const persona: PersonaFile = {
    task1: { default: 2, items: ratings },
    task2: { default: "positive", items: polarities },
  };
  return {
    countries,
    topics,
    values,
    actions,
    persona,
    expected(variants) {
      const task1: Task1Record[] = [];
      const task2: Task2Record[] = [];
      for (const country of countries)
        for (const topic of topics)
          for (const variant of variants) {
            const scenarioRatings: Record<string, number> = {};
            for (const entry of defaultCatalog.values)
              scenarioRatings[entry.name] = ratings[`${country}|${topic}|${entry.name}`] ?? 2;
            task1.push({
              country,
              topic,
              variant,
              sample: 0,
              raw: "",
              parseStatus: "clean",
              ratings: scenarioRatings,
              unrecognized: {},
            });
            for (const value of values)
              task2.push({
                country,
                topic,
                value,
                variant,
                sample: 0,
                order: [2, 3, 6, 7].includes(variant) ? "reversed" : "normal",
                chosen: polarities[`${country}|${topic}|${value}`] ?? "positive",
                answer: null,
                explanation: null,
                raw: "",
                parseStatus: "clean",
              });
          }
      return { actions, task1, task2 };
    },
  };
}

export async function writeStudyFiles(
  dir: string,
  study: ScriptedStudy,
): Promise<{ dataset: string; persona: string }> {
  const dataset = join(dir, "dataset.jsonl");
  const persona = join(dir, "persona.json");
  await writeFile(dataset, `${study.actions.map((a) => JSON.stringify(a)).join("\n")}\n`);
  await writeFile(persona, JSON.stringify(study.persona, null, 2));
  return { dataset, persona };
}
