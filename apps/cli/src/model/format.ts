/** "47s", "3m05s", "2h10m"; "?" when unknown. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/** "$0.0123" below a dollar, "$12.34" above; "$?" when no price is known. */
export function formatCost(cost: number | null): string {
  return cost === null ? "$?" : `$${cost < 1 ? cost.toFixed(4) : cost.toFixed(2)}`;
}
