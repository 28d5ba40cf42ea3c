#!/usr/bin/env node
// Lists functions longer than a limit (default 80 lines) in the workspaces' sources, per package,
// so "no function over 80 lines" is something a test can check rather than a hope.
// Usage: node scripts/long-functions.mjs [--max 80] [--tests] [package-dir ...]
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = fileURLToPath(new URL("..", import.meta.url));

/** The workspace folders whose `src/` is measured: packages/* and apps/*. */
export function workspaceDirs() {
  return ["packages", "apps"].flatMap((parent) =>
    readdirSync(join(root, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(parent, entry.name)),
  );
}

function sourceFiles(dir, withTests) {
  const out = [];
  const walk = (path) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && entry.name !== "dist") walk(full);
      } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts")) {
        if (!withTests && /\.test\.tsx?$/.test(entry.name)) continue;
        if (entry.name.endsWith(".generated.ts")) continue; // data tables written by scripts
        out.push(full);
      }
    }
  };
  const src = join(root, dir, "src");
  if (statSync(src, { throwIfNoEntry: false })?.isDirectory()) walk(src);
  return out;
}

function nameOf(node, source) {
  if (node.name && ts.isIdentifier(node.name)) return node.name.text;
  if (node.name) return node.name.getText(source);
  if (ts.isConstructorDeclaration(node)) return "constructor";
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isPropertyAssignment(parent)) return parent.name.getText(source);
  if (parent && ts.isCallExpression(parent))
    return `(callback of ${parent.expression.getText(source).replace(/\s+/g, " ").slice(0, 40)})`;
  return "(anonymous)";
}

/** Every function-like node of `file` longer than `max` lines: { file, name, line, lines }. */
export function longFunctionsIn(file, max) {
  const text = readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found = [];
  const visit = (node) => {
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = end - start + 1;
      if (lines > max)
        found.push({ file: relative(root, file), name: nameOf(node, source), line: start + 1, lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Long functions per workspace folder. */
export function longFunctions(dirs = workspaceDirs(), { max = 80, withTests = false } = {}) {
  const result = {};
  for (const dir of dirs)
    result[dir] = sourceFiles(dir, withTests).flatMap((file) => longFunctionsIn(file, max));
  return result;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  let max = 80;
  let withTests = false;
  const dirs = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--max") max = Number(args[++i]);
    else if (args[i] === "--tests") withTests = true;
    else dirs.push(args[i].replace(/\/$/, ""));
  }
  const result = longFunctions(dirs.length > 0 ? dirs : workspaceDirs(), { max, withTests });
  let total = 0;
  for (const [dir, list] of Object.entries(result)) {
    total += list.length;
    console.log(`${dir}: ${list.length}`);
    for (const f of list.sort((a, b) => b.lines - a.lines))
      console.log(`  ${f.lines}\t${f.name}\t${f.file}:${f.line}`);
  }
  console.log(`total: ${total} functions over ${max} lines`);
  process.exitCode = total > 0 ? 1 : 0;
}
