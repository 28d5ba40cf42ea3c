import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type MockServer, startMockServer } from "@valens/mock-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scriptedStudy, writeStudyFiles } from "./helpers/scripted-study.js";
import { valens } from "./helpers/valens.js";

let mock: MockServer;
let dir: string;
let files: { dataset: string; persona: string };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "valens-eval-errors-"));
  files = await writeStudyFiles(dir, scriptedStudy());
  mock = await startMockServer({ persona: files.persona, dataset: files.dataset });
});
afterAll(async () => {
  await mock?.close();
});

const base = () => ["eval", "--base-url", mock.baseUrl, "--dataset", files.dataset, "--progress", "off"];
const env = { OPENAI_API_KEY: "sk-mock", VALENS_CACHE_DIR: "" };

describe("bad input fails clearly before any request", () => {
  const cases: [string, () => Promise<string[]>, RegExp, Record<string, string | undefined>?][] = [
    [
      "unknown provider",
      async () => [...base(), "--model", "nosuch:model", "--out", join(dir, "a")],
      /Unknown provider "nosuch"/,
    ],
    [
      "missing API key",
      async () => [...base(), "--model", "openai:gpt-4o-mini", "--out", join(dir, "b")],
      /OPENAI_API_KEY/,
      { OPENAI_API_KEY: undefined },
    ],
    [
      "unknown grid name",
      async () => [...base(), "--model", "openai:m", "--countries", "Germny", "--out", join(dir, "c")],
      /Unknown country "Germny". Closest country names: "Germany"/,
    ],
    [
      "unknown value",
      async () => [...base(), "--model", "openai:m", "--values", "Welth", "--out", join(dir, "c2")],
      /Unknown value "Welth"/,
    ],
    [
      "a dataset lacking one polarity",
      async () => {
        const study = scriptedStudy();
        const file = join(dir, "half.jsonl");
        await writeFile(
          file,
          `${study.actions
            .slice(1)
            .map((a) => JSON.stringify(a))
            .join("\n")}\n`,
        );
        return [
          "eval",
          "--base-url",
          mock.baseUrl,
          "--dataset",
          file,
          "--model",
          "openai:m",
          "--out",
          join(dir, "d"),
        ];
      },
      /lacks one polarity for 1 item: India\|Religion\|Wealth \(no negative action\)/,
    ],
    [
      "an unwritable output directory",
      async () => [...base(), "--model", "openai:m", "--out", join(files.dataset, "run")],
      /is not a directory/,
    ],
    [
      "an output directory holding something else",
      async () => {
        const other = join(dir, "other");
        await mkdtempLike(other);
        return [...base(), "--model", "openai:m", "--out", other];
      },
      /exists and is not a valens run/,
    ],
    [
      "no dataset for Task 2",
      async () => ["eval", "--base-url", mock.baseUrl, "--model", "openai:m", "--out", join(dir, "e")],
      /needs a dataset: --dataset is missing. Run `valens dataset download/,
    ],
    [
      "a bad variant",
      async () => [...base(), "--model", "openai:m", "--variants", "9", "--out", join(dir, "f")],
      /not a variant selection/,
    ],
    [
      "an unknown dataset file",
      async () => [
        "eval",
        "--model",
        "openai:m",
        "--dataset",
        join(dir, "nope.jsonl"),
        "--out",
        join(dir, "g"),
      ],
      /The dataset does not exist/,
    ],
  ];

  it.each(cases)("%s", async (_, args, message, extraEnv) => {
    mock.resetStats();
    const result = await valens(await args(), { ...env, VALENS_CACHE_DIR: join(dir, "cache"), ...extraEnv });
    expect(result.stderr).toMatch(/^valens: error: /m);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(result.code).toBe(2);
    expect(mock.stats().byEndpoint["POST /v1/chat/completions"] ?? 0).toBe(0);
  });
});

async function mkdtempLike(path: string): Promise<void> {
  const { mkdir } = await import("node:fs/promises");
  await mkdir(path, { recursive: true });
  await writeFile(join(path, "notes.txt"), "mine");
  expect(await readdir(path)).toEqual(["notes.txt"]);
}
