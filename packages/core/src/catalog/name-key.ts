import { distance } from "fastest-levenshtein";

const stopWords = new Set(["a", "an", "the", "of", "my", "and"]);

/**
 * Comparison key for names: case, punctuation, spacing, British "-our" spellings and filler
 * words do not matter ("Honouring parents & elders" == "Honoring of Parents and Elders").
 */
export function nameKey(name: string): string {
  return name
    .normalize("NFKC")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/our(?=ing|ed|s?\b)/g, "or")
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0 && !stopWords.has(word))
    .join("");
}

/** Up to `limit` candidates closest to `name` by edit distance on their keys. */
export function closestNames(name: string, candidates: readonly string[], limit = 3): string[] {
  const key = nameKey(name);
  return candidates
    .map((candidate) => ({ candidate, score: distance(key, nameKey(candidate)) }))
    .sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map((entry) => entry.candidate);
}
