import { UsageError } from "@valens/core";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { addCommand, addGroup } from "./define-command.js";
import type { CommandSpec } from "./option-spec.js";

const schema = z.object({
  files: z.array(z.string()),
  top: z.number(),
  rate: z.number().optional(),
  names: z.array(z.string()).optional(),
  model: z.array(z.string()),
  rounds: z.number().optional(),
  cache: z.boolean(),
  store: z.string().optional(),
});

const spec: CommandSpec<typeof schema> = {
  name: "try",
  description: "a command to try the framework on",
  arguments: [{ name: "<file...>", description: "files", key: "files" }],
  parentOptions: [{ flags: "--store <path>", description: "store" }],
  options: [
    {
      flags: "--top <k>",
      description: "rows",
      default: 5,
      value: { type: "int", min: 1, fail: { as: "commander", message: 'expected >= 1, got "{value}"' } },
    },
    {
      flags: "--rate <r>",
      description: "a rate",
      value: { type: "number", above: 0, fail: { as: "input", message: "{flag} must be positive" } },
    },
    { flags: "--names <list>", description: "names", value: { type: "list" } },
    {
      flags: "-m, --model <ref>",
      description: "models",
      repeat: true,
      mandatory: true,
      missing: { message: "--model is required" },
    },
    {
      flags: "--rounds [n]",
      description: "rounds",
      value: { type: "int", min: 0, bare: 1, fail: { as: "input", message: "{flag} bad" } },
    },
    { flags: "--no-cache", description: "no cache" },
  ],
  help: { notes: "Some notes.", examples: ["valens try a.txt --top 3"] },
  schema,
};

async function parse(args: string[]) {
  const program = new Command("valens").exitOverride();
  program.configureOutput({ writeErr: () => {}, writeOut: () => {} });
  let seen: z.infer<typeof schema> | undefined;
  const group = addGroup(program, {
    name: "group",
    description: "a group",
    options: [{ flags: "--store <path>", description: "store" }],
    help: { examples: ["valens group try a"] },
  });
  addCommand(group, { spec, run: (options) => (seen = options) });
  await program.parseAsync(["node", "valens", "group", ...args]);
  return { seen, help: group.commands[0]?.helpInformation() ?? "" };
}

describe("addCommand", () => {
  it("parses arguments and options by their specs into the typed options of run", async () => {
    const { seen } = await parse([
      "--store",
      "s.sqlite",
      "try",
      "a",
      "b",
      "--top",
      "3",
      "--rate",
      "0.5",
      "--names",
      "x, y",
      "-m",
      "p:one",
      "--model",
      "p:two",
      "--rounds",
      "--no-cache",
    ]);
    expect(seen).toEqual({
      files: ["a", "b"],
      top: 3,
      rate: 0.5,
      names: ["x", "y"],
      model: ["p:one", "p:two"],
      rounds: 1,
      cache: false,
      store: "s.sqlite",
    });
  });

  it("applies defaults and reads an optional value when given", async () => {
    const { seen } = await parse(["try", "a", "-m", "p:x", "--rounds", "2"]);
    expect(seen).toMatchObject({ top: 5, rounds: 2, cache: true });
  });

  it("fails with the rule's error in the rule's channel", async () => {
    await expect(parse(["try", "a", "-m", "p:x", "--top", "0"])).rejects.toThrow('expected >= 1, got "0"');
    await expect(parse(["try", "a", "-m", "p:x", "--rate", "0"])).rejects.toThrow("--rate must be positive");
    await expect(parse(["try", "a", "-m", ""])).rejects.toThrow(UsageError);
  });

  it("writes the help from the specs, with notes and the example", async () => {
    const { help } = await parse(["try", "a", "-m", "p:x"]);
    expect(help).toContain("--top <k>");
    expect(help).toContain("(default: 5)");
  });
});
