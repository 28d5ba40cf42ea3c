/**
 * Removes secrets from text that may reach logs, errors or files. Providers sometimes echo
 * (part of) the key in error bodies, and connection errors can carry URLs with credentials.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret === undefined || secret.length < 4) continue;
    out = out.split(secret).join("[redacted]");
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
