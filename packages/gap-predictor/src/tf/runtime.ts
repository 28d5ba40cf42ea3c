import { createRequire } from "node:module";
import { dirname } from "node:path";
import { InputError } from "@valens/core";
import { registerEmbeddingBag } from "./embedding-bag.js";
import type * as TfModule from "./tfjs.js";

export type Tf = typeof TfModule;

/** Which TensorFlow.js backend computes: native libtensorflow, WebAssembly, or plain JS. */
export type BackendName = "tensorflow" | "wasm" | "cpu";

export interface TfRuntime {
  tf: Tf;
  backend: BackendName;
  /** Why a preferred backend was not used, when one was skipped. */
  notes: string[];
}

export type BackendPreference = "auto" | BackendName;

let current: Promise<TfRuntime> | undefined;
let currentPreference: BackendPreference | undefined;

/** `VALENS_TF_BACKEND=wasm|cpu|tensorflow` forces a backend (benchmarks, debugging). */
function backendPreferenceFromEnv(env: NodeJS.ProcessEnv = process.env): BackendPreference {
  const value = env.VALENS_TF_BACKEND;
  if (value === undefined || value === "" || value === "auto") return "auto";
  if (value === "tensorflow" || value === "wasm" || value === "cpu") return value;
  throw new InputError(`VALENS_TF_BACKEND="${value}" is not a backend`, {
    hint: "Use auto, tensorflow (needs @tensorflow/tfjs-node), wasm or cpu",
  });
}

/**
 * Loads TensorFlow.js once per process: @tensorflow/tfjs-node where it is installed, else
 * tfjs-core + tfjs-layers on the WebAssembly backend (its .wasm binaries ship inside the npm
 * package, nothing is downloaded), else the plain-JS CPU backend.
 */
export function loadTf(preference: BackendPreference = backendPreferenceFromEnv()): Promise<TfRuntime> {
  if (current && currentPreference === preference) return current;
  if (current) {
    return current.then((runtime) => {
      if (preference === "auto" || runtime.backend === preference) return runtime;
      throw new InputError(
        `TensorFlow.js already runs on ${runtime.backend}; cannot switch to ${preference}`,
      );
    });
  }
  currentPreference = preference;
  current = initialise(preference);
  return current;
}

async function initialise(preference: BackendPreference): Promise<TfRuntime> {
  const notes: string[] = [];
  if (preference === "auto" || preference === "tensorflow") {
    const native = await tryNative();
    if (native.ok) return finish(native.tf, "tensorflow", notes);
    if (preference === "tensorflow") {
      throw new InputError(`@tensorflow/tfjs-node is not usable here: ${native.reason}`, {
        hint: "Install it (npm install @tensorflow/tfjs-node) or use VALENS_TF_BACKEND=wasm",
      });
    }
    notes.push(`tfjs-node unavailable (${native.reason})`);
  }
  const tf = await loadPortable();
  if (preference !== "cpu") {
    try {
      const wasm = await import("@tensorflow/tfjs-backend-wasm");
      const require = createRequire(import.meta.url);
      const dir = dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"));
      wasm.setWasmPaths(`${dir}/`);
      if (await tf.setBackend("wasm")) return finish(tf, "wasm", notes);
      notes.push("the WebAssembly backend did not initialise");
    } catch (error) {
      if (preference === "wasm") {
        throw new InputError(`The WebAssembly backend failed: ${(error as Error).message}`);
      }
      notes.push(`WebAssembly backend failed (${(error as Error).message})`);
    }
  }
  await tf.setBackend("cpu");
  return finish(tf, "cpu", notes);
}

/** Core ops + layers API on one object, as `@tensorflow/tfjs` would give, plus the CPU backend. */
async function loadPortable(): Promise<Tf> {
  const [core, layers] = await Promise.all([
    import("@tensorflow/tfjs-core"),
    import("@tensorflow/tfjs-layers"),
    // Registers the "cpu" backend with tfjs-core (side effect only).
    import("@tensorflow/tfjs-backend-cpu"),
  ]);
  return { ...core, ...layers };
}

async function tryNative(): Promise<{ ok: true; tf: Tf } | { ok: false; reason: string }> {
  // A variable specifier keeps TypeScript from requiring the optional package at build time.
  const name = "@tensorflow/tfjs-node";
  try {
    const tf = (await import(name)) as Tf;
    await tf.ready();
    if (tf.getBackend() !== "tensorflow") return { ok: false, reason: `backend is ${tf.getBackend()}` };
    return { ok: true, tf };
  } catch (error) {
    const message = (error as Error).message.split("\n")[0] ?? "";
    return { ok: false, reason: message.includes("Cannot find") ? "not installed" : message };
  }
}

async function finish(tf: Tf, backend: BackendName, notes: string[]): Promise<TfRuntime> {
  await tf.ready();
  registerEmbeddingBag(tf);
  return { tf, backend, notes };
}
