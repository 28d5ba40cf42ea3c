import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

/**
 * Text widths for laying out charts without a canvas. Vega's fallback guesses 0.8 em per
 * character, about 1.7 times the real width of sans-serif text: labels were truncated early
 * ("baseline: value-stated-bucket-pri…") and rotated heatmap labels reserved 100-150 px of
 * blank space. These advance widths (per 100 px of font size) were measured in Chromium for
 * its "sans-serif" (Arial metrics); SAFETY leaves room for wider sans-serif fonts (DejaVu Sans).
 */
const CHARS =
  " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~×–—…éüöä’";
const NORMAL = [
  28, 28, 35, 56, 56, 89, 67, 19, 33, 33, 39, 58, 28, 33, 28, 28, 56, 56, 56, 56, 56, 56, 56, 56, 56, 56, 28,
  28, 58, 58, 58, 56, 102, 67, 67, 72, 72, 67, 61, 78, 72, 28, 50, 67, 56, 83, 72, 78, 67, 78, 72, 67, 61, 72,
  67, 94, 67, 67, 61, 28, 28, 28, 47, 56, 33, 56, 56, 50, 56, 56, 28, 56, 56, 22, 22, 50, 22, 83, 56, 56, 56,
  56, 33, 50, 28, 56, 50, 72, 50, 50, 50, 33, 26, 33, 58, 58, 56, 100, 100, 56, 56, 56, 56, 22,
];
const BOLD = [
  28, 33, 47, 56, 56, 89, 72, 24, 33, 33, 39, 58, 28, 33, 28, 28, 56, 56, 56, 56, 56, 56, 56, 56, 56, 56, 33,
  33, 58, 58, 58, 61, 98, 72, 72, 72, 72, 67, 61, 78, 72, 28, 56, 72, 61, 83, 72, 78, 67, 78, 72, 67, 61, 72,
  67, 94, 67, 67, 61, 33, 28, 33, 58, 56, 33, 56, 61, 56, 61, 56, 33, 61, 61, 28, 28, 56, 28, 89, 61, 61, 61,
  61, 39, 56, 33, 61, 56, 78, 56, 56, 50, 39, 28, 39, 58, 58, 56, 100, 100, 56, 61, 61, 56, 28,
];
const SAFETY = 1.12;
/** Characters not in the table (other scripts, symbols) count as wide. */
const FALLBACK = 78;

const normalWidth = new Map<string, number>();
const boldWidth = new Map<string, number>();
for (const [i, ch] of [...CHARS].entries()) {
  normalWidth.set(ch, NORMAL[i] as number);
  boldWidth.set(ch, BOLD[i] as number);
}

/** Width in px of one line of text at a font size, normal or bold. */
function textWidth(text: string, fontSize: number, bold = false): number {
  const table = bold ? boldWidth : normalWidth;
  let units = 0;
  for (const ch of text) units += table.get(ch) ?? FALLBACK;
  return (units / 100) * fontSize * SAFETY;
}

interface TextItem {
  text?: unknown;
  fontSize?: number;
  fontWeight?: string | number;
  /** A label's length limit in px (labelLimit). */
  limit?: number;
}

function isBold(weight: string | number | undefined): boolean {
  return weight === "bold" || weight === "bolder" || (typeof weight === "number" && weight >= 600);
}

type WidthFn = (item: TextItem, text?: unknown) => number;
interface TextMetrics {
  width: WidthFn;
}

/** The measuring function Vega calls: the table above, honouring a label's length limit. */
const measured: WidthFn = (item, text) => {
  const value = text ?? item.text;
  const lines = Array.isArray(value)
    ? value.map(String)
    : [value === undefined || value === null ? "" : String(value)];
  const size = item.fontSize ?? 11;
  const width = Math.max(0, ...lines.map((line) => textWidth(line, size, isBold(item.fontWeight))));
  return text === undefined && item.limit !== undefined && item.limit > 0
    ? Math.min(width, item.limit)
    : width;
};

/**
 * Every copy of vega-scenegraph Vega's packages load. vega pins an older one than vega-view,
 * so npm installs several: the layout measures with one and the SVG renderer truncates with
 * another. All must measure alike, or labels are laid out at one width and cut at another.
 */
async function scenegraphCopies(): Promise<TextMetrics[]> {
  const require = createRequire(import.meta.url);
  const from = [require];
  try {
    from.push(createRequire(require.resolve("vega")));
  } catch {
    // vega itself is a dependency; without it nothing renders anyway.
  }
  const files = new Set<string>();
  for (const resolver of from) {
    for (const name of VEGA_PACKAGES) {
      try {
        files.add(createRequire(resolver.resolve(name)).resolve("vega-scenegraph"));
      } catch {
        // Not installed or not depending on vega-scenegraph: nothing to patch.
      }
    }
  }
  const copies = await Promise.all(
    [...files].map(async (file) => (await import(pathToFileURL(file).href)) as { textMetrics?: TextMetrics }),
  );
  return copies.flatMap((m) => (m.textMetrics ? [m.textMetrics] : []));
}

/** Packages of Vega that measure or draw text. */
const VEGA_PACKAGES = [
  "vega",
  "vega-view",
  "vega-parser",
  "vega-functions",
  "vega-label",
  "vega-encode",
  "vega-view-transforms",
  "vega-scenegraph",
];

let installed: Promise<void> | undefined;

/** Installs the table above into every copy of Vega's text measuring (once). */
export function useMeasuredTextWidths(): Promise<void> {
  installed ??= scenegraphCopies().then((copies) => {
    for (const metrics of copies) metrics.width = measured;
  });
  return installed;
}
