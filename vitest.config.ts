import { defineConfig } from "vitest/config";

// Each workspace runs its own `vitest run`; this file holds the shared defaults.
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
