import { type Catalog, defaultCatalog, type Item } from "@valens/core";
import { defaultTemplates, type TemplateSet } from "@valens/tasks";
import type { ChatRequest } from "./chat-request.js";
import { promptText } from "./chat-request.js";
import type { DatasetIndex } from "./dataset-index.js";
import { genericAnswer } from "./generic-answer.js";
import { hash32, unitHash } from "./hash.js";
import type { Persona } from "./persona.js";
import { recognizePrompt } from "./prompt-recognition.js";
import {
  explanationText,
  generationAnswer,
  type Sampling,
  sampledPolarity,
  sampledRating,
} from "./task-answers.js";

type PromptKind = "task1" | "task2" | "generation" | "generic";

export interface ModelAnswer {
  content: string;
  kind: PromptKind;
}

/** Reads a prompt and answers like a model would, from the persona (and dataset, if any). */
export class AnswerEngine {
  constructor(
    readonly seed: number,
    readonly persona: Persona,
    readonly dataset: DatasetIndex | undefined,
    readonly catalog: Catalog = defaultCatalog,
    readonly templates: TemplateSet = defaultTemplates,
  ) {}

  answer(request: ChatRequest, choiceIndex: number): ModelAnswer {
    const text = promptText(request);
    const sampling: Sampling = {
      seed: this.seed,
      temperature: request.temperature ?? 1,
      // Same request, same answer; another request seed, prompt variant or choice may differ.
      salt: `${hash32(text)}|${request.seed ?? ""}|${choiceIndex}`,
    };
    const jsonMode =
      request.response_format?.type === "json_object" || request.response_format?.type === "json_schema";
    const recognized = recognizePrompt(text, this.catalog, this.templates);
    switch (recognized.kind) {
      case "task1": {
        const answer: Record<string, string> = {};
        for (const v of recognized.values) {
          const item = { country: recognized.country, topic: recognized.topic, value: v.name };
          answer[v.written] = String(sampledRating(this.persona, item, sampling));
        }
        return { kind: "task1", content: this.json(answer, 0.25, sampling, jsonMode) };
      }
      case "task2": {
        let item: Item = { country: recognized.country, topic: recognized.topic, value: recognized.value };
        let positiveOption: 1 | 2 = recognized.saysReversed ? 1 : 2;
        if (this.dataset) {
          const hit1 = this.dataset.find(recognized.option1, item);
          const hit2 = this.dataset.find(recognized.option2, item);
          const hit = hit1 ?? hit2;
          if (hit) {
            positiveOption = hit1?.polarity === "positive" || hit2?.polarity === "negative" ? 1 : 2;
            if (!item.country || !item.topic || !item.value)
              item = { country: hit.country, topic: hit.topic, value: hit.value };
          }
        }
        const chosen = sampledPolarity(this.persona, item, sampling);
        const option = chosen === "positive" ? positiveOption : 3 - positiveOption;
        const answer: Record<string, string> = {};
        if (recognized.wantsExplanation) {
          const gloss = this.catalog.findValue(item.value)?.gloss ?? item.value.toLowerCase();
          answer.explanation = explanationText(item, gloss, chosen, sampling);
        }
        answer.action = `Option ${option}`;
        return { kind: "task2", content: this.json(answer, 0.1, sampling, jsonMode) };
      }
      case "generation": {
        const item = { country: recognized.country, topic: recognized.topic, value: recognized.value };
        const answer = generationAnswer(item, recognized.gloss, recognized.polarity, sampling);
        return { kind: "generation", content: this.json(answer, 0.15, sampling, jsonMode) };
      }
      default:
        return { kind: "generic", content: genericAnswer(text, this.seed, sampling.salt) };
    }
  }

  /** Pretty JSON, sometimes in a ```json fence as chat models write it (never in JSON mode). */
  private json(value: unknown, fenceShare: number, s: Sampling, jsonMode: boolean): string {
    const body = JSON.stringify(value, null, 2);
    if (jsonMode || unitHash(s.seed, "fence", s.salt) >= fenceShare) return body;
    return `\`\`\`json\n${body}\n\`\`\``;
  }
}
