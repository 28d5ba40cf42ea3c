import type { ChatJob, ChatResult, ModelClient, RunOptions, RunSummary } from "../model/index.js";

/** An in-memory ModelClient: answers come from `answer(job)`; "ERROR" makes the request fail. */
export function fakeClient(
  answer: (job: ChatJob<unknown>) => string,
): ModelClient & { sent: ChatJob<unknown>[] } {
  const sent: ChatJob<unknown>[] = [];
  return {
    ref: "openai:fake",
    model: "fake",
    baseUrl: "http://fake",
    sent,
    async plan(jobs) {
      return {
        jobs: jobs.length,
        cacheHits: 0,
        requestsToSend: jobs.length,
        promptTokens: 0,
        expectedCompletionTokens: 0,
        costUsd: null,
        batchCostUsd: null,
        durationSeconds: 0,
      };
    },
    async run<M>(jobs: readonly ChatJob<M>[], options?: RunOptions<M>) {
      const results: ChatResult<M>[] = jobs.map((job) => {
        sent.push(job as ChatJob<unknown>);
        const text = answer(job as ChatJob<unknown>);
        const result: ChatResult<M> =
          text === "ERROR"
            ? { ok: false, job, error: "HTTP 500" }
            : {
                ok: true,
                job,
                text,
                fromCache: false,
                usage: { promptTokens: 1, completionTokens: 1 },
                servedModel: "fake",
                systemFingerprint: null,
              };
        options?.onResult?.(result);
        return result;
      });
      const summary: RunSummary = {
        requests: jobs.length,
        cacheHits: 0,
        failures: results.filter((r) => !r.ok).length,
        usage: { promptTokens: jobs.length, completionTokens: jobs.length },
        costUsd: null,
        servedModels: ["fake"],
        systemFingerprints: [],
        durationMs: 1,
      };
      return { results, summary };
    },
    async embed() {
      return [];
    },
    async close() {},
  };
}
