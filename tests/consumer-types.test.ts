import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const exec = promisify(execFile);
const root = fileURLToPath(new URL("..", import.meta.url));

/** Every published package's name: packages/* and apps/cli. */
const packageNames = [
  ...readdirSync(join(root, "packages"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, "packages", entry.name, "package.json")))
    .map((entry) => join(root, "packages", entry.name)),
  join(root, "apps", "cli"),
]
  .map(
    (dir) =>
      JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name: string; private?: boolean },
  )
  .filter((pkg) => pkg.private !== true)
  .map((pkg) => pkg.name)
  .sort();

/**
 * Errors in third-party declaration files that no valens change can remove (see the
 * gap-predictor README, "Types"): tfjs-layers' .d.ts files are written for strictNullChecks off
 * (optional fields under a `PyJsonValue` index signature, `LayersModel.inputs` with null
 * dimensions implementing an interface without), and vega-lite's `Axis` does not extend `Guide`
 * under exactOptionalPropertyTypes. Anything else, above all in a valens package, fails the test.
 */
const knownThirdParty = [
  /^node_modules\/@tensorflow\/tfjs-layers\/dist\/.*\.d\.ts\(\d+,\d+\): error TS24(11|20):/,
  /^node_modules\/vega-lite\/build\/axis\.d\.ts\(\d+,\d+\): error TS2430:/,
];

describe("a strict consumer of every package's types", () => {
  it("type-checks without skipLibCheck except for the known tfjs-layers and vega-lite declarations", async () => {
    // Inside the workspace (tests/out/ is ignored by git), so @valens/* resolve to the packages.
    const dir = join(root, "tests", "out", "consumer-types");
    mkdirSync(dir, { recursive: true });
    const names = packageNames.map((name, i) => [`p${i}`, name] as const);
    writeFileSync(
      join(dir, "index.ts"),
      `${names.map(([id, name]) => `import type * as ${id} from "${name}";`).join("\n")}\n\nexport type Everything = [${names.map(([id]) => `typeof ${id}`).join(", ")}];\n`,
    );
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          noUncheckedIndexedAccess: true,
          exactOptionalPropertyTypes: true,
          noImplicitOverride: true,
          skipLibCheck: false,
          noEmit: true,
        },
        files: ["index.ts"],
      }),
    );
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    const result = await exec(
      process.execPath,
      [tsc, "-p", join(dir, "tsconfig.json"), "--pretty", "false"],
      {
        cwd: root,
        maxBuffer: 64 * 2 ** 20,
      },
    ).then(
      () => "",
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    // One line per error; continuation lines (indented) explain the one above.
    const errors = result
      .split("\n")
      .filter((line) => line !== "" && !line.startsWith(" "))
      .map((line) => line.replace(/\\/g, "/").replace(/^(\.\.\/)*/, ""));
    expect(packageNames.length).toBeGreaterThanOrEqual(8);
    expect(errors.filter((line) => !knownThirdParty.some((known) => known.test(line)))).toEqual([]);
  }, 600_000);
});
