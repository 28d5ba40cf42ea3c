/** How often valens's reading of the answers agrees with the source's own. */
export interface CrossCheck {
  compared: number;
  agree: number;
  /** The first disagreements, "file:line". */
  examples: string[];
}

export const newCheck = (): CrossCheck => ({ compared: 0, agree: 0, examples: [] });
export const tally = (check: CrossCheck | null, same: boolean, where: string): void => {
  if (!check) return;
  check.compared++;
  if (same) check.agree++;
  else if (check.examples.length < 5) check.examples.push(where);
};
