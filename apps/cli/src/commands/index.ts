import type { Command } from "commander";

/** Each command lives in its own module and adds itself to the program. */
export type RegisterCommand = (program: Command) => void;

/**
 * The commands in help order, each loaded on demand: a command module pulls in the packages it
 * needs (TensorFlow.js, the OpenAI SDK, vega), and a run should only pay for its own.
 */
export const commandLoaders: Record<string, () => Promise<RegisterCommand>> = {
  demo: async () => (await import("./demo.js")).registerDemo,
  import: async () => (await import("./import.js")).registerImport,
  metrics: async () => (await import("./metrics.js")).registerMetrics,
  compare: async () => (await import("./compare.js")).registerCompare,
  check: async () => (await import("./check.js")).registerCheck,
  eval: async () => (await import("./eval.js")).registerEval,
  dataset: async () => (await import("./dataset.js")).registerDataset,
  templates: async () => (await import("./templates.js")).registerTemplates,
  providers: async () => (await import("./providers.js")).registerProviders,
  predictor: async () => (await import("./predictor.js")).registerPredictor,
  forecast: async () => (await import("./forecast.js")).registerForecast,
  report: async () => (await import("./report.js")).registerReport,
  reproduce: async () => (await import("./reproduce.js")).registerReproduce,
  cache: async () => (await import("./cache.js")).registerCache,
  "mock-server": async () => (await import("./mock-server.js")).registerMockServer,
};
