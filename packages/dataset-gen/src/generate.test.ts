import { defaultCatalog } from "@valens/core";
import { fakeClient } from "@valens/core/test";
import { defaultTemplates } from "@valens/tasks";
import { describe, expect, it } from "vitest";
import { type GenerationJobMeta, planGeneration, runGeneration } from "./generate.js";

describe("dataset generation", () => {
  it("plans both polarities per item with the variant's wording", () => {
    const jobs = planGeneration({
      catalog: defaultCatalog,
      variant: 5,
      filters: { countries: ["india"], topics: ["Religion"], values: ["Wealth", "Equality"] },
      templates: defaultTemplates,
    });
    expect(jobs.map((j) => j.id)).toEqual([
      "gen|India|Religion|Wealth|positive|v5|s0",
      "gen|India|Religion|Wealth|negative|v5|s0",
      "gen|India|Religion|Equality|positive|v5|s0",
      "gen|India|Religion|Equality|negative|v5|s0",
    ]);
    expect(jobs[0]?.messages[0]?.content).toMatch(
      /how do you express 'Wealth: material possessions, money'[\s\S]*The answer is:$/,
    );
    expect(jobs[1]?.messages[0]?.content).toContain("resist");
  });

  it("turns answers into records and retries unreadable ones with a fresh sample", async () => {
    const client = fakeClient((job) => {
      const meta = job.meta as GenerationJobMeta;
      if (meta.polarity === "negative" && meta.sample === 0) return "Sorry, I can't help with that.";
      return JSON.stringify({
        "Human Action": `I ${meta.polarity === "positive" ? "invest" : "donate"} my savings.`,
        "Feature Attributions": ["my savings"],
        "Natural Language Explanation": "Because.",
      });
    });
    const jobs = planGeneration({
      catalog: defaultCatalog,
      variant: 0,
      filters: { countries: ["India"], topics: ["Religion"], values: ["Wealth"] },
      templates: defaultTemplates,
    });
    const outcome = await runGeneration(client, jobs, { retryUnparsed: 1 });
    expect(outcome.retried).toBe(1);
    expect(outcome.records.map((r) => [r.polarity, r.action, r.parseStatus])).toEqual([
      ["positive", "I invest my savings.", "clean"],
      ["negative", "I donate my savings.", "clean"],
    ]);
    const noRetry = await runGeneration(client, jobs);
    expect(noRetry.records[1]).toMatchObject({
      action: null,
      parseStatus: "failed",
      raw: "Sorry, I can't help with that.",
    });
  });
});
