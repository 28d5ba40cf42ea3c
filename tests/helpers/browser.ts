import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium } from "playwright-core";

const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Whether Chromium is installed; prints why the browser tests are skipped when it is not. */
export function hasChromium(): boolean {
  if (existsSync(chromiumPath)) return true;
  console.warn(
    `Skipping the report browser tests: no Chromium at ${chromiumPath} (apt-get install chromium)`,
  );
  return false;
}

/**
 * Networking off: every proxied request goes to a closed port, loopback is not exempt, and the
 * background services that phone home are disabled. The page must not even try, which the
 * request log checks.
 */
const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-default-apps",
  "--proxy-server=127.0.0.1:9",
  "--proxy-bypass-list=<-loopback>",
];

export interface PageCheck {
  consoleErrors: string[];
  requests: string[];
  charts: { id: string; marks: number; width: number; height: number }[];
}

/** Opens a report from disk and reports console errors, requests other than the page, chart marks. */
export async function checkReport(
  browser: Browser,
  file: string,
  screenshotTo?: string,
  elementShots: { selector: string; path: string }[] = [],
): Promise<PageCheck> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  const pageUrl = pathToFileURL(file).href;
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(error.message));
  page.on("request", (request) => {
    if (request.url() !== pageUrl) requests.push(request.url());
  });
  await page.goto(pageUrl, { waitUntil: "load" });
  const charts = await page.$$eval("figure.chart", (figures) =>
    figures.map((figure) => {
      const svg = figure.querySelector(".plot svg");
      // Vega puts data marks in groups with role-mark (axes, legends and titles have other roles).
      const marks = svg
        ? svg.querySelectorAll("g.role-mark > path, g.role-mark > line, g.role-mark > text")
        : [];
      let drawn = 0;
      for (const mark of Array.from(marks)) {
        const box = (mark as SVGGraphicsElement).getBBox();
        if (box.width > 0 || box.height > 0) drawn++;
      }
      const rect = svg?.getBoundingClientRect();
      return { id: figure.id, marks: drawn, width: rect?.width ?? 0, height: rect?.height ?? 0 };
    }),
  );
  if (screenshotTo) {
    await mkdir(dirname(screenshotTo), { recursive: true });
    await page.screenshot({ path: screenshotTo, fullPage: false });
  }
  for (const shot of elementShots) {
    await mkdir(dirname(shot.path), { recursive: true });
    await page.locator(shot.selector).screenshot({ path: shot.path });
  }
  await page.close();
  return { consoleErrors, requests, charts };
}

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
