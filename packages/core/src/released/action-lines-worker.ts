// Worker thread of `startActionLines`: reads one slice of VIA items into action JSONL bytes.
import { parentPort } from "node:worker_threads";
import { actionLines, type ViaItem } from "./action-lines.js";

parentPort?.once("message", (items: ViaItem[]) => {
  const result = actionLines(items);
  // The bytes are moved, not copied, to the calling thread.
  parentPort?.postMessage(result, [result.bytes.buffer as ArrayBuffer]);
});
