import { extname } from "node:path";
import { InputError, type Polarity, parseLlmAnswer, readCsv, readJsonlAll } from "@valens/core";
import { type DatasetAction, datasetActionSchema } from "./options.js";

export interface DatasetHit {
  country: string;
  topic: string;
  value: string;
  polarity: Polarity;
}

const normalise = (text: string) =>
  text
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^["'\u201c\u2018]+|["'\u201d\u2019]+$/g, "");

/** Action text -> the dataset rows with that text, to tell which option is the positive action. */
export class DatasetIndex {
  private readonly byText = new Map<string, DatasetHit[]>();
  readonly size: number;

  constructor(actions: readonly DatasetAction[]) {
    let size = 0;
    for (const a of actions) {
      if (!a.action) continue;
      const key = normalise(a.action);
      const hits = this.byText.get(key) ?? [];
      hits.push({ country: a.country, topic: a.topic, value: a.value, polarity: a.polarity });
      this.byText.set(key, hits);
      size++;
    }
    this.size = size;
  }

  /** The row whose action is this text, preferring the given item when texts repeat. */
  find(text: string, item?: { country: string; topic: string; value: string }): DatasetHit | undefined {
    const hits = this.byText.get(normalise(text));
    if (!hits) return undefined;
    return (
      (item &&
        hits.find((h) => h.country === item.country && h.topic === item.topic && h.value === item.value)) ||
      hits[0]
    );
  }
}

/** A JSONL dataset in the project's format (ActionRecord lines) or the published VIA CSV. */
export async function loadDataset(file: string): Promise<DatasetAction[]> {
  if (extname(file).toLowerCase() === ".csv") return loadViaCsv(file);
  return readJsonlAll(file, datasetActionSchema, "dataset JSONL file");
}

async function loadViaCsv(file: string): Promise<DatasetAction[]> {
  const out: DatasetAction[] = [];
  for await (const row of readCsv(file, {
    requiredColumns: ["country", "topic", "value", "polarity", "generation_prompt"],
    description: "VIA dataset CSV",
  })) {
    const c = row.cells;
    if (c.polarity !== "positive" && c.polarity !== "negative") {
      throw new InputError(`Polarity must be "positive" or "negative", found "${c.polarity}"`, {
        file,
        line: row.line,
      });
    }
    const parsed = parseLlmAnswer(c.generation_prompt ?? "");
    const action = parsed.ok ? parsed.value["Human Action"] : undefined;
    out.push({
      country: c.country ?? "",
      topic: c.topic ?? "",
      value: c.value ?? "",
      polarity: c.polarity,
      action: typeof action === "string" ? action : null,
    });
  }
  return out;
}
