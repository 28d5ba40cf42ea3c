import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { createInterface } from "node:readline/promises";
import { InputError } from "@valens/core";
import { type CacheGroup, defaultStorePath, ResponseStore } from "@valens/llm";
import { printJson, printLine, status } from "../../output.js";
import type { ClearOptions, LsOptions, PruneOptions } from "./options.js";

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

/** What `valens cache ls` lists; an absent store lists as empty. */
export interface CacheListing {
  path: string;
  sizeBytes: number;
  groups: CacheGroup[];
  exists: boolean;
}

export function runLs(options: LsOptions): CacheListing {
  const store = openStore(options.store);
  if (store === undefined)
    return { path: resolve(options.store ?? defaultStorePath()), sizeBytes: 0, groups: [], exists: false };
  try {
    return { path: store.path, sizeBytes: store.sizeBytes(), groups: store.groups(), exists: true };
  } finally {
    store.close();
  }
}

export function printLs({ exists, ...listing }: CacheListing, options: LsOptions): void {
  if (options.json) {
    printJson(listing);
    return;
  }
  if (exists) status(`store: ${listing.path} (${formatBytes(listing.sizeBytes)})`);
  if (listing.groups.length === 0) {
    printLine("(empty)");
    return;
  }
  printLine(["model", "base URL", "entries", "size", "oldest", "newest"].join("\t"));
  for (const g of listing.groups)
    printLine([g.model, g.baseUrl, g.entries, formatBytes(g.bytes), day(g.oldest), day(g.newest)].join("\t"));
}

export function runPrune(options: PruneOptions): void {
  if (options.olderThan === undefined && options.model === undefined) {
    throw new InputError("cache prune needs --older-than <days> and/or --model <name>", {
      hint: "Use `valens cache clear` to delete everything",
    });
  }
  const filter: { olderThan?: number; model?: string } = {};
  if (options.olderThan !== undefined) filter.olderThan = Date.now() - options.olderThan * 86_400_000;
  if (options.model !== undefined) filter.model = options.model;
  const store = openStore(options.store);
  if (store === undefined) return;
  try {
    status(`deleted ${store.prune(filter)} entr(ies) from ${store.path}`);
  } finally {
    store.close();
  }
}

export async function runClear(options: ClearOptions): Promise<void> {
  const store = openStore(options.store);
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
}
