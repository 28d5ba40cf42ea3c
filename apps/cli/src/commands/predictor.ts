import type { Command } from "commander";
import { addCommand, addGroup } from "../cli/define-command.js";
import { printEvaluate, runEvaluate } from "./predictor/evaluate.js";
import { evaluateSpec, predictorGroup, trainSpec } from "./predictor/options.js";
import { printTrain, runTrain } from "./predictor/train.js";
import { predictorRepeatSpec } from "./predictor-repeat/options.js";
import { printPredictorRepeat } from "./predictor-repeat/print.js";
import { runPredictorRepeat } from "./predictor-repeat/run.js";

export function registerPredictor(program: Command): void {
  const predictor = addGroup(program, predictorGroup);
  addCommand(predictor, { spec: trainSpec, run: runTrain, print: printTrain });
  addCommand(predictor, { spec: evaluateSpec, run: runEvaluate, print: printEvaluate });
  addCommand(predictor, { spec: predictorRepeatSpec, run: runPredictorRepeat, print: printPredictorRepeat });
}
