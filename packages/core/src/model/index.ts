export type {
  ChatJob,
  ChatMessage,
  ChatParams,
  ChatResult,
  ModelClient,
  RunOptions,
  RunPlan,
  RunSummary,
  TokenUsage,
} from "./contract.js";
