import { mkdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { DownloadError, InputError, writeFileAtomic } from "@valens/core";
import type { ReleasedFile } from "./released-manifest.js";
import { digests, mismatch } from "./verify.js";

export type FileSource =
  | { kind: "local"; dir: string }
  | { kind: "download"; cacheDir: string; baseUrl: string | null; timeoutMs: number; retries: number };

export interface ObtainedFile {
  path: string;
  how: "local" | "cached" | "downloaded";
  bytes: number;
}

/**
 * Finds a released file in a local copy, or downloads it into the cache, and checks it against
 * the manifest (size, sha256 when known, git blob id). Returns null when a local copy lacks it.
 */
export async function obtainFile(file: ReleasedFile, source: FileSource): Promise<ObtainedFile | null> {
  if (source.kind === "local") {
    const path = join(source.dir, file.local);
    const content = await readFile(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return null;
      throw new InputError(`Cannot read ${file.local}: ${error.message}`, { file: path });
    });
    if (content === null) return null;
    const wrong = mismatch(file, digests(content));
    if (wrong) {
      throw new InputError(`The local copy of ${file.path} is not the published file: ${wrong}`, {
        file: path,
        hint: "Replace it with the file from the authors' repository, or drop --from to download it",
      });
    }
    return { path, how: "local", bytes: content.byteLength };
  }
  const path = join(source.cacheDir, file.local);
  const cached = await readFile(path).catch(() => null);
  if (cached !== null && mismatch(file, digests(cached)) === null)
    return { path, how: "cached", bytes: cached.byteLength };
  const url = source.baseUrl === null ? file.url : new URL(file.path, withSlash(source.baseUrl)).href;
  const content = await download(url, source.timeoutMs, source.retries);
  const wrong = mismatch(file, digests(content));
  if (wrong) {
    throw new DownloadError(`The download of ${file.path} does not match the manifest: ${wrong}`, {
      file: url,
      hint: "The server sent something else; retry later or use --from with a verified copy",
    });
  }
  await mkdir(dirname(path), { recursive: true });
  try {
    await writeFileAtomic(path, [content]);
  } catch (error) {
    throw new InputError(`Cannot write the download cache: ${(error as Error).message}`, { file: path });
  }
  return { path, how: "downloaded", bytes: content.byteLength };
}

async function download(url: string, timeoutMs: number, retries: number): Promise<Uint8Array> {
  let lastError = "";
  for (let attempt = 0; attempt <= retries; attempt++) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: "follow" });
      if (response.ok) return new Uint8Array(await response.arrayBuffer());
      lastError = `HTTP ${response.status} ${response.statusText}`;
      // Client errors will not change on retry.
      if (response.status < 500 && response.status !== 429) break;
    } catch (error) {
      const e = error as Error;
      lastError =
        e.name === "TimeoutError"
          ? `no answer within ${timeoutMs / 1000} s`
          : ((e.cause as Error)?.message ?? e.message);
    }
    if (attempt < retries) await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt));
  }
  throw new DownloadError(`Cannot download ${url}: ${lastError}`, {
    file: url,
    hint: "Check the network (or --mirror), raise --timeout, or pass --from <dir> with local copies",
  });
}

const withSlash = (base: string): string => (base.endsWith("/") ? base : `${base}/`);
