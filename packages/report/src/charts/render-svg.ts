import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { useMeasuredTextWidths } from "./text-width.js";

/**
 * Compiles a Vega-Lite spec and renders it headless to an SVG string (no DOM, no canvas).
 * The result is checked to reference nothing outside itself, so the report opens offline.
 */
export async function renderSvg(spec: TopLevelSpec, title: string): Promise<string> {
  await useMeasuredTextWidths();
  const vegaSpec = compile(spec).spec;
  const view = new View(parse(vegaSpec), { renderer: "none", logLevel: 0 });
  try {
    const svg = await view.toSVG();
    assertSelfContained(svg, title);
    return addTitle(svg, title);
  } finally {
    view.finalize();
  }
}

/** Where markup or CSS makes a browser fetch something: URL-valued attributes, url(), @import. */
const FETCHING = [
  /\b(?:href|src|srcset|action|poster)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))/gi,
  /url\(\s*["']?([^"')]*)/gi,
  /@import\s+(?:url\()?\s*["']?([^"';)\s]+)/gi,
];

/**
 * References the browser would fetch: anything but a fragment (#id) or inline data. Only
 * attribute values and CSS count, not text: a model named "http://x/y" is a label, not a fetch.
 */
export function externalReferences(svg: string): string[] {
  const out: string[] = [];
  for (const pattern of FETCHING)
    for (const match of svg.matchAll(pattern)) {
      const url = (match[1] ?? match[2] ?? match[3] ?? "").trim();
      if (url !== "" && !url.startsWith("#") && !/^data:/i.test(url)) out.push(url);
    }
  return out;
}

function assertSelfContained(svg: string, title: string): void {
  const external = externalReferences(svg);
  if (external.length > 0) {
    throw new Error(`Chart "${title}" references external resources: ${external.slice(0, 3).join(", ")}`);
  }
}

/** An accessible name for screen readers (the SVG's first child). */
function addTitle(svg: string, title: string): string {
  return svg.replace(/^(<svg[^>]*>)/, `$1<title>${escapeXml(title)}</title>`);
}

export function escapeXml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}
