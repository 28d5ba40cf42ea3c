import type { z } from "zod";

/**
 * Where and what the first problem zod found is: the dotted path ("models.0.distance", `root`
 * when the value itself is wrong) and zod's message. valens errors are one line naming one
 * problem, so this is used rather than z.prettifyError, which lists every issue on two lines
 * each ("✖ message", "  → at models[0].distance").
 */
export function firstZodIssue(error: z.ZodError, root = "(root)"): { path: string; message: string } {
  const issue = error.issues[0];
  if (issue === undefined) return { path: root, message: "invalid" };
  return { path: issue.path.length > 0 ? issue.path.map(String).join(".") : root, message: issue.message };
}

/** The first problem zod found as "path: message", for the middle of a one-line error. */
export function describeZodIssue(error: z.ZodError, root = "(root)"): string {
  const { path, message } = firstZodIssue(error, root);
  return `${path}: ${message}`;
}
