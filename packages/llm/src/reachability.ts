import { connect } from "node:net";
import { NetworkError } from "./errors.js";

/** Connection errors that mean "no server there": retrying them only burns time. */
const DEAD_HOST_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EHOSTDOWN",
  "ETIMEDOUT",
]);

export interface ReachabilityOptions {
  /** Most time the TCP connection may take (default 10 s). */
  timeoutMs?: number;
  /** Opens a TCP connection; replaceable in tests. Resolves on connect, rejects with a coded error. */
  probe?: (host: string, port: number, timeoutMs: number) => Promise<void>;
}

function tcpProbe(host: string, port: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(Object.assign(new Error(`no connection within ${timeoutMs} ms`), { code: "ETIMEDOUT" }));
    });
    socket.once("connect", () => {
      socket.destroy();
      resolve();
    });
    socket.once("error", (error) => {
      socket.destroy();
      reject(error);
    });
  });
}

/**
 * Opens (and closes) one TCP connection to the host of a base URL before a run starts, so a dead
 * host fails in seconds with one clear error instead of after every request's retries.
 * Only "nothing listens there" errors fail; anything else is left to the client's own handling.
 */
export async function checkReachable(baseUrl: string, options: ReachabilityOptions = {}): Promise<void> {
  const url = new URL(baseUrl);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const port = url.port === "" ? (url.protocol === "https:" ? 443 : 80) : Number(url.port);
  const timeoutMs = options.timeoutMs ?? 10_000;
  try {
    await (options.probe ?? tcpProbe)(host, port, timeoutMs);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== "string" || !DEAD_HOST_CODES.has(code)) return;
    const what =
      code === "ENOTFOUND" || code === "EAI_AGAIN"
        ? `the host name ${host} does not resolve`
        : code === "ETIMEDOUT"
          ? `no connection to ${host}:${port} within ${Math.round(timeoutMs / 1000)} s`
          : `nothing accepts connections at ${host}:${port}`;
    throw new NetworkError(baseUrl, `${what} (${code})`, {
      hint: "Check the base URL (--base-url, the provider's *_BASE_URL variable or the config) and that the server is running; nothing was sent or written",
    });
  }
}
