import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

const cell = (value: string | number): string => {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};
const csv = (rows: (string | number)[][]): string => `${rows.map((r) => r.map(cell).join(",")).join("\n")}\n`;
const answer = (action: string) =>
  JSON.stringify({
    "Human Action": action,
    "Feature Attributions": [action.split(" ")[1]],
    "Natural Language Explanation": "why",
  });

/**
 * Tiny files in the layouts the README examples name: the study's released files
 * (via_full.csv, claude-sonnet-4_t1.csv, claude-sonnet-4_t2_log.jsonl) and a replication's table
 * with its mapping (qwen3-32b_t1_raw.csv, qwen3-32b_t2_raw.csv, datasets/mappings/...), one
 * scenario and two values, written into `dir`.
 */
export async function writeReleasedLayouts(dir: string, repositoryRoot: string): Promise<void> {
  const scenario = ["United States", "Politics"] as const;
  await writeFile(
    join(dir, "via_full.csv"),
    csv([
      ["country", "topic", "value", "polarity", "generation_prompt"],
      [...scenario, "Social Power", "positive", answer("I lead rallies")],
      [...scenario, "Social Power", "negative", answer("I share power")],
      [...scenario, "Wealth", "positive", answer("I invest savings")],
      [...scenario, "Wealth", "negative", answer("I give money away")],
    ]),
  );
  await writeFile(
    join(dir, "claude-sonnet-4_t1.csv"),
    csv([
      ["country", "topic", "response", "prompt_index"],
      [...scenario, JSON.stringify({ "Social Power": 2, Wealth: 3 }), 0],
      [...scenario, JSON.stringify({ "Social Power": 1, Wealth: 4 }), 1],
    ]),
  );
  await writeFile(
    join(dir, "claude-sonnet-4_t2_log.jsonl"),
    [
      { index: 0, model_choice: true, model: "claude-sonnet-4" },
      { index: 1, model_choice: false, model: "claude-sonnet-4" },
      { index: 2, model_choice: false, model: "claude-sonnet-4" },
      { index: 3, model_choice: true, model: "claude-sonnet-4" },
    ]
      .map((line) => JSON.stringify(line))
      .join("\n")
      .concat("\n"),
  );
  await writeFile(
    join(dir, "qwen3-32b_t1_raw.csv"),
    csv([
      ["country", "topic", "prompt_index", "raw_response", "parsed_json"],
      [...scenario, 0, '{"Social Power": 2, "Wealth": 1}', "{'Social Power': 2, 'Wealth': 1}"],
    ]),
  );
  await writeFile(
    join(dir, "qwen3-32b_t2_raw.csv"),
    csv([
      [
        "country",
        "topic",
        "value",
        "prompt_index",
        "raw_response",
        "parsed_action",
        "selected_polarity",
        "reverse_order",
        "parsed_explanation",
        "action_pos",
        "action_neg",
      ],
      [
        ...scenario,
        "Social Power",
        0,
        '{"action": "Option 1"}',
        "Option 1",
        "positive",
        "False",
        "",
        "I lead rallies",
        "I share power",
      ],
      [
        ...scenario,
        "Wealth",
        2,
        '{"action": "Option 1"}',
        "Option 1",
        "negative",
        "True",
        "",
        "I invest savings",
        "I give money away",
      ],
    ]),
  );
  await mkdir(join(dir, "datasets", "mappings"), { recursive: true });
  await copyFile(
    join(repositoryRoot, "datasets", "mappings", "qwen3-32b-replication.yaml"),
    join(dir, "datasets", "mappings", "qwen3-32b-replication.yaml"),
  );
}
