import { describe, expect, it } from "vitest";
import type { z } from "zod";
import type { CommandSpec } from "../cli/option-spec.js";
import { optionKey } from "../cli/parse-command-line.js";
import { clearSpec, lsSpec, pruneSpec } from "./cache/options.js";
import { checkSpec } from "./check/options.js";
import { compareSpec } from "./compare/options.js";
import { downloadSpec, generateSpec, validateSpec } from "./dataset/options.js";
import { demoSpec } from "./demo/options.js";
import { evalSpec } from "./eval/options.js";
import { forecastSpec } from "./forecast/options.js";
import { releasedSpec, tableSpec } from "./import/options.js";
import { metricsSpec } from "./metrics/options.js";
import { mockServerSpec } from "./mock-server/options.js";
import { evaluateSpec, trainSpec } from "./predictor/options.js";
import { predictorRepeatSpec } from "./predictor-repeat/options.js";
import { providersSpec } from "./providers/options.js";
import { reportSpec } from "./report/options.js";
import { reproduceSpec } from "./reproduce/options.js";
import { templatesSpec } from "./templates/options.js";

const specs: CommandSpec[] = [
  lsSpec,
  clearSpec,
  pruneSpec,
  checkSpec,
  compareSpec,
  downloadSpec,
  generateSpec,
  validateSpec,
  demoSpec,
  evalSpec,
  forecastSpec,
  releasedSpec,
  tableSpec,
  metricsSpec,
  mockServerSpec,
  evaluateSpec,
  trainSpec,
  predictorRepeatSpec,
  providersSpec,
  reportSpec,
  reproduceSpec,
  templatesSpec,
];

describe("every command's spec", () => {
  it.each(specs.map((spec) => [spec.name, spec] as const))(
    "%s: its schema has exactly one key per argument and option",
    (_, spec) => {
      const shape = (spec.schema as unknown as z.ZodObject).shape;
      const keys = [
        ...(spec.arguments ?? []).map((a) => a.key),
        ...[...(spec.parentOptions ?? []), ...spec.options].map(optionKey),
      ];
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys.sort()).toEqual(Object.keys(shape).sort());
    },
  );

  it.each(specs.map((spec) => [spec.name, spec] as const))("%s: has examples that run valens", (_, spec) => {
    expect(spec.help.examples.length).toBeGreaterThan(0);
    expect(spec.help.examples.some((line) => line.startsWith("valens "))).toBe(true);
  });
});
