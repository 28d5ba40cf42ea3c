import { loadConfig, PROVIDER_PRICES, PROVIDERS } from "@valens/llm";
import { printJson, printLine } from "../../output.js";
import { formatTable } from "../../table.js";
import type { ProvidersOptions } from "./options.js";

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

function providerRows(env: Readonly<Record<string, string | undefined>>, configPath?: string): ProviderRow[] {
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

export function runProviders(options: ProvidersOptions): ProviderRow[] {
  return providerRows(process.env, options.config);
}

function providerTable(rows: readonly ProviderRow[]): string {
  return formatTable(
    ["provider", "key variable", "key", "base URL (override)", "batch"],
    rows.map((r) => [
      r.name,
      r.apiKeyEnv ?? "-",
      r.keySet ? "set" : r.keyRequired ? "missing" : "optional",
      `${r.baseUrl ?? "(from the environment)"}${r.baseUrlEnv.length ? ` (${r.baseUrlEnv.join(", ")})` : ""}`,
      r.batch ? "yes" : "-",
    ]),
    "",
  );
}

export function printProviders(rows: ProviderRow[], options: ProvidersOptions): void {
  if (options.json) {
    printJson(rows);
    return;
  }
  printLine(providerTable(rows));
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
}
