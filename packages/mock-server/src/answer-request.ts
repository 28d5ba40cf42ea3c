import type { AnswerEngine } from "./answers.js";
import type { ChatRequest } from "./chat-request.js";
import { applyMaxTokens, type ChoiceAnswer, malform } from "./completion.js";
import type { MockState } from "./state.js";

/** The answers to one chat request, with the malformed share applied (also used by batches). */
export function answerRequest(
  state: MockState,
  engine: AnswerEngine,
  request: ChatRequest,
): { answers: ChoiceAnswer[]; kind: string } {
  const n = request.n ?? 1;
  const answers: ChoiceAnswer[] = [];
  let kind = "generic";
  for (let i = 0; i < n; i++) {
    const answer = engine.answer(request, i);
    kind = answer.kind;
    let choice = applyMaxTokens({ content: answer.content, finishReason: "stop" }, request);
    const o = state.options;
    if (o.malformedRate > 0 && state.random() < o.malformedRate) {
      state.stats.raw.malformed++;
      choice = malform(choice, state.random());
    }
    answers.push(choice);
  }
  return { answers, kind };
}
