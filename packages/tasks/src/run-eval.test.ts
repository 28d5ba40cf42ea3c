import { type ActionRecord, defaultCatalog } from "@valens/core";
import { fakeClient } from "@valens/core/test";
import { describe, expect, it } from "vitest";
import type { EvalJobMeta } from "./job-meta.js";
import { buildEvalRun } from "./manifest.js";
import { planEval } from "./plan.js";
import { runEval } from "./run-eval.js";
import { defaultTemplates } from "./templates/load.js";

const action = (value: string, polarity: "positive" | "negative", text: string | null): ActionRecord => ({
  country: "India",
  topic: "Religion",
  value,
  polarity,
  action: text,
  attributions: [],
  explanation: null,
  raw: "",
  parseStatus: text === null ? "failed" : "clean",
});
const actions = [
  action("Wealth", "positive", "I save."),
  action("Wealth", "negative", "I spend."),
  action("Equality", "negative", "I exclude."),
  action("Equality", "positive", "I include."),
  action("Freedom", "positive", null),
  action("Freedom", "negative", "I obey."),
];

const plan = (variants: number[]) =>
  planEval({
    catalog: defaultCatalog,
    actions,
    tasks: { task1: true, task2: true },
    variants: { task1: variants, task2: variants },
    templates: defaultTemplates,
    params: { task2: { temperature: 0.2 } },
  });

describe("planEval + runEval", () => {
  it("plans one job per scenario/item and variant, reporting unpairable items", () => {
    const p = plan([0, 5]);
    expect(p.items.map((i) => i.value)).toEqual(["Wealth", "Equality"]);
    expect(p.unpairable).toEqual([
      {
        item: "India|Religion|Freedom",
        reason: expect.stringContaining("positive answer could not be read"),
      },
    ]);
    expect(p.jobs.length).toBe(2 + 4);
    expect(new Set(p.jobs.map((j) => j.id)).size).toBe(p.jobs.length);
    expect(p.actions.length).toBe(4);
  });

  it("rejects an item that lacks one polarity before any request", () => {
    expect(() =>
      planEval({
        catalog: defaultCatalog,
        actions: actions.slice(0, 3),
        tasks: { task1: false, task2: true },
        variants: { task1: [], task2: [5] },
        templates: defaultTemplates,
        params: {},
      }),
    ).toThrow(/lacks one polarity for 1 item: India\|Religion\|Equality \(no positive action\)/);
  });

  it("rejects unknown grid names with the closest ones", () => {
    expect(() =>
      planEval({
        catalog: defaultCatalog,
        actions,
        tasks: { task1: true, task2: true },
        variants: { task1: [0], task2: [0] },
        filters: { countries: ["Indai"] },
        templates: defaultTemplates,
        params: {},
      }),
    ).toThrow(/Unknown country "Indai"/);
  });

  it("keeps unparsable answers raw and retries them with a fresh sample", async () => {
    // The first sample of Wealth/v2 is unreadable; its retry (sample 1) answers.
    const client = fakeClient((job) => {
      const meta = job.meta as EvalJobMeta;
      if (meta.task === 1) return '{"Wealth": 1, "Equality": 4}';
      if (meta.value === "Wealth" && meta.sample === 0 && meta.variant === 2) return "no idea";
      if (meta.value === "Equality") return "ERROR";
      return '{"action": "Option 1"}';
    });
    const p = plan([2]);
    const outcome = await runEval(client, p, { catalog: defaultCatalog, retryUnparsed: 1 });
    expect(outcome.retried).toBe(1);
    expect(client.sent.map((j) => j.id)).toContain("t2|India|Religion|Wealth|v2|s1");
    const wealth = outcome.task2.filter((r) => r.value === "Wealth");
    expect(wealth.map((r) => [r.sample, r.parseStatus, r.chosen])).toEqual([
      [0, "failed", null],
      [1, "clean", "positive"], // reversed order: Option 1 is the positive action
    ]);
    expect(outcome.failedRequests.map((f) => f.id)).toEqual(["t2|India|Religion|Equality|v2|s0"]);
    const run = buildEvalRun(p, outcome, {
      client,
      startedAt: new Date(0),
      finishedAt: new Date(1000),
      parameters: { temperature: 0.2 },
    });
    expect(run.manifest.tasks.task2).toEqual({ variants: [2], records: 2, clean: 1, repaired: 0, failed: 1 });
    expect(run.manifest.notes.join("\n")).toMatch(
      /unpairable item India\|Religion\|Freedom[\s\S]*request failed/,
    );
    expect(run.manifest.timing).toEqual({
      startedAt: "1970-01-01T00:00:00.000Z",
      finishedAt: "1970-01-01T00:00:01.000Z",
      durationMs: 1000,
    });
    // A clock that steps back (NTP) gives no negative duration, as in the importers' manifests.
    const stepped = buildEvalRun(p, outcome, {
      client,
      startedAt: new Date(1000),
      finishedAt: new Date(0),
      parameters: {},
    });
    expect(stepped.manifest.timing?.durationMs).toBe(0);
  });
});
