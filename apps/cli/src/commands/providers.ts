import { loadConfig, PROVIDER_PRICES, PROVIDERS } from "@valens/llm";
import type { Command } from "commander";
import { printJson, printLine } from "../output.js";
import { formatTable } from "../table.js";

/** One row of `valens providers --json`. */
export interface ProviderRow {
  name: string;
  label: string;
  source: "built-in" | "config";
  baseUrl: string | null;
  baseUrlEnv: string[];
  apiKeyEnv: string | null;
  keyRequired: boolean;
  /** Whether the key variable is set in this environment (its value is never shown). */
  keySet: boolean;
  batch: boolean;
  docs: string | null;
  notes: string | null;
  /** The built-in price table used for cost estimates (null: OpenAI's list prices or none). */
  prices: { asOf: string; source: string; models: string[] } | null;
}

export function providerRows(
  env: Readonly<Record<string, string | undefined>>,
  configPath?: string,
): ProviderRow[] {
  const isSet = (name: string | null) => name !== null && (env[name] ?? "") !== "";
  const rows: ProviderRow[] = Object.values(PROVIDERS).map((p) => ({
    name: p.name,
    label: p.label ?? p.name,
    source: "built-in",
    baseUrl: p.defaultBaseUrl,
    baseUrlEnv: [...p.baseUrlEnv],
    apiKeyEnv: p.apiKeyEnv,
    keyRequired: p.keyRequired,
    keySet: isSet(p.apiKeyEnv),
    batch: p.batch,
    docs: p.docs ?? null,
    notes: p.notes ?? null,
    prices: priceTableOf(p.name),
  }));
  const config = loadConfig(configPath);
  for (const [name, endpoint] of Object.entries(config.endpoints ?? {})) {
    const keyEnv = endpoint.apiKeyEnv ?? null;
    rows.push({
      name,
      label: `endpoint "${name}" of the config`,
      source: "config",
      baseUrl: endpoint.baseUrl,
      baseUrlEnv: [],
      apiKeyEnv: keyEnv,
      keyRequired: endpoint.keyRequired,
      keySet: isSet(keyEnv),
      batch: endpoint.batch,
      docs: null,
      notes: null,
      prices: null,
    });
  }
  return rows;
}

function priceTableOf(provider: string): ProviderRow["prices"] {
  const table = PROVIDER_PRICES[provider];
  return table ? { asOf: table.asOf, source: table.source, models: Object.keys(table.prices) } : null;
}

export function registerProviders(program: Command): void {
  program
    .command("providers")
    .description("List the providers a model reference can name, with the key variable each needs")
    .option("--config <path>", "valens config file whose endpoints to list as well")
    .option("--json", "print the list as JSON")
    .addHelpText(
      "after",
      `
Azure needs AZURE_OPENAI_ENDPOINT (its base URL) besides the key. Every base URL can be
overridden with the provider's *_BASE_URL variable or --base-url.

Example:
  $ valens providers
  $ export GROQ_API_KEY=gsk_...
  $ valens eval --model groq:llama-3.3-70b-versatile --dataset data/via.jsonl --dry-run`,
    )
    .action((raw: { config?: string; json?: boolean }) => {
      const rows = providerRows(process.env, raw.config);
      if (raw.json) {
        printJson(rows);
        return;
      }
      printLine(
        formatTable(
          ["provider", "key variable", "key", "base URL (override)", "batch"],
          rows.map((r) => [
            r.name,
            r.apiKeyEnv ?? "-",
            r.keySet ? "set" : r.keyRequired ? "missing" : "optional",
            `${r.baseUrl ?? "(from the environment)"}${r.baseUrlEnv.length ? ` (${r.baseUrlEnv.join(", ")})` : ""}`,
            r.batch ? "yes" : "-",
          ]),
          "",
        ),
      );
      const notes = rows.filter((r) => r.notes);
      if (notes.length > 0) {
        printLine();
        printLine("Differences from OpenAI's API, from each provider's documentation:");
        for (const r of notes) printLine(`  ${r.name}: ${r.notes}${r.docs ? ` (${r.docs})` : ""}`);
      }
      printLine();
      printLine(
        "Prices for cost estimates and --max-cost (override or add them under `prices` in valens.config.json):",
      );
      for (const r of rows.filter((row) => row.prices))
        printLine(
          `  ${r.name}: ${r.prices?.models.length} models, list prices as of ${r.prices?.asOf} (${r.prices?.source})`,
        );
      printLine(
        "  openai, azure, openrouter: OpenAI's list prices; the others: unknown until the config names them",
      );
      printLine();
      printLine("Use a provider as --model <provider>:<model>, e.g. --model anthropic:claude-sonnet-4-5.");
    });
}
