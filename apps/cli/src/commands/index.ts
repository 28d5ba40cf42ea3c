import type { Command } from "commander";
import { registerCache } from "./cache.js";
import { registerDataset } from "./dataset.js";
import { registerDemo } from "./demo.js";
import { registerEval } from "./eval.js";
import { registerForecast } from "./forecast.js";
import { registerImport } from "./import.js";
import { registerMetrics } from "./metrics.js";
import { registerMockServer } from "./mock-server.js";
import { registerPredictor } from "./predictor.js";
import { registerReport } from "./report.js";
import { registerReproduce } from "./reproduce.js";
import { registerTemplates } from "./templates.js";

/** Each command lives in its own module and adds itself to the program. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [
  registerDemo,
  registerImport,
  registerMetrics,
  registerEval,
  registerDataset,
  registerTemplates,
  registerPredictor,
  registerForecast,
  registerReport,
  registerReproduce,
  registerCache,
  registerMockServer,
];
