import { extname } from "node:path";
import { importVia, type Polarity, readJsonlAll } from "@valens/core";
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

/**
 * A JSONL dataset in the project's format (ActionRecord lines), or the published VIA CSV read
 * by core's `importVia`, the reader `valens eval --dataset` uses: same names, same actions.
 */
export async function loadDataset(file: string): Promise<DatasetAction[]> {
  if (extname(file).toLowerCase() === ".csv") {
    // Only the fields the index needs: the study's file holds 15k raw generator answers.
    const { actions } = await importVia(file);
    return actions.map(({ country, topic, value, polarity, action }) => ({
      country,
      topic,
      value,
      polarity,
      action,
    }));
  }
  return readJsonlAll(file, datasetActionSchema, "dataset JSONL file");
}
