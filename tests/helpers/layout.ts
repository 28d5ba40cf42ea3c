import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";

/** One chart's boxes as the browser lays them out (CSS px). */
interface ChartLayout {
  id: string;
  /** Width of the chart's SVG and of the box it sits in. */
  svgWidth: number;
  plotWidth: number;
  /** How far the chart's content reaches past its box (0 = no sideways scroll). */
  overflow: number;
  /** Pairs of text elements whose (rotated) boxes overlap, as "a | b". */
  overlaps: string[];
  /** Text marks (bar figures) crossed by a rule mark (the dashed overall line). */
  crossedByRule: string[];
  /** Labels Vega shortened with an ellipsis. */
  truncated: string[];
}

export interface PageLayout {
  viewport: number;
  /** document.documentElement.scrollWidth - clientWidth: > 0 means the page scrolls sideways. */
  pageOverflow: number;
  charts: ChartLayout[];
}

/**
 * Opens a report at a viewport width and measures, from the page itself: the page's and every
 * chart's sideways overflow, overlapping text (each SVG text element as its rotated rectangle,
 * compared by the separating-axis test), text marks crossed by rule marks, and truncated labels.
 */
export async function measureLayout(browser: Browser, file: string, width: number): Promise<PageLayout> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  try {
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
    const charts = await page.$$eval("figure.chart", (figures) => {
      type Point = { x: number; y: number };
      const corners = (el: SVGGraphicsElement, shrink: number): Point[] | null => {
        const box = el.getBBox();
        const m = el.getScreenCTM();
        if (!m || box.width <= 0 || box.height <= 0) return null;
        const x0 = box.x + shrink;
        const y0 = box.y + shrink;
        const x1 = box.x + box.width - shrink;
        const y1 = box.y + box.height - shrink;
        if (x1 <= x0 || y1 <= y0) return null;
        return [
          { x: x0, y: y0 },
          { x: x1, y: y0 },
          { x: x1, y: y1 },
          { x: x0, y: y1 },
        ].map((p) => ({ x: m.a * p.x + m.c * p.y + m.e, y: m.b * p.x + m.d * p.y + m.f }));
      };
      // Two convex quadrilaterals intersect unless an edge normal of one separates them.
      const intersect = (a: Point[], b: Point[]): boolean => {
        for (const poly of [a, b]) {
          for (let i = 0; i < 4; i++) {
            const p = poly[i] as Point;
            const q = poly[(i + 1) % 4] as Point;
            const nx = q.y - p.y;
            const ny = p.x - q.x;
            const project = (pts: Point[]) => pts.map((pt) => pt.x * nx + pt.y * ny);
            const pa = project(a);
            const pb = project(b);
            if (Math.max(...pa) <= Math.min(...pb) || Math.max(...pb) <= Math.min(...pa)) return false;
          }
        }
        return true;
      };
      return figures.map((figure) => {
        const plot = figure.querySelector(".plot") as HTMLElement | null;
        const svg = figure.querySelector(".plot svg") as SVGSVGElement | null;
        // Vega hides tick labels that would collide by setting their opacity to 0: not drawn.
        const shown = (t: Element) => {
          for (let el: Element | null = t; el && el !== svg; el = el.parentElement) {
            const style = getComputedStyle(el);
            if (style.opacity === "0" || style.visibility === "hidden" || style.display === "none")
              return false;
          }
          return true;
        };
        const texts = svg
          ? Array.from(svg.querySelectorAll("text")).filter(
              (t) => (t.textContent ?? "").trim() !== "" && shown(t),
            )
          : [];
        // 1 px of tolerance on every side: glyph boxes include the font's line spacing.
        const boxes = texts.map((t) => ({ text: (t.textContent ?? "").trim(), quad: corners(t, 1) }));
        const overlaps: string[] = [];
        for (let i = 0; i < boxes.length; i++) {
          for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i];
            const b = boxes[j];
            if (a?.quad && b?.quad && intersect(a.quad, b.quad)) overlaps.push(`${a.text} | ${b.text}`);
          }
        }
        const crossedByRule: string[] = [];
        if (svg) {
          const rules = Array.from(
            svg.querySelectorAll("g.mark-rule.role-mark > path, g.mark-rule.role-mark > line"),
          )
            .map((r) => corners(r as SVGGraphicsElement, 0) ?? null)
            .filter((q) => q !== null);
          // A vertical rule has zero width; give it its stroke's width.
          const widened = Array.from(
            svg.querySelectorAll("g.mark-rule.role-mark > path, g.mark-rule.role-mark > line"),
          ).map((r) => {
            const rect = (r as SVGGraphicsElement).getBoundingClientRect();
            return [
              { x: rect.left - 1, y: rect.top },
              { x: rect.right + 1, y: rect.top },
              { x: rect.right + 1, y: rect.bottom },
              { x: rect.left - 1, y: rect.bottom },
            ];
          });
          for (const text of Array.from(svg.querySelectorAll("g.mark-text > text")).filter(shown)) {
            const quad = corners(text as SVGGraphicsElement, 1);
            if (quad && [...rules, ...widened].some((r) => intersect(r as Point[], quad)))
              crossedByRule.push((text.textContent ?? "").trim());
          }
        }
        return {
          id: figure.id,
          svgWidth: svg ? svg.getBoundingClientRect().width : 0,
          plotWidth: plot ? plot.clientWidth : 0,
          overflow: plot ? plot.scrollWidth - plot.clientWidth : 0,
          overlaps,
          crossedByRule,
          truncated: texts.map((t) => t.textContent ?? "").filter((t) => t.endsWith("…")),
        };
      });
    });
    const pageOverflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    return { viewport: width, pageOverflow, charts };
  } finally {
    await page.close();
  }
}
