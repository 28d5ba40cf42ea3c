import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { valens } from "./helpers/valens.js";

const presets = [
  "anthropic",
  "gemini",
  "groq",
  "together",
  "deepseek",
  "mistral",
  "fireworks",
  "lmstudio",
  "llamacpp",
];

describe("valens providers", () => {
  it("lists every provider with the variable its key comes from, and whether it is set", async () => {
    const secret = "gsk_do-not-print-this";
    const result = await valens(["providers"], { GROQ_API_KEY: secret, ANTHROPIC_API_KEY: "" });
    expect(result.code).toBe(0);
    for (const name of ["openai", "azure", "openrouter", "ollama", "vllm", ...presets])
      expect(result.stdout).toMatch(new RegExp(`^${name} +[A-Z_]+_API_KEY +`, "m"));
    expect(result.stdout).toMatch(/^groq +GROQ_API_KEY +set /m);
    expect(result.stdout).toMatch(/^anthropic +ANTHROPIC_API_KEY +missing /m);
    expect(result.stdout).toMatch(/^llamacpp +LLAMACPP_API_KEY +optional /m);
    expect(result.stdout).toContain("mistral: the sampling seed is sent as random_seed");
    expect(result.stdout).not.toContain(secret);
  });

  it("--json gives one object per provider, config endpoints included, never a key", async () => {
    const dir = await mkdtemp(join(tmpdir(), "valens-providers-"));
    const config = join(dir, "valens.config.json");
    await writeFile(
      config,
      JSON.stringify({
        endpoints: { lab: { baseUrl: "http://gpu.lab:8000/v1", apiKeyEnv: "LAB_KEY", keyRequired: true } },
      }),
    );
    const result = await valens(["providers", "--json", "--config", config], { LAB_KEY: "lab-secret" });
    expect(result.code).toBe(0);
    const rows = JSON.parse(result.stdout) as {
      name: string;
      apiKeyEnv: string | null;
      keySet: boolean;
      source: string;
      baseUrl: string | null;
    }[];
    expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining(presets));
    expect(rows.find((r) => r.name === "gemini")).toMatchObject({
      apiKeyEnv: "GEMINI_API_KEY",
      baseUrl: "https://generativelanguage.googleapis.com/v1beta/openai",
      source: "built-in",
    });
    expect(rows.find((r) => r.name === "lab")).toMatchObject({
      source: "config",
      apiKeyEnv: "LAB_KEY",
      keySet: true,
    });
    expect(result.stdout).not.toContain("lab-secret");
  });

  it("a preset is one flag away: eval --dry-run with --model groq:... plans without a request", async () => {
    const result = await valens(
      [
        "eval",
        "--model",
        "groq:llama-3.3-70b-versatile",
        "--tasks",
        "1",
        "--countries",
        "India",
        "--topics",
        "Politics",
        "--dry-run",
      ],
      {
        GROQ_API_KEY: "gsk_test",
        VALENS_CACHE_DIR: await mkdtemp(join(tmpdir(), "valens-providers-cache-")),
      },
    );
    expect(result.stderr).toContain("model:                 groq:llama-3.3-70b-versatile");
    expect(result.code).toBe(0);
  });
});
