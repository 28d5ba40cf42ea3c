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

/** Any URL other than the SVG/XLink namespaces would make the browser fetch something. */
export function externalReferences(svg: string): string[] {
  const urls = svg.match(/(?:https?:)?\/\/[^\s"'<>)]+/g) ?? [];
  return urls.filter((url) => !/^https?:\/\/www\.w3\.org\//.test(url));
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
