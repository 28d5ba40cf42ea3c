/// <reference path="./stopword.d.ts" />
import { eng, removeStopwords } from "stopword";
import { compareTwoStrings } from "string-similarity";

/**
 * The words that carry content: lower case, letters only, English stopwords removed (stopword),
 * and "option 1/2" dropped, since an explanation naming the option says nothing about its text.
 */
export function contentWords(text: string): string {
  const words =
    text
      .toLowerCase()
      .replace(/option\s*[12]/g, " ")
      .match(/[a-z]+/g) ?? [];
  return removeStopwords(words, eng).join(" ");
}

/** How much an explanation's wording overlaps an action's: Dice coefficient of character bigrams (string-similarity), 0..1. */
export const textSimilarity = (explanation: string, action: string): number =>
  compareTwoStrings(contentWords(explanation), contentWords(action));
