/** Reading the rate-limit headers OpenAI-compatible servers send. */

type HeaderSource = Pick<Headers, "get"> | undefined | null;

/** Parses OpenAI's reset durations: "1s", "6m0s", "20ms", "1h2m3.5s", or plain seconds. */
export function parseDuration(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value.trim() === "") return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
  let total = 0;
  let matched = "";
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const n = Number(m[1]);
    const unit = m[2];
    total += unit === "ms" ? n : unit === "s" ? n * 1000 : unit === "m" ? n * 60_000 : n * 3_600_000;
    matched += m[0];
  }
  return matched === text ? total : undefined;
}

/**
 * How long the server asks us to wait, in ms: `retry-after-ms`, then `retry-after` (seconds or
 * an HTTP date), then the `x-ratelimit-reset-*` header of the exhausted budget.
 */
export function retryAfterMs(headers: HeaderSource, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "" && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const after = headers.get("retry-after");
  if (after !== null && after.trim() !== "") {
    if (Number.isFinite(Number(after))) return Math.max(0, Number(after) * 1000);
    const date = Date.parse(after);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  const limits = readRateLimits(headers);
  const resets: number[] = [];
  if (limits.remainingRequests === 0 && limits.resetRequestsMs !== undefined)
    resets.push(limits.resetRequestsMs);
  if (limits.remainingTokens === 0 && limits.resetTokensMs !== undefined) resets.push(limits.resetTokensMs);
  return resets.length > 0 ? Math.max(...resets) : undefined;
}

export interface RateLimitInfo {
  limitRequests?: number;
  remainingRequests?: number;
  resetRequestsMs?: number;
  limitTokens?: number;
  remainingTokens?: number;
  resetTokensMs?: number;
}

function num(headers: Pick<Headers, "get">, name: string): number | undefined {
  const v = headers.get(name);
  if (v === null || v.trim() === "") return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

export function readRateLimits(headers: HeaderSource): RateLimitInfo {
  if (!headers) return {};
  const info: RateLimitInfo = {};
  const set = <K extends keyof RateLimitInfo>(k: K, v: number | undefined) => {
    if (v !== undefined) info[k] = v;
  };
  set("limitRequests", num(headers, "x-ratelimit-limit-requests"));
  set("remainingRequests", num(headers, "x-ratelimit-remaining-requests"));
  set("resetRequestsMs", parseDuration(headers.get("x-ratelimit-reset-requests")));
  set("limitTokens", num(headers, "x-ratelimit-limit-tokens"));
  set("remainingTokens", num(headers, "x-ratelimit-remaining-tokens"));
  set("resetTokensMs", parseDuration(headers.get("x-ratelimit-reset-tokens")));
  return info;
}
