import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { createProgram } from "@valens/cli";
import type { Command } from "commander";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

/** The repository README and every package's README. */
const readmes = [
  join(root, "README.md"),
  join(root, "apps", "cli", "README.md"),
  ...readdirSync(join(root, "packages")).map((name) => join(root, "packages", name, "README.md")),
].filter((file) => {
  try {
    readFileSync(file);
    return true;
  } catch {
    return false;
  }
});

export interface CommandLine {
  file: string;
  line: number;
  text: string;
}

/**
 * Every `valens ...` command line of a Markdown text: in code blocks (with `\` continuations
 * joined, `$ ` prompts and `npx ` dropped) and in inline code spans.
 */
export function commandLines(file: string, markdown: string): CommandLine[] {
  const found: CommandLine[] = [];
  const lines = markdown.split("\n");
  let inBlock = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    if (raw.trimStart().startsWith("```")) {
      inBlock = !inBlock;
      continue;
    }
    if (inBlock) {
      let text = raw;
      const start = i;
      while (text.trimEnd().endsWith("\\") && i + 1 < lines.length)
        text = `${text.trimEnd().slice(0, -1)} ${lines[++i]}`;
      const command = text
        .replace(/#.*$/, "")
        .trim()
        .replace(/^\$\s+/, "")
        .replace(/^npx\s+/, "");
      if (command.startsWith("valens ")) found.push({ file, line: start + 1, text: command });
      continue;
    }
    for (const match of raw.matchAll(/`(?:npx )?(valens [^`]+)`/g))
      found.push({ file, line: i + 1, text: match[1] as string });
  }
  return found;
}

/** The shell words of a command line, quotes removed; stops at pipes, redirections and `&`. */
function words(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(/"[^"]*"|'[^']*'|[^\s]+/g)) {
    const word = match[0];
    if (/^(\||&&|;|&|>|2>|<)/.test(word)) break;
    out.push(word.replace(/^["']|["']$/g, ""));
  }
  return out;
}

/**
 * The (sub)commands a line names, and the flags it passes. Prose like `cache ls|prune` names
 * alternatives; a flag is then fine when any of them declares it.
 */
function resolve(program: Command, text: string): { commands: Command[]; path: string; flags: string[] } {
  const args = words(text)
    .slice(1)
    .map((w) => w.replace(/^\[+|\]+$/g, ""));
  let commands = [program];
  const path = ["valens"];
  for (const arg of args) {
    const names = arg.split("|").map((n) => n.replace(/^\[+|\]+$/g, ""));
    const next = commands.flatMap((c) =>
      c.commands.filter((sub) => names.includes(sub.name()) || sub.aliases().some((a) => names.includes(a))),
    );
    if (next.length === 0) break;
    commands = next;
    path.push(arg);
  }
  const flags = args
    .flatMap((a) => a.split("|"))
    .map((a) => a.replace(/^\[+|\]+$/g, ""))
    .filter((a) => /^--?[A-Za-z]/.test(a))
    .map((a) => a.split("=")[0] as string);
  return { commands, path: path.join(" "), flags };
}

/** Every command of the program, depth first. */
function everyCommand(command: Command): Command[] {
  return [command, ...command.commands.flatMap(everyCommand)];
}

function declared(command: Command): Set<string> {
  const names = new Set(["--help", "-h"]);
  for (let c: Command | null = command; c; c = c.parent) {
    for (const option of c.options) {
      if (option.long) names.add(option.long);
      if (option.short) names.add(option.short);
      // commander registers --no-x as the negation of x; both spellings are accepted.
      if (option.long?.startsWith("--no-")) names.add(`--${option.long.slice(5)}`);
    }
    if (c.parent === null) names.add("--version").add("-V");
  }
  return names;
}

const program = await createProgram();

describe("every flag a README names exists", () => {
  const all = readmes.flatMap((file) => commandLines(file, readFileSync(file, "utf8")));

  it("finds command lines in the READMEs", () => {
    expect(all.length).toBeGreaterThan(20);
    expect(new Set(all.map((l) => relative(root, l.file))).size).toBeGreaterThanOrEqual(3);
  });

  it("reads continuations, prompts and inline code", () => {
    const lines = commandLines(
      "x.md",
      "Run `valens metrics runs/a --json` now.\n```sh\n$ npx valens eval --model m \\\n  --dry-run   # plan\n```\n",
    );
    expect(lines.map((l) => l.text)).toEqual([
      "valens metrics runs/a --json",
      "valens eval --model m    --dry-run",
    ]);
  });

  it("each command line uses only its command's declared options", () => {
    const problems: string[] = [];
    for (const line of all) {
      const { commands, path, flags } = resolve(program, line.text);
      const known = new Set(commands.flatMap((c) => [...declared(c)]));
      for (const flag of flags)
        if (!known.has(flag))
          problems.push(`${relative(root, line.file)}:${line.line}: ${path} has no ${flag}`);
    }
    expect(problems).toEqual([]);
  });

  it("each flag a README names on its own (`--flag` in prose or headings) is an option of some command", () => {
    const known = new Set(everyCommand(program).flatMap((c) => [...declared(c)]));
    const problems: string[] = [];
    for (const file of readmes) {
      const lines = readFileSync(file, "utf8").split("\n");
      for (const [index, line] of lines.entries())
        for (const match of line.matchAll(/`(--[a-z][a-z0-9-]*)(?:[ =][^`]*)?`/g))
          if (!known.has(match[1] as string))
            problems.push(`${relative(root, file)}:${index + 1}: no command has ${match[1]}`);
    }
    expect(problems).toEqual([]);
  });
});
