import fc from "fast-check";
import { jsonrepair } from "jsonrepair";
import { describe, expect, it } from "vitest";
import { pythonLiteralToJson } from "./python-literal.js";

const read = (text: string) => {
  const json = pythonLiteralToJson(text);
  return json === undefined ? undefined : JSON.parse(json);
};

/** A value as Python's repr writes it: single quotes, \' inside, True/False/None. */
function pythonRepr(value: unknown): string {
  if (value === null) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number") return String(value);
  if (typeof value === "string")
    return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'").replaceAll("\n", "\\n").replaceAll("\t", "\\t").replaceAll("\r", "\\r")}'`;
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(", ")}]`;
  return `{${Object.entries(value as object)
    .map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`)
    .join(",\n  ")}}`;
}

describe("pythonLiteralToJson", () => {
  it("reads Python dict literals as the repairer does", () => {
    const cases = [
      "{'Human Action': 'I vote', 'Feature Attributions': ['vote', 'civic duty'], 'Natural Language Explanation': 'why'}",
      "{\n  'a': 'it\\'s \"quoted\"',\n  'b': [True, False, None, -1.5e3],\n  'c': {'d': []},\n}",
      "{'a': \"it's double-quoted\", 'b': 'back\\\\slash\\nnew line',}",
    ];
    for (const text of cases) expect(read(text)).toEqual(JSON.parse(jsonrepair(text)));
    expect(read(cases[1] as string)).toEqual({
      a: 'it\'s "quoted"',
      b: [true, false, null, -1500],
      c: { d: [] },
    });
  });

  it("leaves to the repairer what it is not sure of", () => {
    for (const text of [
      "{'a': 'it's'}", // an unescaped apostrophe inside the string
      "{'a': 'line\nbreak'}", // a raw line break in a string
      "{'a': '\\x41'}", // an escape JSON has no equal for
      "{'a': 'b' 'c'}", // implicit concatenation
      "{'a': yes}", // a bare word
      "{'a': 'unterminated}",
      "['a list']",
      "",
    ])
      expect(pythonLiteralToJson(text), text).toBeUndefined();
  });

  it("reads back any value Python's repr would write (property)", () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        fc.string({ unit: "grapheme" }),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie("value"), { maxLength: 4 }),
        fc.dictionary(fc.string({ unit: "grapheme", maxLength: 8 }), tie("value"), { maxKeys: 4 }),
      ),
    })).value;
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 8 }), json, { maxKeys: 5 }), (object) => {
        expect(read(pythonRepr(object))).toEqual(object);
      }),
      { numRuns: 300 },
    );
  });
});
