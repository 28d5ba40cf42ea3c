import type { Command } from "commander";
import { registerForecast } from "./forecast.js";
import { registerImport } from "./import.js";
import { registerMetrics } from "./metrics.js";
import { registerPredictor } from "./predictor.js";

/** Each command lives in its own module and adds itself to the program. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [
  registerImport,
  registerMetrics,
  registerPredictor,
  registerForecast,
];
