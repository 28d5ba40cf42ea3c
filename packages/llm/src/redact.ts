/** Runs of a secret this long or longer are redacted wherever they appear. */
const MIN_RUN = 8;

/**
 * Removes secrets from text that may reach logs, errors or files. Providers sometimes echo
 * (part of) the key in error bodies, with or without its "sk-" style prefix, and connection
 * errors can carry URLs with credentials: the whole key and any run of 8 or more of its
 * characters are replaced.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret === undefined || secret.length < 4) continue;
    out = out.split(secret).join("[redacted]");
    if (secret.length >= MIN_RUN) out = redactRuns(out, secret);
    // Providers print masked prefixes such as "sk-abc...wxyz"; drop the visible tail too.
    if (secret.length >= 12)
      out = out
        .split(`*${secret.slice(-4)}`)
        .join("*****")
        .split(`.${secret.slice(-4)}`)
        .join(".****");
  }
  // Bearer tokens and sk- style keys that we were not told about.
  return out
    .replace(/Bearer\s+[A-Za-z0-9._~+/=-]{8,}/g, "Bearer [redacted]")
    .replace(/\bsk-[A-Za-z0-9_-]{12,}/g, "sk-[redacted]");
}

/** Replaces every stretch of `text` that is a run of at least MIN_RUN characters of `secret`. */
function redactRuns(text: string, secret: string): string {
  const hide = new Uint8Array(text.length);
  let any = false;
  for (let start = 0; start + MIN_RUN <= secret.length; start++) {
    const seed = secret.slice(start, start + MIN_RUN);
    for (let at = text.indexOf(seed); at >= 0; at = text.indexOf(seed, at + 1)) {
      hide.fill(1, at, at + MIN_RUN);
      any = true;
    }
  }
  if (!any) return text;
  let out = "";
  for (let i = 0; i < text.length; ) {
    if (hide[i] === 0) {
      out += text[i];
      i++;
      continue;
    }
    while (i < text.length && hide[i] === 1) i++;
    out += "[redacted]";
  }
  return out;
}
