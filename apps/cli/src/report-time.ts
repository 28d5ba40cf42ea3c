/**
 * The creation time written into reports: SOURCE_DATE_EPOCH (seconds, the reproducible-builds
 * convention) when set, so the same inputs give byte-identical reports; otherwise now.
 */
export function reportTime(env: NodeJS.ProcessEnv = process.env): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^\d+$/.test(epoch.trim())) return new Date(Number(epoch) * 1000).toISOString();
  return new Date().toISOString();
}
