import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { defaultCatalog } from "@valens/core";
import { hasSharedFiles, sharedPath } from "@valens/core/test";
import { describe, expect, it } from "vitest";

const exec = promisify(execFile);
const root = fileURLToPath(new URL("..", import.meta.url));

/** Every published package: packages/* and apps/cli. */
const packageDirs = [
  ...readdirSync(join(root, "packages"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, "packages", entry.name, "package.json")))
    .map((entry) => join("packages", entry.name)),
  join("apps", "cli"),
];

interface PackageJson {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  types?: string;
  files?: string[];
  exports?: Record<string, string | Record<string, string>>;
  bin?: string | Record<string, string>;
  publishConfig?: { access?: string };
}

const readPackage = (dir: string): PackageJson =>
  JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8"));
const normalise = (path: string) => path.replace(/^\.\//, "");

/** Files a package's exports and bin point at (package.json itself is always packed). */
function entryPoints(pkg: PackageJson): string[] {
  const targets = new Set<string>();
  for (const target of Object.values(pkg.exports ?? {})) {
    for (const file of typeof target === "string" ? [target] : Object.values(target))
      targets.add(normalise(file));
  }
  const bins = typeof pkg.bin === "string" ? [pkg.bin] : Object.values(pkg.bin ?? {});
  for (const file of bins) targets.add(normalise(file));
  if (pkg.types) targets.add(normalise(pkg.types));
  return [...targets];
}

describe("every package is publishable", () => {
  it("finds the packages", () => {
    expect(packageDirs.length).toBeGreaterThanOrEqual(7);
  });

  it.each(packageDirs)("%s has the publishing fields and a README", (dir) => {
    const pkg = readPackage(dir);
    expect(pkg.name).toMatch(/^@valens\//);
    expect(pkg.private).not.toBe(true);
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(pkg.license).toBeTruthy();
    expect(pkg.exports?.["."]).toBeDefined();
    expect(entryPoints(pkg).some((file) => file.endsWith(".d.ts"))).toBe(true);
    expect(pkg.files).toContain("README.md");
    expect(pkg.publishConfig?.access).toBe("public");
    const readme = join(root, dir, "README.md");
    expect(existsSync(readme), `${dir}/README.md`).toBe(true);
    const text = readFileSync(readme, "utf8");
    expect(text).toContain(`# ${pkg.name}`);
    expect(text.length).toBeGreaterThan(300);
  });

  it.each(packageDirs)(
    "npm pack of %s holds its entry points and type declarations, no tests or sources",
    async (dir) => {
      const pkg = readPackage(dir);
      const { stdout } = await exec("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
        cwd: join(root, dir),
        maxBuffer: 16 * 1024 * 1024,
      });
      const files: string[] =
        (JSON.parse(stdout) as { files: { path: string }[] }[])[0]?.files.map((f) => f.path) ?? [];
      for (const entry of entryPoints(pkg).filter((f) => f !== "package.json"))
        expect(files, entry).toContain(entry);
      expect(files).toContain("README.md");
      const declarations = files.filter((f) => f.endsWith(".d.ts"));
      expect(declarations.length).toBeGreaterThan(0);
      const forbidden = files.filter(
        (f) =>
          /\.test\./.test(f) ||
          f.includes("__fixtures__") ||
          f.startsWith("src/") ||
          f.endsWith(".tsbuildinfo"),
      );
      expect(forbidden).toEqual([]);
    },
  );
});

describe("the catalog", () => {
  const catalogFile = JSON.parse(readFileSync(join(root, "datasets", "catalog.json"), "utf8"));

  it("generated into @valens/core matches datasets/catalog.json", () => {
    const generated = defaultCatalog.toJSON();
    expect(generated.values).toEqual(catalogFile.values);
    expect(generated.countries).toEqual(catalogFile.countries);
    expect(generated.topics).toEqual(catalogFile.topics);
    expect([generated.values.length, generated.countries.length, generated.topics.length]).toEqual([
      56, 12, 11,
    ]);
  });

  it.runIf(hasSharedFiles(["spec", "catalog.json"]))("matches the specification's catalog", () => {
    const spec = JSON.parse(readFileSync(sharedPath("spec", "catalog.json"), "utf8"));
    expect({
      values: catalogFile.values,
      countries: catalogFile.countries,
      topics: catalogFile.topics,
    }).toEqual({
      values: spec.values,
      countries: spec.countries,
      topics: spec.topics,
    });
  });
});
