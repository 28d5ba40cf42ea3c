import type { Polarity } from "@valens/core";

/**
 * What a prompt asks: read from the templates of @valens/tasks when it was rendered from one,
 * else by the looser rules in the README ("Prompt recognition").
 */
export type RecognizedPrompt =
  | { kind: "task1"; country: string; topic: string; values: { written: string; name: string }[] }
  | {
      kind: "task2";
      country: string;
      topic: string;
      value: string;
      option1: string;
      option2: string;
      wantsExplanation: boolean;
      /** The prompt itself says the options are in reversed order. */
      saysReversed: boolean;
    }
  | { kind: "generation"; country: string; topic: string; value: string; gloss: string; polarity: Polarity }
  | { kind: "generic" };
