/** Counters the mock keeps, readable via `stats()` and `GET /mock/stats`. */
export interface MockStats {
  /** Every HTTP request received, including /mock/*. */
  requests: number;
  /** "POST /v1/chat/completions" -> count; batch rows count as "BATCH /v1/chat/completions". */
  byEndpoint: Record<string, number>;
  /** HTTP status -> count of answers sent. */
  byStatus: Record<string, number>;
  /** 429s from the rpm limit. */
  rateLimited: number;
  /** Injected 500s (error rate), including batch rows. */
  serverErrors: number;
  /** Responses forced by `failStatus`. */
  forcedFailures: number;
  unauthorized: number;
  dropped: number;
  /** Answers whose content was deliberately broken. */
  malformed: number;
  /** Chat requests received per prompt hash (see promptHash), whatever the outcome. */
  chatRequestsByPrompt: Record<string, number>;
  /** Chat answers delivered (HTTP 200 or a successful batch row) per prompt hash. */
  chatAnswersByPrompt: Record<string, number>;
  /** Answers delivered for a prompt hash that had already been answered. */
  duplicateAnswers: number;
  embeddingInputs: number;
  promptTokens: number;
  completionTokens: number;
  batchesCreated: number;
  /** Recognised prompt kinds of answered chat requests. */
  byPromptKind: Record<string, number>;
}

export class StatsCollector {
  private data: MockStats = emptyStats();

  get raw(): MockStats {
    return this.data;
  }

  count(record: Record<string, number>, key: string, by = 1): void {
    record[key] = (record[key] ?? 0) + by;
  }

  answered(promptHash: string): void {
    const before = this.data.chatAnswersByPrompt[promptHash] ?? 0;
    if (before > 0) this.data.duplicateAnswers++;
    this.data.chatAnswersByPrompt[promptHash] = before + 1;
  }

  snapshot(): MockStats {
    return structuredClone(this.data);
  }

  reset(): void {
    this.data = emptyStats();
  }
}

function emptyStats(): MockStats {
  return {
    requests: 0,
    byEndpoint: {},
    byStatus: {},
    rateLimited: 0,
    serverErrors: 0,
    forcedFailures: 0,
    unauthorized: 0,
    dropped: 0,
    malformed: 0,
    chatRequestsByPrompt: {},
    chatAnswersByPrompt: {},
    duplicateAnswers: 0,
    embeddingInputs: 0,
    promptTokens: 0,
    completionTokens: 0,
    batchesCreated: 0,
    byPromptKind: {},
  };
}
