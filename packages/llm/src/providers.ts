import { InputError } from "@valens/core";
import type { BodyRules } from "./body-rules.js";
import type { ValensConfig } from "./config.js";
import { PRESET_PROVIDERS } from "./provider-presets.js";

/** How to reach one kind of OpenAI-compatible API. */
export interface ProviderInfo {
  name: string;
  /** Default base URL; null when it must come from the environment (Azure). */
  defaultBaseUrl: string | null;
  /** Environment variables that override the base URL, first match wins. */
  baseUrlEnv: readonly string[];
  /** Environment variable holding the key; null when the server needs none. */
  apiKeyEnv: string | null;
  /** Whether a key is required (local servers accept any or none). */
  keyRequired: boolean;
  /** Whether the provider has the /v1/files + /v1/batches Batch API. */
  batch: boolean;
  /** Human-readable name (for `valens providers`). */
  label?: string;
  /** The provider's page on its OpenAI compatibility, where the preset was checked. */
  docs?: string;
  /** What differs from OpenAI's API, in a sentence. */
  notes?: string;
  /** Headers every request carries. */
  headers?: Readonly<Record<string, string>>;
  /** Request-body differences (see body-rules.ts). */
  body?: BodyRules;
}

export const PROVIDERS: Readonly<Record<string, ProviderInfo>> = {
  openai: {
    name: "openai",
    defaultBaseUrl: "https://api.openai.com/v1",
    baseUrlEnv: ["OPENAI_BASE_URL"],
    apiKeyEnv: "OPENAI_API_KEY",
    keyRequired: true,
    batch: true,
  },
  azure: {
    name: "azure",
    defaultBaseUrl: null,
    baseUrlEnv: ["AZURE_OPENAI_ENDPOINT"],
    apiKeyEnv: "AZURE_OPENAI_API_KEY",
    keyRequired: true,
    // Azure's batch API needs a dedicated "global batch" deployment; fall back to live calls.
    batch: false,
  },
  openrouter: {
    name: "openrouter",
    defaultBaseUrl: "https://openrouter.ai/api/v1",
    baseUrlEnv: ["OPENROUTER_BASE_URL"],
    apiKeyEnv: "OPENROUTER_API_KEY",
    keyRequired: true,
    batch: false,
  },
  ollama: {
    name: "ollama",
    defaultBaseUrl: "http://localhost:11434/v1",
    baseUrlEnv: ["OLLAMA_BASE_URL"],
    apiKeyEnv: "OLLAMA_API_KEY",
    keyRequired: false,
    batch: false,
  },
  vllm: {
    name: "vllm",
    defaultBaseUrl: "http://localhost:8000/v1",
    baseUrlEnv: ["VLLM_BASE_URL"],
    apiKeyEnv: "VLLM_API_KEY",
    keyRequired: false,
    batch: false,
  },
  ...PRESET_PROVIDERS,
};

const DEFAULT_AZURE_API_VERSION = "2024-10-21";

export interface ResolvedModel {
  ref: string;
  provider: string;
  model: string;
  baseUrl: string;
  /** Never stored or printed; held only to build the client. */
  apiKey: string | undefined;
  /** Name of the variable the key came from (for messages). */
  apiKeyEnv: string | null;
  batch: boolean;
  /** Azure only. */
  azure?: { endpoint: string; deployment: string; apiVersion: string };
  headers: Record<string, string>;
  /** Request-body differences of the provider, applied before sending (and before the cache key). */
  body?: BodyRules;
}

export interface ResolveOptions {
  baseUrl?: string | undefined;
  apiKey?: string | undefined;
  env?: Readonly<Record<string, string | undefined>>;
  config?: ValensConfig | undefined;
}

export function knownProviders(config?: ValensConfig): string[] {
  return [...Object.keys(PROVIDERS), ...Object.keys(config?.endpoints ?? {})];
}

