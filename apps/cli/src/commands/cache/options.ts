import { z } from "zod";
import type { GroupSpec } from "../../cli/define-command.js";
import type { CommandSpec, OptionSpec } from "../../cli/option-spec.js";

const STORE_OPTION: OptionSpec = {
  flags: "--store <path>",
  description: "store file (default: $VALENS_CACHE_DIR/store.sqlite or .valens-cache/store.sqlite)",
};

export const cacheGroup: GroupSpec = {
  name: "cache",
  description: "Inspect and trim the response store (cache and resume journal)",
  options: [STORE_OPTION],
  help: { examples: ["valens cache ls", "valens cache prune --older-than 30"] },
};

export const lsOptionsSchema = z.object({ store: z.string().optional(), json: z.boolean().optional() });
export type LsOptions = z.infer<typeof lsOptionsSchema>;

export const lsSpec: CommandSpec<typeof lsOptionsSchema> = {
  name: "ls",
  description: "Entries per model and base URL, with size and age",
  parentOptions: [STORE_OPTION],
  options: [{ flags: "--json", description: "print JSON" }],
  help: { examples: ["valens cache ls --json"] },
  schema: lsOptionsSchema,
};

export const pruneOptionsSchema = z.object({
  store: z.string().optional(),
  olderThan: z.number().optional(),
  model: z.string().optional(),
});
export type PruneOptions = z.infer<typeof pruneOptionsSchema>;

export const pruneSpec: CommandSpec<typeof pruneOptionsSchema> = {
  name: "prune",
  description: "Delete cached answers older than a number of days and/or of one model",
  parentOptions: [STORE_OPTION],
  options: [
    {
      flags: "--older-than <days>",
      description: "delete entries created more than this many days ago",
      value: {
        type: "number",
        min: 0,
        fail: { as: "input", message: '{flag} must be a number of days, got "{value}"' },
      },
    },
    { flags: "--model <name>", description: "delete entries of this model (name as sent, e.g. gpt-4o-mini)" },
  ],
  help: { examples: ["valens cache prune --older-than 30 --model gpt-4o-mini"] },
  schema: pruneOptionsSchema,
};

export const clearOptionsSchema = z.object({ store: z.string().optional(), yes: z.boolean().optional() });
export type ClearOptions = z.infer<typeof clearOptionsSchema>;

export const clearSpec: CommandSpec<typeof clearOptionsSchema> = {
  name: "clear",
  description: "Delete every cached answer and batch record",
  parentOptions: [STORE_OPTION],
  options: [{ flags: "-y, --yes", description: "do not ask for confirmation" }],
  help: { examples: ["valens cache clear --yes"] },
  schema: clearOptionsSchema,
};
