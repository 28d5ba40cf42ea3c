// stopword 3 ships no type declarations; the two members valens uses.
declare module "stopword" {
  export function removeStopwords(tokens: readonly string[], stopwords?: readonly string[]): string[];
  export const eng: readonly string[];
}