export function parseModelRef(ref: string, config?: ValensConfig): { provider: string; model: string } {
  const colon = ref.indexOf(":");
  if (colon <= 0 || colon === ref.length - 1) {
    throw new InputError(`Model reference "${ref}" is not of the form provider:model`, {
      hint: `Write e.g. "openai:gpt-4o-mini"; known providers: ${knownProviders(config).join(", ")}`,
    });
  }
  return { provider: ref.slice(0, colon), model: ref.slice(colon + 1) };
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

function checkUrl(url: string, source: string, apiKeyEnv?: string | null): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new Error("protocol");
  } catch {
    throw new InputError(`Base URL "${url}" from ${source} is not an http(s) URL`, {
      hint: "Give a full URL such as http://localhost:8000/v1",
    });
  }
  // Credentials in a URL would be written to the run manifest and the store and printed by
  // `cache ls`; the message shows the URL without them.
  if (parsed.username !== "" || parsed.password !== "") {
    parsed.username = "";
    parsed.password = "";
    throw new InputError(
      `Base URL from ${source} holds credentials (user:password@): refused so they are not stored`,
      {
        hint: `Give the URL without them (${trimSlash(parsed.toString())}) and put the key in ${apiKeyEnv ? `the environment variable ${apiKeyEnv}` : "the environment variable named by the endpoint's apiKeyEnv in the config"}`,
      },
    );
  }
  return trimSlash(url);
}

/**
 * Resolves "provider:model" to a base URL and key. Precedence for the base URL:
 * --base-url, then the config's named endpoint, then the provider's variable, then its default.
 */
export function resolveModel(ref: string, options: ResolveOptions = {}): ResolvedModel {
  const env = options.env ?? process.env;
  const config = options.config;
  const { provider, model } = parseModelRef(ref, config);
  const endpoint = config?.endpoints?.[provider];
  const info = PROVIDERS[provider];
  if (info === undefined && endpoint === undefined) {
    throw new InputError(`Unknown provider "${provider}" in model reference "${ref}"`, {
      hint: `Known providers: ${knownProviders(config).join(", ")}; or name an endpoint under "endpoints" in valens.config.json`,
    });
  }

  if (endpoint !== undefined) {
    const keyEnv = endpoint.apiKeyEnv ?? null;
    const apiKey = options.apiKey ?? (keyEnv === null ? undefined : env[keyEnv]);
    if (endpoint.keyRequired && apiKey === undefined) {
      throw new InputError(`No API key for endpoint "${provider}"`, {
        hint:
          keyEnv === null ? `Set "apiKeyEnv" for it in the config` : `Set the environment variable ${keyEnv}`,
      });
    }
    return {
      ref,
      provider,
      model,
      baseUrl: checkUrl(
        options.baseUrl ?? endpoint.baseUrl,
        options.baseUrl ? "--base-url" : "the config",
        keyEnv,
      ),
      apiKey,
      apiKeyEnv: keyEnv,
      batch: endpoint.batch,
      headers: { ...endpoint.headers },
    };
  }

  const p = info as ProviderInfo;
  const envUrl = p.baseUrlEnv.map((name) => env[name]).find((v) => v !== undefined && v !== "");
  const rawUrl = options.baseUrl ?? envUrl ?? p.defaultBaseUrl;
  const apiKey = options.apiKey ?? (p.apiKeyEnv === null ? undefined : env[p.apiKeyEnv] || undefined);
  if (p.keyRequired && apiKey === undefined) {
    throw new InputError(`No API key for ${provider} (model reference "${ref}")`, {
      hint: `Set the environment variable ${p.apiKeyEnv}`,
    });
  }
  if (rawUrl === null || rawUrl === undefined) {
    throw new InputError(`No endpoint for ${provider}`, {
      hint: `Set the environment variable ${p.baseUrlEnv.join(" or ")} or pass --base-url`,
    });
  }
  const source = options.baseUrl ? "--base-url" : envUrl ? p.baseUrlEnv.join("/") : "the provider default";
  const baseUrl = checkUrl(rawUrl, source, p.apiKeyEnv);
  const resolved: ResolvedModel = {
    ref,
    provider,
    model,
    baseUrl,
    apiKey,
    apiKeyEnv: p.apiKeyEnv,
    batch: p.batch,
    headers: { ...p.headers },
    ...(p.body ? { body: p.body } : {}),
  };
  if (provider === "azure") {
    const apiVersion = env.OPENAI_API_VERSION || DEFAULT_AZURE_API_VERSION;
    // The deployment name is what Azure routes on; the SDK builds .../openai/deployments/<name>.
    resolved.azure = { endpoint: baseUrl, deployment: model, apiVersion };
    resolved.baseUrl = `${baseUrl}/openai/deployments/${model}`;
  }
  return resolved;
}
