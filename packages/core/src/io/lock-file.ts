import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { InputError } from "../errors/input-error.js";
import { ValensError } from "../errors/valens-error.js";
import { sha256Hex } from "../hash/sha256.js";

/** Another process holds the lock. Exit code 2: nothing was sent. */
export class LockedError extends ValensError {
  static override readonly marker: string = "valens.error.LockedError";
  override readonly name = "LockedError";
  constructor(what: string, holder: LockHolder | undefined, lockFile: string) {
    super(
      "locked",
      `${what} is in use by another valens process${holder ? ` (pid ${holder.pid} on ${holder.host}, \`${holder.command}\`, since ${holder.since})` : ""}`,
      {
        file: lockFile,
        hint: "Wait for it to finish or pass --wait to wait for it; if that process is gone, delete the lock file",
      },
    );
  }
}

export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  since: string;
}

export interface Lock {
  readonly file: string;
  release(): void;
}

const held = new Set<string>();

/**
 * The lock file of `path`: in the temporary directory, named by a hash of the resolved path, so
 * taking a lock creates nothing beside an output that may not exist yet.
 */
export function lockFileFor(path: string): string {
  const id = sha256Hex(resolve(path)).slice(0, 16);
  return join(
    tmpdir(),
    `valens-${basename(resolve(path))
      .replace(/[^\w.-]/g, "_")
      .slice(0, 40)}-${id}.lock`,
  );
}
let exitHookInstalled = false;

/** Whether a process with this pid runs on this machine (EPERM: it runs, owned by someone else). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readHolder(file: string): LockHolder | undefined {
  try {
    const json = JSON.parse(readFileSync(file, "utf8")) as Partial<LockHolder>;
    if (typeof json.pid !== "number") return undefined;
    return {
      pid: json.pid,
      host: String(json.host ?? "?"),
      command: String(json.command ?? "valens"),
      since: String(json.since ?? "?"),
    };
  } catch {
    return undefined;
  }
}

/**
 * Takes the lock of `path` (see lockFileFor) for this process (O_EXCL create). A lock whose holder is no longer running
 * on this host is stale and taken over. Held by a live process: throws LockedError naming it, or
 * with `wait` polls until it is released. Released on release() and on process exit.
 */
export async function acquireLock(
  path: string,
  options: { what: string; command: string; wait?: boolean; pollMs?: number },
): Promise<Lock> {
  const file = lockFileFor(path);
  const me: LockHolder = {
    pid: process.pid,
    host: hostname(),
    command: options.command,
    since: new Date().toISOString(),
  };
  for (;;) {
    try {
      const fd = openSync(file, "wx");
      writeSync(fd, `${JSON.stringify(me)}\n`);
      closeSync(fd);
      held.add(file);
      if (!exitHookInstalled) {
        exitHookInstalled = true;
        process.once("exit", () => {
          for (const f of held) rmSync(f, { force: true });
        });
      }
      return {
        file,
        release: () => {
          if (held.delete(file)) rmSync(file, { force: true });
        },
      };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "EEXIST") {
        throw new InputError(`Cannot create the lock file (${code ?? "error"})`, {
          file,
          hint: "Make the directory writable, or choose another location",
        });
      }
    }
    const holder = readHolder(file);
    // Unreadable (a holder killed while writing it) or a dead pid on this host: stale.
    if (holder === undefined || (holder.host === hostname() && !alive(holder.pid))) {
      rmSync(file, { force: true });
      continue;
    }
    if (!options.wait) throw new LockedError(options.what, holder, file);
    await sleep(options.pollMs ?? 500);
  }
}
