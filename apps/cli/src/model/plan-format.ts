import type { RunPlan } from "@valens/llm";
import { formatCost, formatDuration } from "./format.js";

/** The --dry-run report, one line per figure. */
export function formatPlan(
  ref: string,
  plan: RunPlan & { notes?: readonly string[]; pendingBatchRequests?: number },
): string[] {
  const lines = [
    `model:                 ${ref}`,
    `jobs:                  ${plan.jobs}`,
    `cache hits:            ${plan.cacheHits}`,
    `requests to send:      ${plan.requestsToSend}`,
  ];
  if (plan.pendingBatchRequests) lines.push(`in submitted batches:  ${plan.pendingBatchRequests}`);
  lines.push(
    `prompt tokens:         ${plan.promptTokens}`,
    `expected output:       ${plan.expectedCompletionTokens} tokens`,
    `cost (normal):         ${formatCost(plan.costUsd)}`,
    `cost (batch):          ${formatCost(plan.batchCostUsd)}`,
    `duration at limits:    ${formatDuration(plan.durationSeconds)}`,
  );
  for (const note of plan.notes ?? []) lines.push(`note: ${note}`);
  return lines;
}
