import { constants } from "node:fs";
import { access, mkdir, readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { InputError, writeFileAtomic } from "@valens/core";

/** Optional on-disk copy of files and batches so a restarted mock server keeps them. */
export class StateDir {
  constructor(readonly dir: string) {}

  async init(): Promise<void> {
    try {
      await mkdir(join(this.dir, "files"), { recursive: true });
      await mkdir(join(this.dir, "batches"), { recursive: true });
      await access(this.dir, constants.W_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new InputError(
        code === "ENOTDIR" || code === "EEXIST"
          ? "--state-dir is a file, not a directory"
          : `Cannot use --state-dir: it cannot be written (${code ?? "error"})`,
        { file: this.dir, hint: "Give --state-dir a directory the mock server may write to" },
      );
    }
  }

  private readonly pending = new Map<string, Promise<void>>();

  /** Atomic write; writes to one file are chained so the latest state always lands last. */
  write(kind: "files" | "batches", name: string, data: string | Buffer): Promise<void> {
    const target = join(this.dir, kind, name);
    const previous = this.pending.get(target) ?? Promise.resolve();
    const next = previous.then(() => writeFileAtomic(target, [data]));
    this.pending.set(target, next);
    void next.finally(() => {
      if (this.pending.get(target) === next) this.pending.delete(target);
    });
    return next;
  }

  async remove(kind: "files" | "batches", name: string): Promise<void> {
    await rm(join(this.dir, kind, name), { force: true });
  }

  async readAll(kind: "files" | "batches", suffix: string): Promise<{ name: string; text: string }[]> {
    const names = (await readdir(join(this.dir, kind))).filter((n) => n.endsWith(suffix));
    return Promise.all(
      names.map(async (name) => ({ name, text: await readFile(join(this.dir, kind, name), "utf8") })),
    );
  }

  read(kind: "files" | "batches", name: string): Promise<Buffer> {
    return readFile(join(this.dir, kind, name));
  }
}
