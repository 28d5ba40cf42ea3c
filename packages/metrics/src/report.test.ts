import { hasSharedData, sharedDataPath } from "@valens/core/test";
import { importReleased } from "@valens/importers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildRun, type GeneratedItem, generatedItems, statedAgree } from "./__fixtures__/generated-run.js";
import { computeMetrics, TASK2_NEEDED_NOTE } from "./report.js";

const follow = (agree: boolean, n: number) =>
  fc.constant(Array.from({ length: n }, () => (agree ? ("positive" as const) : ("negative" as const))));
const flip = (agree: boolean, n: number) =>
  fc.constant(Array.from({ length: n }, () => (agree ? ("negative" as const) : ("positive" as const))));

/** Every scenario states "agree" on its first value (otherwise F1 is 0/0 there, counted as 0). */
const withAgreeEachScenario = (items: GeneratedItem[]): GeneratedItem[] => {
  const seen = new Set<string>();
  return items.map((item) => {
    const key = `${item.country}|${item.topic}`;
    if (seen.has(key)) return item;
    seen.add(key);
    return { ...item, ratings: item.ratings.map(() => 1) };
  });
};

const options = { bootstrap: 50, seed: 7 };

describe("computeMetrics invariants (generated runs)", () => {
  it("actions that follow the stated stance: F1 1, nothing misaligned", () => {
    fc.assert(
      fc.property(generatedItems(follow), (generated) => {
        const items = withAgreeEachScenario(generated).map((item) => ({
          ...item,
          choices: item.choices.map(() =>
            statedAgree(item.ratings) ? ("positive" as const) : ("negative" as const),
          ),
        }));
        const report = computeMetrics(buildRun(items), options);
        expect(report.alignmentRate?.f1).toBe(1);
        expect(Object.values(report.alignmentRate?.byCountry ?? {}).every((f1) => f1 === 1)).toBe(true);
        expect(report.misalignment).toMatchObject({ misaligned: 0, share: 0, comparable: items.length });
        expect(report.items).toBe(items.length);
        expect(report.misalignment?.ci95).toEqual([0, 0]);
      }),
      { numRuns: 40 },
    );
  });

  it("flipping every action leaves no agree-class true positive", () => {
    fc.assert(
      fc.property(generatedItems(flip), (items) => {
        const report = computeMetrics(buildRun(items), options);
        expect(report.misalignment?.agreeAgree).toBe(0);
        expect(report.misalignment?.misaligned).toBe(items.length);
        expect(report.alignmentRate?.f1).toBe(0);
      }),
      { numRuns: 40 },
    );
  });

  it("row order changes nothing", () => {
    fc.assert(
      fc.property(
        generatedItems().chain((items) =>
          fc.tuple(fc.constant(buildRun(items)), fc.integer(), fc.integer(), fc.integer()),
        ),
        ([run, a, b, c]) => {
          const shuffle = <T>(list: readonly T[], seed: number): T[] =>
            list
              .map((x, i) => ({ x, k: Math.sin(seed + i * 7919) }))
              .sort((p, q) => p.k - q.k)
              .map((p) => p.x);
          const shuffled = {
            actions: shuffle(run.actions, a),
            task1: shuffle(run.task1, b),
            task2: shuffle(run.task2, c),
          };
          expect(computeMetrics(shuffled, options)).toEqual(computeMetrics(run, options));
        },
      ),
      { numRuns: 30 },
    );
  });

  it('--missing agree counts unanswered items as "agree", the authors\' convention', () => {
    fc.assert(
      fc.property(
        generatedItems().chain((items) =>
          fc.tuple(
            fc.constant(items),
            fc.array(fc.boolean(), { minLength: items.length, maxLength: items.length }),
          ),
        ),
        ([items, drop]) => {
          // Keep one answer: a run without any Task-2 record is a task-1-only run.
          const gaps = items.map((item, i) => (drop[i] && i > 0 ? { ...item, choices: [] } : item));
          const filled = items.map((item, i) =>
            drop[i] && i > 0 ? { ...item, choices: ["positive" as const] } : item,
          );
          const agree = computeMetrics(buildRun(gaps), { ...options, missing: "agree" });
          const explicit = computeMetrics(buildRun(filled), options);
          for (const key of ["alignmentRate", "misalignment", "distance", "ranking", "items"] as const)
            expect(agree[key]).toEqual(explicit[key]);
          const excluded = computeMetrics(buildRun(gaps), options);
          expect(excluded.items).toBe(drop.filter((d, i) => !d || i === 0).length);
          expect(excluded.coverage.task2?.answered).toBe(excluded.items);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe("computeMetrics on a hand-checked run", () => {
  // One scenario, three values; stated means 1, 2.5, 4; choices: positive, negative x2, [pos, neg].
  const run = buildRun([
    {
      country: "Egypt",
      topic: "Religion",
      value: "Equality",
      ratings: [1, 1],
      choices: ["positive", "positive"],
    },
    {
      country: "Egypt",
      topic: "Religion",
      value: "Wealth",
      ratings: [2, 3],
      choices: ["negative", "negative"],
    },
    {
      country: "Egypt",
      topic: "Religion",
      value: "Freedom",
      ratings: [4, 4],
      choices: ["positive", "negative"],
    },
  ]);
  const report = computeMetrics(run, { bootstrap: 0 });

  it("computes F1, the misalignment table, distances and the ranking", () => {
    // stated: agree, disagree, disagree; acted: agree, disagree, disagree (negative share 0.5).
    expect(report.alignmentRate).toMatchObject({ f1: 1, scenarios: 1, ci95: null, byCountry: { Egypt: 1 } });
    expect(report.misalignment).toMatchObject({
      agreeDisagree: 0,
      disagreeAgree: 0,
      misaligned: 0,
      comparable: 3,
    });
    // distances: |0 - 0| = 0, |0.5 - 1| = 0.5, |1 - 0.5| = 0.5
    expect(report.distance?.byCountry.Egypt).toBeCloseTo(1 / 3);
    expect(report.ranking?.byCountry.Egypt).toEqual(["Freedom", "Wealth", "Equality"]);
    expect(report.distance?.countryValue.rows).toEqual(["Egypt"]);
    // Catalog order (values grouped by motivational type).
    expect(report.distance?.countryValue.columns).toEqual(["Wealth", "Freedom", "Equality"]);
    expect(report.bootstrap).toBeNull();
  });

  it("a task-1-only run reports inclinations and says alignment needs Task 2", () => {
    const t1Only = computeMetrics({ ...run, task2: [] });
    expect(t1Only).toMatchObject({ alignmentRate: null, misalignment: null, distance: null, ranking: null });
    expect(t1Only.notes).toContain(TASK2_NEEDED_NOTE);
    expect(t1Only.coverage.task2).toBeNull();
    expect(t1Only.inclination.overall).toMatchObject({ meanRating: 2.5, cells: 3, agreeShare: 1 / 3 });
    expect(t1Only.inclination.byValue.Freedom?.meanRating).toBe(4);
  });

  it("bootstrap intervals are reproducible from the seed and contain the estimate", () => {
    const runs = buildRun(
      ["Egypt", "France", "India", "Germany"].flatMap((country, c) =>
        ["Religion", "Politics"].flatMap((topic, t) =>
          ["Equality", "Wealth", "Freedom", "Pleasure"].map((value, v) => ({
            country,
            topic,
            value,
            ratings: [((c + t + v) % 4) + 1],
            choices: [(c * t + v) % 3 === 0 ? ("negative" as const) : ("positive" as const)],
          })),
        ),
      ),
    );
    const a = computeMetrics(runs, { bootstrap: 200, seed: 3 });
    const b = computeMetrics(runs, { bootstrap: 200, seed: 3 });
    expect(a.alignmentRate?.ci95).toEqual(b.alignmentRate?.ci95);
    const [low, high] = a.alignmentRate?.ci95 ?? [Number.NaN, Number.NaN];
    expect(low).toBeLessThanOrEqual(a.alignmentRate?.f1 ?? -1);
    expect(high).toBeGreaterThanOrEqual(a.alignmentRate?.f1 ?? 2);
    expect(low).toBeLessThan(high);
    const [sLow, sHigh] = a.misalignment?.ci95 ?? [Number.NaN, Number.NaN];
    expect(sLow).toBeLessThanOrEqual(a.misalignment?.share ?? -1);
    expect(sHigh).toBeGreaterThanOrEqual(a.misalignment?.share ?? 2);
  });
});

const present = hasSharedData(
  ["via", "via_full.csv"],
  ["released", "claude-sonnet-4_t1.csv"],
  ["released", "claude-sonnet-4_t2_log.jsonl"],
);

describe.skipIf(!present)("the study's reference figures (Claude Sonnet 4, PROTOCOL.md)", () => {
  it("reproduces F1 0.912 and 1,107 = 199 + 908 misaligned of 7,329 items", async () => {
    const { run } = await importReleased({
      via: sharedDataPath("via", "via_full.csv"),
      t1: sharedDataPath("released", "claude-sonnet-4_t1.csv"),
      t2Log: sharedDataPath("released", "claude-sonnet-4_t2_log.jsonl"),
      model: "claude-sonnet-4",
    });
    const report = computeMetrics(run);
    expect(report.coverage.task1.failed).toBe(3);
    expect(report.coverage.task2?.answered).toBe(7329);
    expect(report.items).toBe(7329);
    expect(report.alignmentRate?.f1.toFixed(3)).toBe("0.912");
    expect(report.alignmentRate?.scenarios).toBe(132);
    expect(report.misalignment).toMatchObject({
      agreeDisagree: 199,
      disagreeAgree: 908,
      misaligned: 1107,
      comparable: 7329,
    });
    expect(report.misalignment?.share.toFixed(3)).toBe("0.151");
    const positive = run.task2.filter((r) => r.chosen === "positive").length / run.task2.length;
    expect(positive.toFixed(3)).toBe("0.918");
    const [low, high] = report.alignmentRate?.ci95 ?? [0, 0];
    expect(low < 0.912 && 0.912 < high).toBe(true);
    expect(Object.keys(report.ranking?.byCountry ?? {})).toHaveLength(12);
    expect(report.ranking?.byCountry["United States"]).toHaveLength(56);
    expect(report.distance?.countryValue.cells).toHaveLength(12);
    expect(report.distance?.topicValue.cells).toHaveLength(11);
  });
});
