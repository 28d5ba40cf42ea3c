/**
 * The JSON text of a well-formed Python dict literal (`{'a': 'it\'s', 'b': [True, None]}`), or
 * undefined for anything else. Many generators answer in this form; reading it here is about ten
 * times cheaper than the general repairer, which still reads every other kind of broken JSON.
 * Strict on purpose: an unescaped apostrophe inside a single-quoted string, an unknown escape,
 * a raw line break in a string or any other stray character gives undefined, so that the
 * repairer decides.
 */
export function pythonLiteralToJson(text: string): string | undefined {
  if (!/^\s*\{/.test(text)) return undefined;
  let out = "";
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text.charCodeAt(i);
    if (ch === 39 /* ' */) {
      const end = singleQuoted(text, i);
      if (end === undefined) return undefined;
      out += end.json;
      i = end.next;
      // A string ends before ":", ",", "}" or "]": an apostrophe followed by anything else was
      // inside the string (it's), which a Python literal would have escaped.
      let j = i;
      while (j < n && isSpace(text.charCodeAt(j))) j++;
      const after = text.charCodeAt(j);
      if (!(after === 58 || after === 44 || after === 125 || after === 93)) return undefined;
      continue;
    }
    if (ch === 34 /* " */) {
      const end = doubleQuotedEnd(text, i);
      if (end === undefined) return undefined;
      out += text.slice(i, end);
      i = end;
      continue;
    }
    if (ch === 44 /* , */) {
      // Python allows a comma before the closing bracket; JSON does not.
      let j = i + 1;
      while (j < n && isSpace(text.charCodeAt(j))) j++;
      const next = text.charCodeAt(j);
      if (next !== 125 && next !== 93) out += ",";
      i++;
      continue;
    }
    if (isSpace(ch) || ch === 123 || ch === 125 || ch === 91 || ch === 93 || ch === 58) {
      out += text[i];
      i++;
      continue;
    }
    const word = /^(?:True|False|None|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 32))?.[0];
    if (word === undefined) return undefined;
    out += word === "True" ? "true" : word === "False" ? "false" : word === "None" ? "null" : word;
    i += word.length;
  }
  return out;
}

const isSpace = (ch: number) => ch === 32 || ch === 10 || ch === 13 || ch === 9;

const escapes: Record<string, string> = { "'": "'", '"': '\\"', "\\": "\\\\", n: "\\n", t: "\\t", r: "\\r" };

/** A single-quoted string starting at `start` as a JSON string, and the index after it. */
function singleQuoted(text: string, start: number): { json: string; next: number } | undefined {
  let json = '"';
  let from = start + 1;
  for (let i = from; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 39) return { json: `${json}${text.slice(from, i)}"`, next: i + 1 };
    if (ch < 32) return undefined;
    if (ch === 34) {
      json += `${text.slice(from, i)}\\"`;
      from = i + 1;
    } else if (ch === 92) {
      const escaped = escapes[text[i + 1] ?? ""];
      if (escaped === undefined) return undefined;
      json += text.slice(from, i) + escaped;
      i++;
      from = i + 1;
    }
  }
  return undefined;
}

/** The index after the double-quoted string starting at `start`. */
function doubleQuotedEnd(text: string, start: number): number | undefined {
  for (let i = start + 1; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34) return i + 1;
    if (ch < 32) return undefined;
    if (ch === 92) i++;
  }
  return undefined;
}
