import { open, rename, rm } from "node:fs/promises";
import { InputError } from "../errors/input-error.js";

/**
 * Writes `chunks` one after another to `file` through a temporary file that then replaces it,
 * so the file is never half-written. The next chunk is asked for only once the last is written.
 */
// Distinct temporary names, so that two writes of one file at once do not share one.
let writes = 0;

export async function writeFileAtomic(
  file: string,
  chunks: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>,
): Promise<void> {
  const temporary = `${file}.tmp-${process.pid}-${++writes}`;
  const handle = await open(temporary, "w").catch((error: NodeJS.ErrnoException) => {
    throw new InputError(`Cannot write the file: ${error.message}`, {
      file,
      hint: "Check that its directory exists and is writable",
    });
  });
  try {
    // writeFile continues from the current position and writes the whole chunk.
    for await (const chunk of chunks) await handle.writeFile(chunk);
    await handle.close();
    await rename(temporary, file);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}
