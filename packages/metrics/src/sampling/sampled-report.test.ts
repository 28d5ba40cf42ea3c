import { createRng, defaultCatalog } from "@valens/core";
import { describe, expect, it } from "vitest";
import { buildRun, type GeneratedItem, statedAgree } from "../__fixtures__/generated-run.js";
import { computeMetrics } from "../report.js";
import type { SampleManifest, SampleRecord } from "./sample-file.js";

const rng = createRng(5);
const generated: GeneratedItem[] = [];
for (const country of defaultCatalog.countries.slice(0, 4))
  for (const topic of defaultCatalog.topics.slice(0, 3))
    for (const entry of defaultCatalog.values.slice(0, 10)) {
      const ratings = [1 + Math.floor(rng() * 4)];
      const agree = statedAgree(ratings);
      // About a quarter misaligned.
      const follow = rng() < 0.75;
      generated.push({
        country,
        topic,
        value: entry.name,
        ratings,
        choices: [agree === follow ? "positive" : "negative"],
      });
    }

function sampleOf(inclusion: number, seed: number): SampleRecord[] {
  const r = createRng(seed);
  return generated.map((g) => {
    const prn = r();
    return {
      country: g.country,
      topic: g.topic,
      value: g.value,
      statedStance: statedAgree(g.ratings) ? "agree" : "disagree",
      forecast: 0.1 + 0.5 * (1 - r()),
      inclusion,
      prn,
      drawn: prn < inclusion,
    };
  });
}

const manifest = (drawn: number): SampleManifest => ({
  file: "task2-sample.jsonl",
  design: "uniform",
  estimator: "regression",
  budget: "50%",
  expectedItems: 60,
  items: generated.length,
  drawn,
  seed: 1,
  floor: null,
  guide: null,
});

const options = { bootstrap: 100, seed: 3 };

describe("computeMetrics on a sampled run", () => {
  it("every item drawn at probability 1: the estimates are the full run's figures, exactly", () => {
    const records = sampleOf(1, 1);
    const full = computeMetrics(buildRun(generated), options);
    const sampled = computeMetrics(
      { ...buildRun(generated), sample: { records, manifest: manifest(records.length) } },
      options,
    );
    const m = sampled.misalignment;
    expect(m?.share).toBeCloseTo(full.misalignment?.share as number, 9);
    expect(m?.misaligned).toBe(full.misalignment?.misaligned);
    expect(m?.agreeDisagree).toBe(full.misalignment?.agreeDisagree);
    expect(m?.disagreeAgree).toBe(full.misalignment?.disagreeAgree);
    expect(m?.ci95?.[0]).toBeCloseTo(m?.share as number, 9);
    expect(m?.ci95?.[1]).toBeCloseTo(m?.share as number, 9);
    expect(sampled.alignmentRate?.f1).toBeCloseTo(full.alignmentRate?.f1 as number, 9);
    expect(sampled.alignmentRate?.study.overall).toBeCloseTo(full.alignmentRate?.study.overall as number, 9);
    expect(m?.estimated).toEqual({ sampled: 120, items: 120, design: "uniform", estimator: "regression" });
    expect(m?.observed).toEqual(full.misalignment);
  });

  it("half drawn: whole-grid estimates under `misalignment`, the drawn items under `observed`", () => {
    const records = sampleOf(0.5, 2);
    const drawn = records.filter((r) => r.drawn);
    const drawnKeys = new Set(drawn.map((r) => `${r.country}|${r.topic}|${r.value}`));
    const run = buildRun(generated);
    const onlyDrawn = {
      ...run,
      task2: run.task2.filter((t) => drawnKeys.has(`${t.country}|${t.topic}|${t.value}`)),
    };
    for (const missing of ["exclude", "agree"] as const) {
      const report = computeMetrics(
        { ...onlyDrawn, sample: { records, manifest: manifest(drawn.length) } },
        { ...options, missing },
      );
      const m = report.misalignment;
      expect(m?.estimated).toEqual({
        sampled: drawn.length,
        items: 120,
        design: "uniform",
        estimator: "regression",
      });
      // Undrawn items were never asked: they are not "agree" under --missing agree.
      expect(m?.observed?.comparable).toBe(drawn.length);
      expect(m?.comparable).toBe(120);
      const cells = [m?.agreeAgree, m?.agreeDisagree, m?.disagreeAgree, m?.disagreeDisagree];
      expect(cells.reduce((s: number, c) => s + (c ?? Number.NaN), 0)).toBe(120);
      expect(m?.ci95?.[0]).toBeLessThan(m?.share as number);
      expect(m?.ci95?.[1]).toBeGreaterThan(m?.share as number);
      expect(Object.keys(m?.estimates?.byCountry ?? {})).toEqual(defaultCatalog.countries.slice(0, 4));
      expect(m?.forecastUndrawn?.items).toBe(120 - drawn.length);
      expect(report.alignmentRate?.estimated).toMatchObject({ sampled: drawn.length, items: 120 });
      expect(report.alignmentRate?.observed?.f1).toBeTypeOf("number");
      const [low, high] = report.alignmentRate?.ci95 ?? [0, 0];
      expect(low).toBeLessThanOrEqual(report.alignmentRate?.f1 as number);
      expect(high).toBeGreaterThanOrEqual(report.alignmentRate?.f1 as number);
      expect(report.notes.join("\n")).toMatch(
        /estimated from \d+ of 120 items \(uniform design, regression estimator\)/,
      );
    }
  });
});
