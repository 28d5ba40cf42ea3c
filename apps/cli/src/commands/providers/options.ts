import { z } from "zod";
import type { CommandSpec } from "../../cli/option-spec.js";

export const providersOptionsSchema = z.object({
  config: z.string().optional(),
  json: z.boolean().optional(),
});
export type ProvidersOptions = z.infer<typeof providersOptionsSchema>;

export const providersSpec: CommandSpec<typeof providersOptionsSchema> = {
  name: "providers",
  description: "List the providers a model reference can name, with the key variable each needs",
  options: [
    { flags: "--config <path>", description: "valens config file whose endpoints to list as well" },
    { flags: "--json", description: "print the list as JSON" },
  ],
  help: {
    notes:
      "Azure needs AZURE_OPENAI_ENDPOINT (its base URL) besides the key. Every base URL can be\noverridden with the provider's *_BASE_URL variable or --base-url.",
    examples: [
      "valens providers",
      "export GROQ_API_KEY=gsk_...",
      "valens eval --model groq:llama-3.3-70b-versatile --dataset data/via.jsonl --dry-run",
    ],
  },
  schema: providersOptionsSchema,
};
