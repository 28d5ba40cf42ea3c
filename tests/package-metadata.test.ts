import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { ExitCode } from "@valens/cli";
import { describe, expect, it } from "vitest";

const exec = promisify(execFile);
const root = fileURLToPath(new URL("..", import.meta.url));
const packageDirs = [
  ...readdirSync(join(root, "packages"))
    .map((d) => join("packages", d))
    .filter((d) => existsSync(join(root, d, "package.json"))),
  join("apps", "cli"),
];
const read = (...parts: string[]) => readFileSync(join(root, ...parts), "utf8");

/** Markdown link targets that are neither absolute URLs nor in-page anchors: they break on npm. */
export function relativeLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1] as string)
    .filter((target) => !/^(https?:|mailto:|#)/.test(target));
}

async function packedFiles(dir: string): Promise<string[]> {
  const { stdout } = await exec("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: join(root, dir),
    maxBuffer: 16 * 1024 * 1024,
  });
  return (JSON.parse(stdout) as { files: { path: string }[] }[])[0]?.files.map((f) => f.path) ?? [];
}

describe("the repository's license", () => {
  it("is an MIT LICENSE file at the root", () => {
    expect(read("LICENSE")).toMatch(/^MIT License/);
  });
});

describe.each(packageDirs)("%s as npm shows it", (dir) => {
  const pkg = JSON.parse(read(dir, "package.json")) as {
    name: string;
    license: string;
    homepage?: string;
    bugs?: { url?: string };
    keywords?: string[];
    files: string[];
  };
  const readme = read(dir, "README.md");

  it("has homepage, bugs, keywords and an MIT LICENSE listed in files", () => {
    expect(pkg.homepage).toMatch(/^https:\/\/github\.com\/valens-dev\/valens\/tree\/main\/.+#readme$/);
    expect(pkg.bugs?.url).toBe("https://github.com/valens-dev/valens/issues");
    expect(pkg.keywords?.length ?? 0).toBeGreaterThanOrEqual(3);
    expect(pkg.license).toBe("MIT");
    expect(pkg.files).toContain("LICENSE");
    expect(read(dir, "LICENSE")).toBe(read("LICENSE"));
  });

  it("has an install line and no link that breaks on npm", () => {
    const install = pkg.name === "@valens/cli" ? `npm install -g ${pkg.name}` : `npm install ${pkg.name}`;
    expect(readme).toContain(install);
    expect(relativeLinks(readme)).toEqual([]);
  });

  it("packs its LICENSE, and source maps only with the sources they point at", async () => {
    const files = await packedFiles(dir);
    expect(files).toContain("LICENSE");
    const missing: string[] = [];
    for (const map of files.filter((f) => f.endsWith(".map"))) {
      const { sources } = JSON.parse(read(dir, map)) as { sources: string[] };
      const base = map.split("/").slice(0, -1).join("/");
      for (const source of sources) {
        const target = join(base, source).replace(/\\/g, "/");
        if (!files.includes(target)) missing.push(`${map} -> ${target}`);
      }
    }
    expect(missing).toEqual([]);
  }, 60_000);
});

describe("the exit-code lists", () => {
  const codes = [...new Set(Object.values(ExitCode))].sort((a, b) => a - b);
  it.each([["README.md"], ["apps/cli/README.md"]])("%s lists every exit code of the command", (file) => {
    const text = read(file);
    const section = text.slice(text.indexOf("## Exit codes"));
    const listed = [...section.matchAll(/^\| (\d+) +\|/gm)].map((m) => Number(m[1]));
    expect(listed).toEqual(codes);
  });
});

describe("relativeLinks", () => {
  it("finds relative targets and keeps URLs and anchors", () => {
    expect(relativeLinks("[a](../../README.md) [b](https://x.org) [c](#usage) [d](docs/x.png)")).toEqual([
      "../../README.md",
      "docs/x.png",
    ]);
  });
});
