import { createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  type Catalog,
  DownloadError,
  defaultCatalog,
  InputError,
  sha256File,
  VALENS_VERSION,
  writeJsonl,
} from "@valens/core";
import { pairItems } from "@valens/tasks";
import { DATASET_FORMAT_VERSION, type DatasetManifest, parseCounts } from "./dataset-manifest.js";
import { readViaCsv } from "./via-csv.js";

/** The published VIA dataset, pinned to the study repository's commit. */
export const VIA_SOURCE = {
  url: "https://raw.githubusercontent.com/huashen218/value_action_gap/3c5e0133221499619abcc8c7fc802b31e7c4a144/outputs/data_release/value_action_gap_full_data_generation.csv",
  sha256: "892e52588d9b9ffa0c3316200dec4ceec4e893793aa2a47ae6f11415e4f9209d",
  bytes: 10_187_781,
} as const;

export interface DownloadOptions {
  /** Directory to write `via.jsonl` and `via.manifest.json` into. */
  to: string;
  /** A local copy or another URL instead of the pinned URL. */
  from?: string;
  /** Expected sha256 of the CSV (defaults to the published file's). */
  sha256?: string;
  catalog?: Catalog;
  fetchImpl?: typeof fetch;
}

export interface DownloadReport {
  file: string;
  manifestFile: string;
  manifest: DatasetManifest;
}

const isUrl = (s: string) => /^https?:\/\//i.test(s);

/**
 * Fetches (or reads) the VIA CSV, verifies its sha256, converts it to the dataset format and
 * writes it atomically: everything is staged beside the target and moved in only once the
 * checksum matched and the conversion finished, so a failure leaves nothing behind.
 */
export async function downloadVia(options: DownloadOptions): Promise<DownloadReport> {
  const target = resolve(options.to);
  const expected = (options.sha256 ?? VIA_SOURCE.sha256).toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(expected))
    throw new InputError(`--sha256 "${options.sha256}" is not a sha256 hex digest (64 hex digits)`);
  const targetInfo = await stat(target).catch(() => undefined);
  if (targetInfo && !targetInfo.isDirectory())
    throw new InputError("The download target exists and is not a directory", { file: options.to });
  try {
    await mkdir(dirname(target), { recursive: true });
  } catch (error) {
    throw new InputError(`Cannot create the download directory: ${(error as Error).message}`, {
      file: options.to,
    });
  }
  const staging = join(dirname(target), `.${basename(target)}.via-tmp-${process.pid}-${Date.now()}`);
  try {
    await mkdir(staging);
  } catch (error) {
    throw new InputError(`Cannot write in the download directory: ${(error as Error).message}`, {
      file: dirname(target),
    });
  }
  try {
    const source = options.from ?? VIA_SOURCE.url;
    let csvFile: string;
    if (isUrl(source)) {
      csvFile = join(staging, "via.csv");
      await fetchTo(source, csvFile, options.fetchImpl ?? fetch);
    } else {
      csvFile = resolve(source);
      const info = await stat(csvFile).catch(() => undefined);
      if (info?.isDirectory())
        throw new InputError("--from names a directory: it takes the VIA CSV file itself", {
          file: source,
          hint: `Pass the file, e.g. --from ${join(source, "via_full.csv")}`,
        });
      if (!info?.isFile()) throw new InputError("The VIA file to convert does not exist", { file: source });
    }
    const actual = await sha256File(csvFile);
    if (actual !== expected) {
      throw new DownloadError(`Checksum mismatch: the VIA CSV has sha256 ${actual}, expected ${expected}`, {
        file: source,
        hint: "The file is not the published VIA dataset (or was altered); pass --sha256 <digest> only if you mean to use a different file",
      });
    }
    const records = await readViaCsv(csvFile, options.catalog ?? defaultCatalog);
    const { unpairable } = pairItems(records, options.catalog ?? defaultCatalog, source);
    const manifest: DatasetManifest = {
      kind: "valens-dataset",
      formatVersion: DATASET_FORMAT_VERSION,
      valensVersion: VALENS_VERSION,
      createdAt: new Date().toISOString(),
      source: {
        type: "via-download",
        ...(isUrl(source) ? { url: source } : { file: csvFile }),
        sha256: actual,
      },
      records: records.length,
      parse: parseCounts(records),
      unpairable,
      parameters: {},
    };
    await writeJsonl(join(staging, "via.jsonl"), records);
    await writeFile(join(staging, "via.manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    await mkdir(target, { recursive: true });
    const file = join(target, "via.jsonl");
    const manifestFile = join(target, "via.manifest.json");
    await rename(join(staging, "via.jsonl"), file);
    await rename(join(staging, "via.manifest.json"), manifestFile);
    return { file, manifestFile, manifest };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function fetchTo(url: string, file: string, fetchImpl: typeof fetch): Promise<void> {
  let response: Response;
  try {
    response = await fetchImpl(url);
  } catch (error) {
    throw new DownloadError(`Cannot download ${url}: ${(error as Error).message}`, {
      hint: "Check the network. Offline: pass --from <file> with a local copy of the VIA CSV, or make a dataset with `valens dataset generate` against `valens mock-server` (see the README's offline quick start)",
    });
  }
  if (!response.ok || !response.body) {
    throw new DownloadError(`Downloading ${url} failed: HTTP ${response.status} ${response.statusText}`, {
      hint: "Pass --from <file or URL> with a copy of the VIA CSV. Offline, make a dataset with `valens dataset generate` against `valens mock-server` (see the README's offline quick start)",
    });
  }
  await pipeline(
    Readable.fromWeb(response.body as import("node:stream/web").ReadableStream),
    createWriteStream(file),
  );
}
