import { execFile, execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { lockFileFor } from "@valens/core";
import { ResponseStore } from "@valens/llm";
import { type MockServer, startMockServer } from "@valens/mock-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scriptedStudy, writeStudyFiles } from "./helpers/scripted-study.js";
import { valensBin } from "./helpers/valens.js";

/**
 * One row per bad input: the real `valens` binary runs in a fresh sandbox (its own working and
 * home directory, copies of the fixtures), must exit with `code` and print `message`, and must
 * change nothing in the sandbox but the paths in `changes`.
 */
interface Row {
  name: string;
  args: (s: Sandbox) => string[];
  setup?: (s: Sandbox) => void;
  env?: (s: Sandbox) => Record<string, string | undefined>;
  code: number;
  message: RegExp;
  /** Sandbox paths (relative) the command may create, change or delete. */
  changes?: string[];
  /** What the output must not contain (a key, a raw terminal escape). */
  absent?: RegExp;
  /** More checks on the sandbox afterwards. */
  check?: (s: Sandbox) => void;
}

interface Sandbox {
  root: string;
  /** The working directory (sandbox/work); fixtures live beside it. */
  cwd: string;
  home: string;
  path: (...parts: string[]) => string;
  mock: string;
  /** A mock that refuses every model request with a hostile error body. */
  hostile: string;
}

let mock: MockServer;
let hostile: MockServer;
let fixtures: string;

const run = (args: string[], cwd: string, env: Record<string, string | undefined>) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [valensBin, ...args],
      { cwd, env: { ...process.env, NO_COLOR: "1", ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
  });

/** Every file and directory under `dir` with a hash of its content. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      const info = statSync(full);
      const rel = relative(dir, full);
      if (info.isDirectory()) {
        out.set(rel, "dir");
        walk(full);
      } else out.set(rel, createHash("sha256").update(readFileSync(full)).digest("hex"));
    }
  };
  walk(dir);
  return out;
}

function changedPaths(before: Map<string, string>, after: Map<string, string>): string[] {
  const changed = new Set<string>();
  for (const [path, hash] of before) if (after.get(path) !== hash) changed.add(path);
  for (const path of after.keys()) if (!before.has(path)) changed.add(path);
  return [...changed].sort();
}

const within = (path: string, allowed: readonly string[]) =>
  allowed.some((a) => path === a || path.startsWith(`${a}${sep}`));

const baseEnv = (s: Sandbox) => ({
  HOME: s.home,
  OPENAI_API_KEY: "sk-mock-0123456789abcdef",
  VALENS_CACHE_DIR: s.path("cache"),
});

const evalArgs = (s: Sandbox, ...extra: string[]) => [
  "eval",
  "--model",
  "openai:mock-model",
  "--base-url",
  s.mock,
  "--dataset",
  s.path("dataset.jsonl"),
  "--variants",
  "5",
  "--progress",
  "off",
  ...extra,
];

const t1Csv = [
  "country,topic,response,prompt_index",
  `United States,Politics,"{""Wealth"": ""2"", ""Equality"": ""1""}",0`,
  `United States,Politics,"{""Wealth"": ""3""}",1`,
].join("\n");

const importArgs = (s: Sandbox, out: string, ...extra: string[]) => [
  "import",
  "released",
  "--t1",
  s.path("t1.csv"),
  "--model",
  "m",
  "--out",
  out,
  ...extra,
];

const foreignDir = (s: Sandbox, name: string) => {
  mkdirSync(s.path(name), { recursive: true });
  writeFileSync(s.path(name, "thesis.txt"), "years of work\n");
};

/** Rewrites a run file's lines, leaving its manifest as it was (a hand edit). */
const editLines = (s: Sandbox, run: string, file: string, edit: (lines: string[]) => string[]) => {
  const lines = readFileSync(s.path(run, file), "utf8")
    .split("\n")
    .filter((l) => l !== "");
  writeFileSync(s.path(run, file), `${edit(lines).join("\n")}\n`);
};
const appendFirstLine = (s: Sandbox, run: string, file: string) =>
  editLines(s, run, file, (lines) => [...lines, lines[0] ?? ""]);
const tamperCard = (s: Sandbox) => {
  const card = JSON.parse(readFileSync(s.path("pred", "card.json"), "utf8"));
  writeFileSync(s.path("pred", "card.json"), JSON.stringify({ ...card, seed: "seven" }, null, 2));
};

// Exit codes (README): 2 bad input or usage, 3 provider refused, 5 download, 6 network, 7 store.
const rows: Row[] = [
  // --- --out validation: every command that writes a directory --------------------------------
  { name: "import: empty --out", args: (s) => importArgs(s, ""), code: 2, message: /--out is empty/ },
  { name: "import: blank --out", args: (s) => importArgs(s, "   "), code: 2, message: /--out is empty/ },
  {
    name: "import: --out . --force (the working directory)",
    args: (s) => importArgs(s, ".", "--force"),
    code: 2,
    message: /is the working directory/,
  },
  {
    name: "import: --out .. --force (contains the working directory)",
    args: (s) => importArgs(s, "..", "--force"),
    code: 2,
    message: /a parent of the working directory/,
  },
  {
    name: "import: --out / --force",
    args: (s) => importArgs(s, "/", "--force"),
    code: 2,
    message: /is the root directory/,
  },
  {
    name: "import: --out $HOME --force",
    args: (s) => importArgs(s, s.home, "--force"),
    code: 2,
    message: /is the home directory/,
  },
  {
    name: "import: --out is the input file",
    args: (s) => importArgs(s, s.path("t1.csv"), "--force"),
    code: 2,
    message: /is the input .*t1\.csv/,
  },
  {
    name: "import: --out contains the input file",
    args: (s) => importArgs(s, s.root, "--force"),
    code: 2,
    message: /contains the input|a parent of the working directory/,
  },
  {
    name: "import: --out a directory valens did not write, without --force",
    setup: (s) => foreignDir(s, "mine"),
    args: (s) => importArgs(s, s.path("mine")),
    code: 2,
    message: /already exists and is not empty/,
  },
  {
    name: "import: --force on a directory valens did not write",
    setup: (s) => foreignDir(s, "mine"),
    args: (s) => importArgs(s, s.path("mine"), "--force"),
    code: 2,
    message: /--force replaces only a directory valens wrote/,
  },
  {
    name: "import: --force on a valens run replaces it (control)",
    args: (s) => importArgs(s, s.path("run"), "--force"),
    code: 0,
    message: /Imported m into/,
    changes: ["run"],
  },
  {
    name: "import: --out under a file",
    args: (s) => importArgs(s, s.path("t1.csv", "out")),
    code: 2,
    message: /Cannot (create|write) the output/,
  },
  {
    name: "predictor train: empty --out",
    args: (s) => ["predictor", "train", s.path("evalrun"), "--task", "gap", "--out", ""],
    code: 2,
    message: /--out is empty/,
  },
  {
    name: "predictor train: --out is its input run",
    args: (s) => [
      "predictor",
      "train",
      s.path("evalrun"),
      "--task",
      "gap",
      "--out",
      s.path("evalrun"),
      "--force",
    ],
    code: 2,
    message: /is the input/,
  },
  {
    name: "predictor train: --force on a directory valens did not write",
    setup: (s) => foreignDir(s, "mine"),
    args: (s) => [
      "predictor",
      "train",
      s.path("evalrun"),
      "--task",
      "gap",
      "--out",
      s.path("mine"),
      "--force",
    ],
    code: 2,
    message: /--force replaces only a directory valens wrote/,
  },
  {
    name: "predictor train: an --out that cannot be created fails before training",
    args: (s) => [
      "predictor",
      "train",
      s.path("evalrun"),
      "--task",
      "gap",
      "--out",
      s.path("t1.csv", "predictor"),
    ],
    code: 2,
    message: /Cannot (create|write) the output/,
  },
  { name: "eval: empty --out", args: (s) => evalArgs(s, "--out", ""), code: 2, message: /--out is empty/ },
  {
    name: "eval: --out . --force",
    args: (s) => evalArgs(s, "--out", ".", "--force"),
    code: 2,
    message: /is the working directory/,
  },
  {
    name: "eval: --out is the dataset",
    args: (s) => evalArgs(s, "--out", s.path("dataset.jsonl"), "--force"),
    code: 2,
    message: /is the input .*dataset\.jsonl/,
  },
  {
    name: "eval: --force on a directory valens did not write",
    setup: (s) => foreignDir(s, "mine"),
    args: (s) => evalArgs(s, "--out", s.path("mine"), "--force"),
    code: 2,
    message: /--force replaces only a directory valens wrote/,
  },
  {
    name: "dataset generate: empty --out",
    args: (s) => ["dataset", "generate", "--model", "openai:mock-model", "--base-url", s.mock, "--out", ""],
    code: 2,
    message: /--out is empty/,
  },
  {
    name: "dataset generate: --out . --force",
    args: (s) => [
      "dataset",
      "generate",
      "--model",
      "openai:mock-model",
      "--base-url",
      s.mock,
      "--out",
      ".",
      "--force",
    ],
    code: 2,
    message: /is the working directory/,
  },
  {
    name: "demo: empty --out",
    args: () => ["demo", "--out", ""],
    code: 2,
    message: /--out is empty/,
  },
  {
    name: "demo: --out . --force",
    args: () => ["demo", "--out", ".", "--force"],
    code: 2,
    message: /is the working directory/,
  },
  {
    name: "reproduce: empty --out",
    args: (s) => ["reproduce", "--from", s.path("released"), "--out", ""],
    setup: (s) => mkdirSync(s.path("released")),
    code: 2,
    message: /--out is empty/,
  },
  {
    name: "reproduce: --out is the --from directory",
    args: (s) => ["reproduce", "--from", s.path("released"), "--out", s.path("released"), "--force"],
    setup: (s) => mkdirSync(s.path("released")),
    code: 2,
    message: /is the input/,
  },
  // --- report: check every output first, keep the previous report ------------------------------
  {
    name: "report: empty --out",
    args: (s) => ["report", s.path("evalrun"), "--out", "", "--bootstrap", "0"],
    code: 2,
    message: /--out is empty/,
  },
  {
    name: "report: --out names a directory",
    setup: (s) => mkdirSync(s.path("reports")),
    args: (s) => ["report", s.path("evalrun"), "--out", s.path("reports"), "--bootstrap", "0"],
    code: 2,
    message: /--out is a directory: it names the report file/,
  },
  {
    name: "report: a refused --csv-dir leaves the previous report untouched",
    setup: (s) => {
      writeFileSync(s.path("report.html"), "<p>the previous report</p>\n");
      foreignDir(s, "tables");
    },
    args: (s) => [
      "report",
      s.path("evalrun"),
      "--out",
      s.path("report.html"),
      "--csv-dir",
      s.path("tables"),
      "--bootstrap",
      "0",
    ],
    code: 2,
    message: /holds files other than CSV tables/,
  },
  {
    name: "report: --csv-dir with --no-csv",
    args: (s) => ["report", s.path("evalrun"), "--out", s.path("r.html"), "--csv-dir", "x", "--no-csv"],
    code: 2,
    message: /--csv-dir and --no-csv cannot be used together/,
  },
  {
    name: "report: --csv-dir is the input run",
    args: (s) => ["report", s.path("evalrun"), "--out", s.path("r.html"), "--csv-dir", s.path("evalrun")],
    code: 2,
    message: /--csv-dir .* is the input/,
  },
  {
    name: "report: writes HTML and tables together (control)",
    args: (s) => ["report", s.path("evalrun"), "--out", s.path("r.html"), "--bootstrap", "0"],
    code: 0,
    message: /wrote .*r\.html/,
    changes: ["r.html", "r-tables"],
  },
  // --- the response store: locks, damaged files, nothing created by inspection ---------------
  {
    name: "eval: a live process holds the run directory",
    setup: (s) =>
      writeFileSync(
        lockFileFor(s.path("out")),
        JSON.stringify({ pid: process.pid, host: hostname(), command: "valens eval (test)", since: "now" }),
      ),
    args: (s) => evalArgs(s, "--tasks", "1", "--out", s.path("out")),
    code: 2,
    message: new RegExp(`in use by another valens process \\(pid ${process.pid}`),
  },
  {
    name: "eval: a live process holds the store",
    setup: (s) =>
      writeFileSync(
        lockFileFor(s.path("cache", "store.sqlite")),
        JSON.stringify({ pid: process.pid, host: hostname(), command: "valens eval (test)", since: "now" }),
      ),
    args: (s) => evalArgs(s, "--tasks", "1", "--out", s.path("out")),
    code: 2,
    message: /The response store .* is in use by another valens process/,
  },
  {
    name: "eval: a stale lock (its process is gone) is taken over",
    setup: (s) =>
      writeFileSync(
        lockFileFor(s.path("out")),
        JSON.stringify({
          pid: 2 ** 22 + 17,
          host: hostname(),
          command: "valens eval (killed)",
          since: "then",
        }),
      ),
    args: (s) => evalArgs(s, "--tasks", "1", "--out", s.path("out")),
    code: 0,
    message: /plan: /,
    changes: ["out", "cache"],
  },
  {
    name: "eval: the store path is a directory",
    setup: (s) => mkdirSync(s.path("sdir", "store.sqlite"), { recursive: true }),
    args: (s) => evalArgs(s, "--tasks", "1", "--out", s.path("out")),
    env: (s) => ({ VALENS_CACHE_DIR: s.path("sdir") }),
    code: 2,
    message: /Cannot open the response store: the path is a directory/,
  },
  {
    name: "cache ls: a store that is a text file",
    setup: (s) => writeFileSync(s.path("notes.sqlite"), "not a database\n".repeat(100)),
    args: (s) => ["cache", "--store", s.path("notes.sqlite"), "ls"],
    code: 2,
    message: /Cannot open the response store: the file is not a valens store/,
  },
  {
    name: "cache ls: a truncated store",
    setup: (s) => {
      const bytes = readFileSync(s.path("cache", "store.sqlite"));
      writeFileSync(s.path("cut.sqlite"), bytes.subarray(0, 2000));
    },
    args: (s) => ["cache", "--store", s.path("cut.sqlite"), "ls"],
    code: 2,
    message: /Cannot open the response store/,
  },
  {
    name: "cache ls: a store path that is a directory",
    args: (s) => ["cache", "--store", s.path("cache"), "ls"],
    code: 2,
    message: /Cannot open the response store: the path is a directory/,
  },
  {
    name: "cache ls: a missing store creates no file",
    args: () => ["cache", "--store", "nope.sqlite", "ls"],
    code: 0,
    message: /no response store at .*nope\.sqlite/,
  },
  {
    name: "cache clear: a random-bytes store",
    setup: (s) => writeFileSync(s.path("random.sqlite"), createHash("sha512").update("x").digest()),
    args: (s) => ["cache", "--store", s.path("random.sqlite"), "clear", "--yes"],
    code: 2,
    message: /Cannot open the response store/,
  },
  {
    name: "eval: the store is a text file",
    setup: (s) => writeFileSync(s.path("cache", "store.sqlite"), "plain text\n".repeat(200)),
    args: (s) => evalArgs(s, "--tasks", "1", "--out", s.path("out")),
    code: 2,
    message: /Cannot open the response store: the file is not a valens store/,
  },
  // --- timeouts, attempts and network failures --------------------------------------------
  {
    name: "eval: --timeout 0",
    args: (s) => evalArgs(s, "--timeout", "0", "--out", s.path("out")),
    code: 2,
    message: /--timeout must be positive/,
  },
  {
    name: "eval: --timeout not a number",
    args: (s) => evalArgs(s, "--timeout", "soon", "--out", s.path("out")),
    code: 2,
    message: /--timeout must be a number/,
  },
  {
    name: "eval: --max-attempts 0",
    args: (s) => evalArgs(s, "--max-attempts", "0", "--out", s.path("out")),
    code: 2,
    message: /--max-attempts must be positive/,
  },
  {
    name: "eval: --max-attempts 1.5",
    args: (s) => evalArgs(s, "--max-attempts", "1.5", "--out", s.path("out")),
    code: 2,
    message: /--max-attempts must be a whole number/,
  },
  {
    name: "dataset generate: --timeout 0",
    args: (s) => [
      "dataset",
      "generate",
      "--model",
      "openai:mock-model",
      "--base-url",
      s.mock,
      "--timeout",
      "0",
      "--out",
      s.path("d.jsonl"),
    ],
    code: 2,
    message: /--timeout must be positive/,
  },
  {
    name: "predictor train: --timeout 0 with --embeddings",
    args: (s) => [
      "predictor",
      "train",
      s.path("evalrun"),
      "--task",
      "gap",
      "--embeddings",
      "openai:text-embedding-3-small",
      "--base-url",
      s.mock,
      "--timeout",
      "0",
      "--out",
      s.path("p"),
    ],
    code: 2,
    message: /--timeout must be a positive number of seconds/,
  },
  {
    name: "eval: nothing listens at the host (exit 6, naming it)",
    args: (s) => [
      ...evalArgs(s, "--out", s.path("out")).map((a) => (a === s.mock ? "http://127.0.0.1:9/v1" : a)),
    ],
    code: 6,
    message: /Cannot reach http:\/\/127\.0\.0\.1:9\/v1 \(host 127\.0\.0\.1:9\).*ECONNREFUSED/,
  },
  {
    name: "eval: a host name that does not resolve (exit 6)",
    args: (s) => [
      ...evalArgs(s, "--out", s.path("out")).map((a) =>
        a === s.mock ? "http://valens-nosuch-host.invalid/v1" : a,
      ),
    ],
    code: 6,
    message: /Cannot reach .*valens-nosuch-host\.invalid/,
  },
  // --- security: credentials, keys, terminal escapes, spreadsheet formulas ----------------------
  {
    name: "eval: credentials in --base-url are refused, pointing to the key variable",
    args: (s) =>
      evalArgs(s, "--out", s.path("out")).map((a) =>
        a === s.mock ? s.mock.replace("http://", "http://user:hunter2secret@") : a,
      ),
    code: 2,
    message: /holds credentials .*OPENAI_API_KEY/,
    absent: /hunter2secret/,
  },
  {
    name: "dataset generate: credentials in --base-url",
    args: (s) => [
      "dataset",
      "generate",
      "--model",
      "openai:mock-model",
      "--base-url",
      s.mock.replace("http://", "http://me:pw12345678@"),
      "--out",
      s.path("d.jsonl"),
    ],
    code: 2,
    message: /holds credentials/,
    absent: /pw12345678/,
  },
  {
    name: "eval: a provider error echoing the key (no prefix) and terminal escapes",
    args: (s) =>
      evalArgs(s, "--tasks", "1", "--out", s.path("out")).map((a) => (a === s.mock ? s.hostile : a)),
    code: 3,
    message: /rejected by .*\[redacted\] is bad \\x1b\]0;pwned\\x07\\x1b\[2J here/,
    // biome-ignore lint/suspicious/noControlCharactersInRegex: a raw ESC in the output is the failure.
    absent: /0123456789abcdef|\u001b\]0;|\u001b\[2J/,
    changes: ["cache"],
  },
  {
    name: "import: a control character in an input file is shown escaped",
    args: (s) => [
      "import",
      "released",
      "--t1",
      s.path("t1-escape.csv"),
      "--model",
      "m",
      "--out",
      s.path("o"),
    ],
    code: 2,
    message: /\\x1b\[2JUnited States/,
    // biome-ignore lint/suspicious/noControlCharactersInRegex: a raw ESC in the output is the failure.
    absent: /\u001b\[2J/,
  },
  {
    name: "report: text cells that a spreadsheet would run are neutralised in every CSV",
    setup: (s) => {
      const manifest = JSON.parse(readFileSync(s.path("evalrun", "manifest.json"), "utf8"));
      manifest.model.name = '=HYPERLINK("http://evil")';
      writeFileSync(s.path("evalrun", "manifest.json"), JSON.stringify(manifest));
    },
    args: (s) => ["report", s.path("evalrun"), "--out", s.path("r.html"), "--bootstrap", "0"],
    code: 0,
    message: /wrote .*r\.html/,
    changes: ["r.html", "r-tables"],
    check: (s) => {
      const tables = readdirSync(s.path("r-tables"));
      expect(tables.length).toBeGreaterThan(0);
      let seen = 0;
      for (const table of tables) {
        const text = readFileSync(s.path("r-tables", table), "utf8");
        seen += text.split("'=HYPERLINK").length - 1;
        expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);
      }
      expect(seen).toBeGreaterThan(0);
    },
  },
  // --- conflicting or empty flags are usage errors naming both ---------------------------------
  {
    name: "eval: --tasks 1 with --task2-variants",
    args: (s) => evalArgs(s, "--tasks", "1", "--task2-variants", "5", "--out", s.path("out")),
    code: 2,
    message: /--tasks 1 and --task2-variants cannot be used together/,
  },
  {
    name: "eval: --tasks 2 with --task1-variants",
    args: (s) => evalArgs(s, "--tasks", "2", "--task1-variants", "0-7", "--out", s.path("out")),
    code: 2,
    message: /--tasks 2 and --task1-variants cannot be used together/,
  },
  {
    name: "reproduce: --from with --mirror",
    setup: (s) => mkdirSync(s.path("released")),
    args: (s) => [
      "reproduce",
      "--from",
      s.path("released"),
      "--mirror",
      "https://example.org/x",
      "--out",
      s.path("o"),
    ],
    code: 2,
    message: /--from and --mirror cannot be used together/,
  },
  {
    name: "reproduce: --mirror that is not a URL",
    args: (s) => ["reproduce", "--mirror", "not a url", "--out", s.path("o")],
    code: 2,
    message: /--mirror "not a url" is not an http\(s\) URL/,
  },
  {
    name: "reproduce: --models empty",
    args: (s) => ["reproduce", "--models", "", "--out", s.path("o")],
    code: 2,
    message: /--models is empty/,
  },
  {
    name: "predictor train: --features empty",
    args: (s) => [
      "predictor",
      "train",
      s.path("evalrun"),
      "--task",
      "gap",
      "--features",
      "",
      "--out",
      s.path("p"),
    ],
    code: 2,
    message: /--features is empty/,
  },
  {
    name: "demo: --countries 0",
    args: (s) => ["demo", "--countries", "0", "--out", s.path("demo")],
    code: 2,
    message: /--countries 0 is out of range: the catalog has 12/,
  },
  {
    name: "demo: --countries 99",
    args: (s) => ["demo", "--countries", "99", "--out", s.path("demo")],
    code: 2,
    message: /--countries 99 is out of range/,
  },
  {
    name: "demo: --topics 0",
    args: (s) => ["demo", "--topics", "0", "--out", s.path("demo")],
    code: 2,
    message: /--topics 0 is out of range: the catalog has 11/,
  },
  {
    name: "eval: --model empty",
    args: (s) => evalArgs(s, "--out", s.path("out")).map((a) => (a === "openai:mock-model" ? "" : a)),
    code: 2,
    message: /--model|model reference/,
  },
  {
    name: "eval: --tasks 3",
    args: (s) => evalArgs(s, "--tasks", "3", "--out", s.path("out")),
    code: 2,
    message: /--tasks/,
  },
  {
    name: "eval: --variants 9",
    args: (s) => evalArgs(s, "--out", s.path("out")).map((a) => (a === "5" ? "9" : a)),
    code: 2,
    message: /variant/i,
  },
  {
    name: "report: --out .json with --format html",
    args: (s) => ["report", s.path("evalrun"), "--out", s.path("r.json"), "--format", "html"],
    code: 2,
    message: /--out ends in \.json but the format is html/,
  },
  // --- every crash is one line: configs, mock server, downloads -------------------------------
  {
    name: "eval: --config names a directory",
    args: (s) => evalArgs(s, "--config", s.path("cache"), "--out", s.path("out")),
    code: 2,
    message: /--config names a directory, not a config file/,
  },
  {
    name: "dataset generate: --config names a directory",
    args: (s) => [
      "dataset",
      "generate",
      "--model",
      "openai:mock-model",
      "--base-url",
      s.mock,
      "--config",
      s.path("cache"),
      "--out",
      s.path("d.jsonl"),
    ],
    code: 2,
    message: /--config names a directory/,
  },
  {
    name: "eval: a config that is not valid JSON",
    setup: (s) => writeFileSync(s.path("bad.json"), '{"models": {'),
    args: (s) => evalArgs(s, "--config", s.path("bad.json"), "--out", s.path("out")),
    code: 2,
    message: /Config file is not valid JSON/,
  },
  {
    name: "mock-server: --host that is no address (999.1.1.1)",
    args: () => ["mock-server", "--host", "999.1.1.1", "--port", "0"],
    code: 2,
    message: /Cannot listen on 999\.1\.1\.1: it is not an address of this machine/,
  },
  {
    name: "mock-server: --host that does not resolve",
    args: () => ["mock-server", "--host", "valens-nosuch-host.invalid", "--port", "0"],
    code: 2,
    message: /Cannot listen on valens-nosuch-host\.invalid/,
  },
  {
    name: "mock-server: --state-dir is a file",
    args: (s) => ["mock-server", "--state-dir", s.path("t1.csv"), "--port", "0"],
    code: 2,
    message: /--state-dir is a file, not a directory/,
  },
  {
    name: "dataset download: --from a directory",
    args: (s) => ["dataset", "download", "--from", s.path("cache"), "--to", s.path("data")],
    code: 2,
    message: /--from names a directory: it takes the VIA CSV file itself/,
  },
  {
    name: "dataset download: --from a missing file",
    args: (s) => ["dataset", "download", "--from", s.path("nope.csv"), "--to", s.path("data")],
    code: 2,
    message: /The VIA file to convert does not exist/,
  },
  {
    name: "dataset download: a file that does not verify (exit 5)",
    args: (s) => ["dataset", "download", "--from", s.path("t1.csv"), "--to", s.path("data")],
    code: 5,
    message: /Checksum mismatch: the VIA CSV has sha256/,
  },
  {
    name: "dataset download: a host that refuses (exit 5)",
    args: (s) => ["dataset", "download", "--from", "http://127.0.0.1:9/via.csv", "--to", s.path("data")],
    code: 5,
    message: /Cannot download http:\/\/127\.0\.0\.1:9\/via\.csv/,
  },
  // --- runs and datasets that are not what they claim ----------------------------------------
  {
    name: 'metrics: formatVersion "1" (a string) says so',
    setup: (s) => {
      const manifest = JSON.parse(readFileSync(s.path("evalrun", "manifest.json"), "utf8"));
      manifest.formatVersion = String(manifest.formatVersion);
      writeFileSync(s.path("evalrun", "manifest.json"), JSON.stringify(manifest));
    },
    args: (s) => ["metrics", s.path("evalrun")],
    code: 2,
    message: /has formatVersion "1", not a number/,
    absent: /format version 1, this valens reads version 1/,
  },
  {
    name: "eval: --dataset a run directory with a damaged manifest",
    setup: (s) => writeFileSync(s.path("evalrun", "manifest.json"), "{ not json"),
    args: (s) =>
      evalArgs(s, "--out", s.path("out")).map((a) => (a === s.path("dataset.jsonl") ? s.path("evalrun") : a)),
    code: 2,
    message: /manifest\.json is not valid JSON/,
  },
  {
    name: "eval: --dataset a directory with actions.jsonl but no manifest",
    setup: (s) => {
      mkdirSync(s.path("fake"));
      writeFileSync(s.path("fake", "actions.jsonl"), readFileSync(s.path("dataset.jsonl")));
    },
    args: (s) =>
      evalArgs(s, "--out", s.path("out")).map((a) => (a === s.path("dataset.jsonl") ? s.path("fake") : a)),
    code: 2,
    message: /Not a valens run directory: manifest\.json is missing/,
  },
  {
    name: "eval: --dataset a task-1-only run",
    args: (s) =>
      evalArgs(s, "--out", s.path("out")).map((a) => (a === s.path("dataset.jsonl") ? s.path("run") : a)),
    code: 2,
    message: /The run has no actions to evaluate/,
  },
  {
    name: "eval: --dataset that does not exist",
    args: (s) =>
      evalArgs(s, "--out", s.path("out")).map((a) =>
        a === s.path("dataset.jsonl") ? s.path("none.jsonl") : a,
      ),
    code: 2,
    message: /The dataset does not exist/,
  },
  {
    name: "metrics: a path that is not a run",
    args: (s) => ["metrics", s.path("t1.csv")],
    code: 2,
    message: /not a directory/,
  },
  {
    name: "report: a run that does not exist",
    args: (s) => ["report", s.path("nope"), "--out", s.path("r.html")],
    code: 2,
    message: /does not exist/,
  },
  {
    name: "import: --t1 missing",
    args: (s) => ["import", "released", "--t1", s.path("none.csv"), "--model", "m", "--out", s.path("o")],
    code: 2,
    message: /does not exist|Cannot read/,
  },
  {
    name: "import: --t1 empty",
    setup: (s) => writeFileSync(s.path("empty.csv"), ""),
    args: (s) => ["import", "released", "--t1", s.path("empty.csv"), "--model", "m", "--out", s.path("o")],
    code: 2,
    message: /empty/,
  },
  {
    name: "import: --t1 without the expected columns",
    setup: (s) => writeFileSync(s.path("cols.csv"), "a,b\n1,2\n"),
    args: (s) => ["import", "released", "--t1", s.path("cols.csv"), "--model", "m", "--out", s.path("o")],
    code: 2,
    message: /lacks the column/,
  },
  {
    name: "cache prune: no filter",
    args: (s) => ["cache", "--store", s.path("cache", "store.sqlite"), "prune"],
    code: 2,
    message: /--older-than|--model/,
  },
  {
    name: "cache prune: --older-than not a number",
    args: (s) => ["cache", "--store", s.path("cache", "store.sqlite"), "prune", "--older-than", "soon"],
    code: 2,
    message: /--older-than must be a number of days/,
  },
  {
    name: "cache clear: no confirmation without a terminal",
    args: (s) => ["cache", "--store", s.path("cache", "store.sqlite"), "clear"],
    code: 2,
    message: /Refusing to clear the cache without confirmation/,
  },
  {
    name: "forecast: a predictor directory that does not exist",
    args: (s) => ["forecast", s.path("nope"), s.path("evalrun")],
    code: 2,
    message: /predictor directory does not exist/,
  },
  // --- dataset validate: problems fail the check, names are checked, the VIA CSV is read ---------
  {
    name: "dataset validate: an unknown country is a problem and exits 2",
    setup: (s) => {
      const lines = readFileSync(s.path("dataset.jsonl"), "utf8").trim().split("\n");
      const first = JSON.parse(lines[0] as string);
      first.country = "Atlantis";
      writeFileSync(s.path("edited.jsonl"), `${[JSON.stringify(first), ...lines.slice(1)].join("\n")}\n`);
    },
    args: (s) => ["dataset", "validate", s.path("edited.jsonl")],
    code: 2,
    message: /unknown-name\s+1[\s\S]*not in the catalog: country "Atlantis"/,
  },
  {
    name: "dataset validate: reads the published VIA CSV layout",
    args: (s) => ["dataset", "validate", s.path("via.csv")],
    code: 0,
    message: /via\.csv: 2 records, 2 without any problem/,
  },
  {
    name: "dataset validate: a clean dataset exits 0",
    args: (s) => ["dataset", "validate", s.path("dataset.jsonl"), "--json"],
    code: 0,
    message: /"unknown-name": 0/,
  },
  // --- say the real cause ---------------------------------------------------------------------
  {
    name: "predictor train: a run without Task 2",
    args: (s) => ["predictor", "train", s.path("run"), "--task", "gap", "--out", s.path("p")],
    code: 2,
    message: /No Task-2 answers in the run: a predictor learns from Task 2/,
  },
  {
    name: "predictor evaluate: a file instead of a predictor directory",
    args: (s) => ["predictor", "evaluate", s.path("t1.csv")],
    code: 2,
    message: /The predictor path is a file, not a predictor directory/,
  },
  {
    name: "forecast: --json with --csv",
    args: (s) => ["forecast", s.path("nope"), s.path("evalrun"), "--json", "--csv"],
    code: 2,
    message: /--json and --csv cannot be used together/,
  },
  {
    name: "eval: a YAML template file with a syntax error says line and column",
    setup: (s) => writeFileSync(s.path("t.yaml"), "task1:\n  0: [1, 2\n"),
    args: (s) => evalArgs(s, "--templates", s.path("t.yaml"), "--out", s.path("out")),
    code: 2,
    message: /The template file is not valid JSON or YAML: .*\(column \d+\) \(.*t\.yaml:\d+\)/,
    absent: /\\n\\n/,
  },
  {
    name: "eval: a template file of the wrong shape points to `valens templates`",
    setup: (s) => writeFileSync(s.path("t.json"), JSON.stringify({ task9: {} })),
    args: (s) => evalArgs(s, "--templates", s.path("t.json"), "--out", s.path("out")),
    code: 2,
    message: /valens templates > my-templates\.json/,
    absent: /templates --json/,
  },
  {
    name: "eval: a YAML catalog with a syntax error says line and column",
    setup: (s) => writeFileSync(s.path("c.yaml"), "values:\n  - [a, b\n"),
    args: (s) => evalArgs(s, "--catalog", s.path("c.yaml"), "--out", s.path("out")),
    code: 2,
    message: /The catalog file is not valid JSON or YAML: .*\(column \d+\)/,
  },
  // --- metrics on a hand-edited run: a warning naming the file, the record and the fix ---------
  {
    name: "metrics: a duplicated task-1 line is named with its record",
    setup: (s) => appendFirstLine(s, "evalrun", "task1.jsonl"),
    args: (s) => ["metrics", s.path("evalrun"), "--bootstrap", "0"],
    code: 0,
    message:
      /warning: .*evalrun[/\\]task1\.jsonl: record \d+ repeats record 1 \(.*\); metrics count both: re-import or re-run the run to fix/,
  },
  {
    name: "metrics: a duplicated task-2 line is named with its record",
    setup: (s) => appendFirstLine(s, "evalrun", "task2.jsonl"),
    args: (s) => ["metrics", s.path("evalrun"), "--bootstrap", "0", "--json"],
    code: 0,
    message: /warning: .*evalrun[/\\]task2\.jsonl: record \d+ repeats record 1 .*re-import or re-run/,
  },
  {
    name: "metrics: a deleted task-1 line disagrees with the manifest's count",
    setup: (s) => editLines(s, "evalrun", "task1.jsonl", (lines) => lines.slice(1)),
    args: (s) => ["metrics", s.path("evalrun"), "--bootstrap", "0"],
    code: 0,
    message: /warning: .*task1\.jsonl: holds \d+ records but manifest\.json says \d+; .*re-import or re-run/,
  },
  {
    name: "metrics: a task-2 value outside the catalog",
    setup: (s) =>
      editLines(s, "evalrun", "task2.jsonl", ([first, ...rest]) => [
        JSON.stringify({ ...JSON.parse(first ?? "{}"), value: "Telepathy" }),
        ...rest,
      ]),
    args: (s) => ["metrics", s.path("evalrun"), "--bootstrap", "0"],
    code: 0,
    message: /warning: .*task2\.jsonl: record 1 is about "Telepathy", a value not in the catalog/,
  },
  {
    name: "metrics: a task-1 rating of a value outside the catalog",
    setup: (s) =>
      editLines(s, "evalrun", "task1.jsonl", ([first, ...rest]) => {
        const record = JSON.parse(first ?? "{}");
        return [JSON.stringify({ ...record, ratings: { ...record.ratings, Telepathy: 2 } }), ...rest];
      }),
    args: (s) => ["metrics", s.path("evalrun"), "--bootstrap", "0"],
    code: 0,
    message: /warning: .*task1\.jsonl: record 1 rates "Telepathy", a value not in the catalog/,
  },
  {
    name: "metrics: an untouched run gets no consistency warning (control)",
    args: (s) => ["metrics", s.path("evalrun"), "--bootstrap", "0"],
    code: 0,
    message: /Coverage/,
    absent: /re-import or re-run/,
  },
  // --- a model name holding a URL is a label, not a reference the report would fetch -----------
  {
    name: "report: a model named by a URL compares with another run",
    setup: (s) =>
      execFileSync(
        process.execPath,
        [valensBin, ...importArgs(s, s.path("urlrun"), "--model", "http://x/y")],
        {
          cwd: s.cwd,
          env: { ...process.env, ...baseEnv(s) },
          stdio: "ignore",
        },
      ),
    args: (s) => [
      "report",
      s.path("urlrun"),
      s.path("evalrun"),
      "--out",
      s.path("r.html"),
      "--bootstrap",
      "0",
    ],
    code: 0,
    message: /wrote .*r\.html/,
    changes: ["r.html", "r-tables"],
    check: (s) => {
      const html = readFileSync(s.path("r.html"), "utf8");
      expect(html).toContain("http://x/y");
      expect(html).not.toMatch(/(?:id|href)="[^"#]*\/\/x\/y/);
      expect(readdirSync(s.path("r-tables")).every((f) => /^[\w.-]+$/.test(f))).toBe(true);
    },
  },
  // --- a tampered predictor card: the file and the field, in one line --------------------------
  {
    name: "predictor evaluate: a card.json field of the wrong type names the file and field",
    setup: (s) => tamperCard(s),
    args: (s) => ["predictor", "evaluate", s.path("pred")],
    code: 2,
    message:
      /pred[/\\]card\.json.*card\.json field seed is invalid|card\.json field seed is invalid.*pred[/\\]card\.json/,
  },
  {
    name: "forecast: a card.json field of the wrong type names the file and field",
    setup: (s) => tamperCard(s),
    args: (s) => ["forecast", s.path("pred"), s.path("evalrun")],
    code: 2,
    message:
      /pred[/\\]card\.json.*card\.json field seed is invalid|card\.json field seed is invalid.*pred[/\\]card\.json/,
  },
];

beforeAll(async () => {
  fixtures = mkdtempSync(join(tmpdir(), "valens-bad-input-fixtures-"));
  const files = await writeStudyFiles(fixtures, scriptedStudy());
  mock = await startMockServer({ persona: files.persona, dataset: files.dataset });
  hostile = await startMockServer({
    failStatus: {
      status: 400,
      type: "invalid_request_error",
      message: "key 0123456789abcdef is bad \u001b]0;pwned\u0007\u001b[2J here",
    },
  });
  writeFileSync(join(fixtures, "t1.csv"), `${t1Csv}\n`);
  const s = { path: (...p: string[]) => join(fixtures, ...p), mock: mock.baseUrl } as Sandbox;
  const answer = (action: string, span: string) =>
    JSON.stringify({
      "Human Action": action,
      "Feature Attributions": [span],
      "Natural Language Explanation": "why",
    }).replace(/"/g, '""');
  writeFileSync(
    join(fixtures, "via.csv"),
    [
      ",Unnamed: 0,country,topic,value,polarity,generation_prompt",
      `0,0,United States,Politics,Social Power,positive,"${answer("I lead rallies for my party.", "lead rallies")}"`,
      `1,1,United States,Politics,Social Power,negative,"${answer("I stay out of party politics.", "stay out")}"`,
    ].join("\n"),
  );
  writeFileSync(
    join(fixtures, "t1-escape.csv"),
    `${t1Csv.replace("United States", "\u001b[2JUnited States")}\n`,
  );
  const env = { ...process.env, OPENAI_API_KEY: "sk-mock", VALENS_CACHE_DIR: join(fixtures, "cache") };
  const imported = await run(importArgs(s, join(fixtures, "run")), fixtures, env);
  expect(imported.stderr).toBe("");
  const evaluated = await run(evalArgs(s, "--out", join(fixtures, "evalrun")), fixtures, env);
  expect(evaluated.code, evaluated.stderr).toBe(0);
  const trained = await run(
    [
      "predictor",
      "train",
      join(fixtures, "evalrun"),
      "--task",
      "gap",
      "--max-epochs",
      "2",
      "--out",
      join(fixtures, "pred"),
    ],
    fixtures,
    env,
  );
  expect(trained.code, trained.stderr).toBe(0);
}, 180_000);

afterAll(async () => {
  await mock?.close();
  await hostile?.close();
});

function sandbox(): Sandbox {
  const root = mkdtempSync(join(tmpdir(), "valens-bad-input-"));
  cpSync(fixtures, root, { recursive: true });
  const cwd = join(root, "work");
  const home = join(root, "home");
  mkdirSync(cwd);
  mkdirSync(home);
  writeFileSync(join(cwd, "keep.txt"), "the working directory's own file\n");
  writeFileSync(join(home, ".profile"), "the home directory's own file\n");
  return {
    root,
    cwd,
    home,
    path: (...parts) => join(root, ...parts),
    mock: mock.baseUrl,
    hostile: hostile.baseUrl,
  };
}

describe("bad input: one clear line, a documented exit code, nothing else touched", () => {
  it("covers at least 80 cases", () => {
    expect(rows.length).toBeGreaterThanOrEqual(80);
    expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
  });

  it.each(rows.map((row) => [row.name, row] as const))("%s", async (_, row) => {
    const s = sandbox();
    row.setup?.(s);
    const before = snapshot(s.root);
    const result = await run(row.args(s), s.cwd, { ...baseEnv(s), ...row.env?.(s) });
    const output = `${result.stderr}${result.stdout}`;
    expect(output, output).not.toMatch(/internal error|\n\s+at /);
    expect(output).toMatch(row.message);
    expect(result.code, output).toBe(row.code);
    if (row.code !== 0) {
      // Failures are one line (what, where, how to fix), plus at most commander's usage hint.
      const errorLines = result.stderr.split("\n").filter((l) => l.startsWith("valens: error:"));
      expect(errorLines.length, result.stderr).toBeLessThanOrEqual(1);
    }
    if (row.absent) expect(output).not.toMatch(row.absent);
    row.check?.(s);
    const unexpected = changedPaths(before, snapshot(s.root)).filter((p) => !within(p, row.changes ?? []));
    expect(unexpected).toEqual([]);
    expect(existsSync(join(s.cwd, "keep.txt"))).toBe(true);
  });
});

describe("SIGTERM", () => {
  it("stops like SIGINT: answers kept, a message, exit 143; the rerun asks only for the rest", async () => {
    const slow = await startMockServer({
      persona: join(fixtures, "persona.json"),
      dataset: join(fixtures, "dataset.jsonl"),
      latencyMs: 150,
    });
    try {
      const s = sandbox();
      const args = [
        ...evalArgs(
          { ...s, mock: slow.baseUrl },
          "--tasks",
          "1,2",
          "--concurrency",
          "2",
          "--out",
          s.path("term"),
        ),
      ];
      const child = spawn(process.execPath, [valensBin, ...args], {
        cwd: s.cwd,
        env: { ...process.env, NO_COLOR: "1", ...baseEnv(s), VALENS_CACHE_DIR: s.path("term-cache") },
      });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      // Stop once a few answers are in.
      while ((slow.stats().byEndpoint["POST /v1/chat/completions"] ?? 0) < 4)
        await new Promise((r) => setTimeout(r, 20));
      child.kill("SIGTERM");
      expect(await exit).toBe(143);
      expect(stderr).toMatch(/SIGTERM received: stopping; every answer received so far is kept/);
      expect(stderr).toMatch(/Interrupted after \d+ of \d+ answer/);
      const store = new ResponseStore(s.path("term-cache", "store.sqlite"), { create: false });
      const kept = store.count();
      store.close();
      expect(kept).toBeGreaterThan(0);
      slow.resetStats();
      await slow.setOptions({ latencyMs: 0 });
      const again = await run(args, s.cwd, { ...baseEnv(s), VALENS_CACHE_DIR: s.path("term-cache") });
      expect(again.code, again.stderr).toBe(0);
      // Nothing answered before the SIGTERM is bought again: every request of the rerun is new.
      const total = new ResponseStore(s.path("term-cache", "store.sqlite"), { create: false });
      expect(total.count()).toBe(kept + (slow.stats().byEndpoint["POST /v1/chat/completions"] ?? 0));
      total.close();
    } finally {
      await slow.close();
    }
  });
});
