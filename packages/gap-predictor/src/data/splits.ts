import { closestNames, InputError } from "@valens/core";
import { z } from "zod";
import { createRng, deriveSeed, shuffled } from "../train/rng.js";
import type { Example, Task } from "./examples.js";

/** The VIA row before which the study took its few-shot training examples. */
export const STUDY_BOUNDARY_ROW = 7000;
export const STUDY_TEST_PER_CLASS = 100;

export const splitSpecSchema = z.discriminatedUnion("kind", [
  /** Items of the named countries/topics are held out. */
  z.object({
    kind: z.literal("holdout"),
    countries: z.array(z.string()),
    topics: z.array(z.string()),
    /** Scenarios as "country:topic". */
    scenarios: z.array(z.string()).optional(),
  }),
  /** Every example of the named models is held out (transfer to a model never seen). */
  z.object({ kind: z.literal("models"), models: z.array(z.string()).min(1) }),
  /** Seeded random groups (whole countries, topics or scenarios) hold about `fraction` of the items. */
  z.object({
    kind: z.literal("groups"),
    by: z.enum(["country", "topic", "scenario"]),
    fraction: z.number().gt(0).lt(1),
  }),
  /** Train on VIA rows before the boundary, test on every labelled example after it. */
  z.object({ kind: z.literal("study-full"), boundary: z.number().int() }),
  /** The study's choice-task split: train below the boundary row, test sampled above it. */
  z.object({ kind: z.literal("study"), boundary: z.number().int(), perClass: z.number().int().positive() }),
  /** A seeded random share of the items held out (when nothing else is asked for). */
  z.object({ kind: z.literal("random"), testFraction: z.number().gt(0).lt(1) }),
]);
export type SplitSpec = z.infer<typeof splitSpecSchema>;

export function describeSplit(spec: SplitSpec): string {
  switch (spec.kind) {
    case "models":
      return `held out: models ${spec.models.join(", ")}`;
    case "groups":
      return `random ${spec.by} groups holding ${Math.round(spec.fraction * 100)}% of the items held out`;
    case "study-full":
      return `study split, full test: train on VIA rows < ${spec.boundary}, test every answered row >= ${spec.boundary}`;
    case "holdout":
      return [
        spec.countries.length > 0 ? `countries ${spec.countries.join(", ")}` : "",
        spec.topics.length > 0 ? `topics ${spec.topics.join(", ")}` : "",
        (spec.scenarios?.length ?? 0) > 0 ? `scenarios ${spec.scenarios?.join(", ")}` : "",
      ]
        .filter(Boolean)
        .join(" and ")
        .replace(/^/, "held out: ");
    case "study":
      return `study split: train on VIA rows < ${spec.boundary}, test ${spec.perClass} chosen + ${spec.perClass} unchosen rows >= ${spec.boundary}`;
    case "random":
      return `random ${Math.round(spec.testFraction * 100)}% of items held out`;
  }
}

function resolveNames(
  kind: "country" | "topic" | "model" | "scenario",
  wanted: readonly string[],
  present: readonly string[],
): string[] {
  const byKey = new Map(present.map((p) => [p.toLowerCase(), p]));
  return wanted.map((w) => {
    const found = byKey.get(w.trim().toLowerCase());
    if (found) return found;
    const close = closestNames(w, present);
    throw new InputError(`No items of ${kind} "${w}" in the training runs`, {
      hint:
        close.length > 0
          ? `Closest: ${close.map((c) => `"${c}"`).join(", ")}`
          : `Present: ${present.join(", ")}`,
    });
  });
}

/**
 * Splits labelled examples into train and test. Only labelled examples take part; the test
 * side is fixed by the spec and the seed, never by what a model does on it.
 */
export function splitExamples<E extends Example>(
  task: Task,
  examples: readonly E[],
  spec: SplitSpec,
  seed: number,
): { train: E[]; test: E[]; spec: SplitSpec } {
  const labelled = examples.filter((e) => e.label !== null);
  switch (spec.kind) {
    case "holdout":
      return splitHoldout(labelled, spec);
    case "models":
      return splitModels(labelled, spec);
    case "groups":
      return splitGroups(labelled, spec, seed);
    case "study-full":
      return splitStudyFull(labelled, spec);
    case "study":
      return splitStudy(task, labelled, spec, seed);
    case "random": {
      const random = createRng(deriveSeed(seed, "random-split"));
      const order = shuffled(labelled, random);
      const cut = Math.round(order.length * spec.testFraction);
      return { train: order.slice(cut), test: order.slice(0, cut), spec };
    }
  }
}

type Split<E> = { train: E[]; test: E[]; spec: SplitSpec };
type SpecOf<K extends SplitSpec["kind"]> = Extract<SplitSpec, { kind: K }>;

function splitHoldout<E extends Example>(labelled: E[], spec: SpecOf<"holdout">): Split<E> {
  const countries = resolveNames("country", spec.countries, [...new Set(labelled.map((e) => e.country))]);
  const topics = resolveNames("topic", spec.topics, [...new Set(labelled.map((e) => e.topic))]);
  const scenarios = resolveNames(
    "scenario",
    (spec.scenarios ?? []).map((s) => s.replace(/\s*:\s*/, ":")),
    [...new Set(labelled.map(scenarioOf))],
  );
  const held = (e: E) =>
    countries.includes(e.country) || topics.includes(e.topic) || scenarios.includes(scenarioOf(e));
  return {
    train: labelled.filter((e) => !held(e)),
    test: labelled.filter(held),
    spec: { kind: "holdout", countries, topics, scenarios },
  };
}

