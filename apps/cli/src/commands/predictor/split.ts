import { InputError, UsageError } from "@valens/core";
import {
  type FeatureGroup,
  featureGroupSchema,
  type SplitSpec,
  STUDY_BOUNDARY_ROW,
  STUDY_TEST_PER_CLASS,
} from "@valens/gap-predictor";
import type { TrainOptions } from "./options.js";

export function parseFeatures(names: readonly string[]): FeatureGroup[] {
  if (names.length === 0)
    throw new UsageError("--features is empty", {
      hint: "Give one or more of action, attributions, explanation",
    });
  return names.map((name) => {
    const parsed = featureGroupSchema.safeParse(name);
    if (!parsed.success) {
      throw new InputError(`Unknown feature group "${name}"`, {
        hint: "Use action, attributions, explanation",
      });
    }
    return parsed.data;
  });
}

/** One way to split at most, and --group-fraction only with a groups split. */
function checkSplitFlags(options: TrainOptions, models: number, holdout: boolean): void {
  const chosen = [
    options.split ? `--split ${options.split}` : "",
    models > 0 ? "--holdout-models" : "",
    holdout ? "--holdout-countries/topics/scenarios" : "",
  ].filter(Boolean);
  if (chosen.length > 1) {
    throw new InputError(`Choose one way to split: ${chosen.join(", ")} cannot be combined`, {
      hint: "Pass one of --split, --holdout-models, or the --holdout-countries/topics/scenarios lists",
    });
  }
  if (options.groupFraction !== undefined && !options.split?.endsWith("-groups"))
    throw new InputError(
      "--group-fraction is only used with --split country-groups|topic-groups|scenario-groups",
    );
}

export function splitFrom(options: TrainOptions): SplitSpec {
  const countries = options.holdoutCountries ?? [];
  const topics = options.holdoutTopics ?? [];
  const scenarios = options.holdoutScenarios ?? [];
  const models = options.holdoutModels ?? [];
  const holdout = countries.length + topics.length + scenarios.length > 0;
  checkSplitFlags(options, models.length, holdout);
  for (const scenario of scenarios) {
    if (!scenario.includes(":"))
      throw new InputError(`Scenario "${scenario}" is not "country:topic"`, {
        hint: 'Write scenarios as country:topic, e.g. --holdout-scenarios "India:Religion,Egypt:Health"',
      });
  }
  if (options.split === "study")
    return { kind: "study", boundary: STUDY_BOUNDARY_ROW, perClass: STUDY_TEST_PER_CLASS };
  if (options.split === "study-full") return { kind: "study-full", boundary: STUDY_BOUNDARY_ROW };
  if (options.split?.endsWith("-groups")) {
    const fraction = options.groupFraction ?? 0.2;
    return {
      kind: "groups",
      by: options.split.replace("-groups", "") as "country" | "topic" | "scenario",
      fraction,
    };
  }
  if (models.length > 0) return { kind: "models", models };
  if (holdout) return { kind: "holdout", countries, topics, scenarios };
  return { kind: "random", testFraction: 0.2 };
}
