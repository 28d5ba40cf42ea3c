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
} from "@valens/core";
export { adaptBody, type BodyRules } from "./body-rules.js";
export { type CreateModelClientOptions, createModelClient, OpenAIModelClient } from "./client.js";
export { type Clock, type ClockTimer, ManualClock, SkipAheadClock, sleepOn, systemClock } from "./clock.js";
export {
  CONFIG_FILE_NAMES,
  configSchema,
  loadConfig,
  type ModelSettings,
  modelSettingsSchema,
  type Price,
  parseConfig,
  priceSchema,
  settingsFor,
  type ValensConfig,
} from "./config.js";
export {
  AuthError,
  BudgetError,
  InterruptedError,
  isNetworkReason,
  NetworkError,
  ProviderError,
  StoreWriteError,
} from "./errors.js";
export { costOf, DEFAULT_PRICES, priceFor } from "./prices.js";
export {
  initialProgressState,
  type ProgressEvent,
  type ProgressListener,
  type ProgressState,
} from "./progress-events.js";
export { PRESET_PROVIDERS } from "./provider-presets.js";
export { PROVIDER_PRICES, type PriceTable } from "./provider-prices.js";
export {
  knownProviders,
  PROVIDERS,
  type ProviderInfo,
  parseModelRef,
  type ResolvedModel,
  resolveModel,
} from "./providers.js";
export { parseDuration, readRateLimits, retryAfterMs } from "./rate-headers.js";
export { checkReachable, type ReachabilityOptions } from "./reachability.js";
export { redactSecrets } from "./redact.js";
export { buildRequestBody, canonicalJson, requestKey } from "./request.js";
export {
  backoffDelay,
  DEFAULT_RETRY,
  type RetryPolicy,
  Scheduler,
  type SchedulerLimits,
} from "./scheduler.js";
export { type CacheGroup, defaultStorePath, ResponseStore, type StoredResponse } from "./store.js";
export { countChatTokens, countTextTokens, encodingFor } from "./tokens.js";