function splitModels<E extends Example>(labelled: E[], spec: SpecOf<"models">): Split<E> {
  const models = resolveNames("model", spec.models, [...new Set(labelled.map(modelOf))]);
  const held = (e: E) => models.includes(modelOf(e));
  const train = labelled.filter((e) => !held(e));
  if (train.length === 0) {
    throw new InputError("--holdout-models leaves no model to train on", {
      hint: "Pass the runs of at least one more model",
    });
  }
  return { train, test: labelled.filter(held), spec: { kind: "models", models } };
}

function splitGroups<E extends Example>(labelled: E[], spec: SpecOf<"groups">, seed: number): Split<E> {
  const groupOf = (e: E) =>
    spec.by === "country" ? e.country : spec.by === "topic" ? e.topic : scenarioOf(e);
  const random = createRng(deriveSeed(seed, `groups-${spec.by}`));
  const groups = shuffled([...new Set(labelled.map(groupOf))].sort(), random);
  const held = new Set<string>();
  let size = 0;
  for (const group of groups) {
    if (size >= spec.fraction * labelled.length || held.size === groups.length - 1) break;
    held.add(group);
    size += labelled.filter((e) => groupOf(e) === group).length;
  }
  return {
    train: labelled.filter((e) => !held.has(groupOf(e))),
    test: labelled.filter((e) => held.has(groupOf(e))),
    spec,
  };
}

function splitStudyFull<E extends Example>(labelled: E[], spec: SpecOf<"study-full">): Split<E> {
  const rowOf = (e: E): number | null =>
    e.kind === "choice" ? e.sourceRow : e.sourceRows.length > 0 ? Math.min(...e.sourceRows) : null;
  if (labelled.some((e) => rowOf(e) === null)) {
    throw new InputError("--split study-full needs VIA row numbers, and some examples have none", {
      hint: "Use runs imported from the study's files (valens import released), or another split",
    });
  }
  return {
    train: labelled.filter((e) => (rowOf(e) as number) < spec.boundary),
    test: labelled.filter((e) => (rowOf(e) as number) >= spec.boundary),
    spec,
  };
}

function splitStudy<E extends Example>(
  task: Task,
  labelled: E[],
  spec: SpecOf<"study">,
  seed: number,
): Split<E> {
  if (task !== "choice") {
    throw new InputError("--split study is the study's choice-task split", {
      hint: "For the gap task, hold out countries or topics (--holdout-countries, --holdout-topics)",
    });
  }
  const rowOf = (e: E) => (e.kind === "choice" ? e.sourceRow : null);
  if (labelled.some((e) => rowOf(e) === null)) {
    throw new InputError("--split study needs VIA row numbers (sourceRow), and some actions have none", {
      hint: "Use runs imported from the study's files (valens import released), or --holdout-countries",
    });
  }
  const train = labelled.filter((e) => (rowOf(e) as number) < spec.boundary);
  const after = labelled.filter((e) => (rowOf(e) as number) >= spec.boundary);
  const random = createRng(deriveSeed(seed, "study-split"));
  const pick = (label: 0 | 1) => {
    const pool = after.filter((e) => e.label === label);
    if (pool.length < spec.perClass) {
      throw new InputError(
        `The study split needs ${spec.perClass} ${label ? "chosen" : "unchosen"} actions after row ${spec.boundary}; the runs have ${pool.length}`,
      );
    }
    return shuffled(pool, random).slice(0, spec.perClass);
  };
  return { train, test: [...pick(1), ...pick(0)], spec };
}

const scenarioOf = (e: Example): string => `${e.country}:${e.topic}`;
const modelOf = (e: Example): string => e.model;

/**
 * A seeded validation share of the training examples (for early stopping, calibration and the
 * threshold). With `byCountry`, whole countries are set aside, so that early stopping rewards
 * what transfers to unseen countries, as the held-out test asks; otherwise it is stratified.
 */
export function validationSplit<E extends Example>(
  train: readonly E[],
  fraction: number,
  seed: number,
  byCountry = false,
): { fit: E[]; validation: E[] } {
  const random = createRng(deriveSeed(seed, "validation"));
  const countries = [...new Set(train.map((e) => e.country))].sort();
  if (byCountry && countries.length >= 3) {
    const chosen = new Set<string>();
    let size = 0;
    for (const country of shuffled(countries, random)) {
      if (size >= fraction * train.length) break;
      chosen.add(country);
      size += train.filter((e) => e.country === country).length;
    }
    const validation = train.filter((e) => chosen.has(e.country));
    const classes = new Set(validation.map((e) => e.label));
    if (classes.size === 2 && chosen.size < countries.length) {
      return { fit: train.filter((e) => !chosen.has(e.country)), validation };
    }
  }
  const fit: E[] = [];
  const validation: E[] = [];
  for (const label of [0, 1] as const) {
    const group = shuffled(
      train.filter((e) => e.label === label),
      random,
    );
    const cut = Math.max(1, Math.round(group.length * fraction));
    validation.push(...group.slice(0, cut));
    fit.push(...group.slice(cut));
  }
  return { fit, validation };
}
