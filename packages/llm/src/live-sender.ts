import { setMaxListeners } from "node:events";
import type { ValensError } from "@valens/core";
import type OpenAI from "openai";
import type { PendingRequest } from "./client.js";
import { parseCompletionBody } from "./completion.js";
import { isNetworkReason, NetworkError } from "./errors.js";
import { costOf } from "./prices.js";
import { type RetryOutcome, STOPPED } from "./retry-loop.js";
import type { Scheduler } from "./scheduler.js";

type Slot = Awaited<ReturnType<Scheduler["acquire"]>>;

import type { RunContext } from "./session.js";

/**
 * Sends a run's requests as normal calls through the scheduler, each in the client's one retry
 * loop. A permanent error (bad key, no quota) or a spent budget stops every request; answers
 * already received are delivered (and stored) first.
 */
class LiveSender {
  private fatal: ValensError | undefined;
  private answeredAny = false;
  private readonly stopAll = new AbortController();
  /** Aborted by the caller, a permanent error, the budget, or a store failure. */
  private readonly stopSignal: AbortSignal;
  /** In-flight requests get their own controller; one listener aborts them all (a listener per
   * request on a shared signal costs O(n^2): EventTarget checks duplicates linearly). */
  private readonly inFlight = new Set<AbortController>();
  private readonly needTokens: boolean;

  constructor(private readonly context: RunContext) {
    this.stopSignal = AbortSignal.any([context.signal, this.stopAll.signal, context.halt]);
    // Requests waiting out a backoff listen for a stop; many at once is expected, not a leak.
    setMaxListeners(0, this.stopSignal);
    this.needTokens = context.client.settings.tpm !== undefined || context.budget.maxUsd !== undefined;
  }

  async sendAll(requests: readonly PendingRequest[]): Promise<void> {
    const { signal } = this.context;
    const abortInFlight = () => {
      for (const c of this.inFlight) c.abort(signal.reason);
    };
    signal.addEventListener("abort", abortInFlight, { once: true });
    try {
      await Promise.all(requests.map((request) => this.send(request)));
    } finally {
      signal.removeEventListener("abort", abortInFlight);
    }
    if (this.fatal) throw this.fatal;
  }

  private stop(error?: ValensError): void {
    if (error) this.fatal ??= error;
    this.stopAll.abort();
  }

  private async send(request: PendingRequest): Promise<void> {
    const { client, progress, stats } = this.context;
    // The slot of the last failed attempt, freed by the loop once it has judged the failure.
    let heldSlot: Slot | undefined;
    await client.retrying({
      signal: this.stopSignal,
      scheduler: client.scheduler,
      maxTimeouts: client.maxTimeouts,
      attempt: () =>
        this.attempt(request, (slot) => {
          heldSlot = slot;
        }),
      afterFailure: () => {
        heldSlot?.release({ ok: false });
        heldSlot = undefined;
      },
      onRetry: (reason) => {
        stats.retries += 1;
        progress.update({ retries: stats.retries, note: `retrying: ${reason}` });
      },
      onEnd: (outcome) => {
        if (outcome.kind === "permanent") this.stop(outcome.error);
        else if (outcome.kind === "exhausted") this.giveUp(request, outcome);
      },
    });
  }

  /** One HTTP attempt inside a scheduler slot and a budget reservation; a failed one hands its slot to `hold`. */
  private async attempt(request: PendingRequest, hold: (slot: Slot) => void): Promise<true | typeof STOPPED> {
    const { client, budget, stats } = this.context;
    const worst = this.needTokens ? client.worstCaseTokens(request) : { prompt: 0, completion: 0 };
    let slot: Slot;
    try {
      slot = await client.scheduler.acquire(worst.prompt + worst.completion, this.stopSignal);
    } catch {
      return STOPPED;
    }
    if (this.stopSignal.aborted) {
      slot.release({ ok: false });
      return STOPPED;
    }
    const worstUsd =
      costOf({ promptTokens: worst.prompt, completionTokens: worst.completion }, client.price) ?? 0;
    if (!budget.tryReserve(worstUsd)) {
      slot.release({ ok: false });
      this.stop();
      return STOPPED;
    }
    stats.attempts += 1;
    const controller = new AbortController();
    this.inFlight.add(controller);
    try {
      const response = await client.openai.chat.completions
        .create({ ...request.body, stream: false } as OpenAI.ChatCompletionCreateParamsNonStreaming, {
          signal: controller.signal,
        })
        .asResponse();
      const raw = await response.text();
      this.inFlight.delete(controller);
      const answer = parseCompletionBody(raw);
      slot.release({
        ok: true,
        headers: response.headers,
        actualTokens: answer.promptTokens + answer.completionTokens,
      });
      budget.settle(worstUsd, costOf(answer, client.price) ?? 0);
      this.answeredAny = true;
      this.context.deliver(request, answer, "live");
      return true;
    } catch (error) {
      this.inFlight.delete(controller);
      budget.settle(worstUsd, 0);
      hold(slot);
      throw error;
    }
  }

  /** Every attempt failed: the request fails, or the run stops when the host never answered. */
  private giveUp(
    request: PendingRequest,
    outcome: Extract<RetryOutcome<unknown>, { kind: "exhausted" }>,
  ): void {
    if (this.stopSignal.aborted) return;
    const { client } = this.context;
    // Not one answer and the network failing: the host is unreachable, not refusing.
    if (!this.answeredAny && isNetworkReason(outcome.reason)) {
      const what =
        outcome.reason === "timeout"
          ? `no answer within ${Math.round(client.timeoutMs / 1000)} s`
          : outcome.reason;
      this.stop(
        new NetworkError(client.baseUrl, `${what} on every attempt`, {
          hint: "Check the base URL and that the server is running (raise --timeout for a slow model); answers received so far are saved",
        }),
      );
      return;
    }
    this.context.fail(
      request,
      `no answer after ${client.retry.maxAttempts} attempts (last: ${outcome.lastError})`,
    );
  }
}

/** Sends requests as normal calls; throws on a permanent error once every request has settled. */
export async function sendLive(context: RunContext, requests: readonly PendingRequest[]): Promise<void> {
  await new LiveSender(context).sendAll(requests);
}
