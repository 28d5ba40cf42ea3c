import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { createInterface } from "node:readline/promises";
import { InputError } from "@valens/core";
import { defaultStorePath, ResponseStore } from "@valens/llm";
import type { Command } from "commander";
import { printJson, printLine, status } from "../output.js";

/** The store if it exists: inspecting or trimming never creates one. */
function openStore(path: string | undefined): ResponseStore | undefined {
  const file = resolve(path ?? defaultStorePath());
  if (!existsSync(file)) {
    status(`no response store at ${file} (nothing cached yet)`);
    return undefined;
  }
  return new ResponseStore(file, { create: false });
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) {
    throw new InputError("Refusing to clear the cache without confirmation", { hint: "Pass --yes" });
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await rl.question(`${question} [y/N] `);
  rl.close();
  return /^y(es)?$/i.test(answer.trim());
}

/** `valens cache ls|prune|clear`: the response store shared by every model call. */
export function registerCache(program: Command): void {
  const cache = program
    .command("cache")
    .description("inspect and trim the response store (cache and resume journal)")
    .option(
      "--store <path>",
      "store file (default: $VALENS_CACHE_DIR/store.sqlite or .valens-cache/store.sqlite)",
    )
    .addHelpText("after", "\nExample:\n  $ valens cache ls\n  $ valens cache prune --older-than 30");

  cache
    .command("ls")
    .description("entries per model and base URL, with size and age")
    .option("--json", "print JSON")
    .action((options: { json?: boolean }) => {
      const store = openStore(cache.opts<{ store?: string }>().store);
      if (store === undefined) {
        if (options.json)
          printJson({
            path: resolve(cache.opts<{ store?: string }>().store ?? defaultStorePath()),
            sizeBytes: 0,
            groups: [],
          });
        else printLine("(empty)");
        return;
      }
      try {
        const groups = store.groups();
        if (options.json) {
          printJson({ path: store.path, sizeBytes: store.sizeBytes(), groups });
          return;
        }
        status(`store: ${store.path} (${formatBytes(store.sizeBytes())})`);
        if (groups.length === 0) {
          printLine("(empty)");
          return;
        }
        printLine(["model", "base URL", "entries", "size", "oldest", "newest"].join("\t"));
        for (const g of groups) {
          printLine(
            [g.model, g.baseUrl, g.entries, formatBytes(g.bytes), day(g.oldest), day(g.newest)].join("\t"),
          );
        }
      } finally {
        store.close();
      }
    })
    .addHelpText("after", "\nExample:\n  $ valens cache ls --json");

  cache
    .command("prune")
    .description("delete cached answers older than a number of days and/or of one model")
    .option("--older-than <days>", "delete entries created more than this many days ago")
    .option("--model <name>", "delete entries of this model (name as sent, e.g. gpt-4o-mini)")
    .action((options: { olderThan?: string; model?: string }) => {
      if (options.olderThan === undefined && options.model === undefined) {
        throw new InputError("cache prune needs --older-than <days> and/or --model <name>", {
          hint: "Use `valens cache clear` to delete everything",
        });
      }
      const filter: { olderThan?: number; model?: string } = {};
      if (options.olderThan !== undefined) {
        const days = Number(options.olderThan);
        if (!Number.isFinite(days) || days < 0) {
          throw new InputError(`--older-than must be a number of days, got "${options.olderThan}"`);
        }
        filter.olderThan = Date.now() - days * 86_400_000;
      }
      if (options.model !== undefined) filter.model = options.model;
      const store = openStore(cache.opts<{ store?: string }>().store);
      if (store === undefined) return;
      try {
        status(`deleted ${store.prune(filter)} entr(ies) from ${store.path}`);
      } finally {
        store.close();
      }
    })
    .addHelpText("after", "\nExample:\n  $ valens cache prune --older-than 30 --model gpt-4o-mini");

  cache
    .command("clear")
    .description("delete every cached answer and batch record")
    .option("-y, --yes", "do not ask for confirmation")
    .action(async (options: { yes?: boolean }) => {
      const store = openStore(cache.opts<{ store?: string }>().store);
      if (store === undefined) return;
      try {
        const count = store.count();
        if (!options.yes && !(await confirm(`Delete all ${count} cached answer(s) in ${store.path}?`))) {
          status("nothing deleted");
          return;
        }
        status(`deleted ${store.clear()} entr(ies) from ${store.path}`);
      } finally {
        store.close();
      }
    })
    .addHelpText("after", "\nExample:\n  $ valens cache clear --yes");
}
