import { escapeXml, renderSvg } from "../charts/render-svg.js";
import type { Block, ReportDocument } from "../document.js";
import type { Example } from "../report-data.js";
import { formatCell, type ReportTable } from "../table.js";
import { STYLES } from "./styles.js";

/**
 * One self-contained HTML page: inline CSS, charts as inline SVG, no scripts, no fonts, no URLs.
 * A strict Content-Security-Policy makes the browser refuse any request the page might still make.
 */
export async function renderHtml(document: ReportDocument): Promise<string> {
  const body: string[] = [];
  for (const section of document.sections) {
    const parts: string[] = [
      `<section id="${escapeXml(section.id)}">`,
      `<h2>${escapeXml(section.title)}</h2>`,
    ];
    for (const block of section.blocks) parts.push(await renderBlock(block));
    parts.push("</section>");
    body.push(parts.join("\n"));
  }
  const toc = document.sections
    .map((s) => `<a href="#${escapeXml(s.id)}">${escapeXml(s.title)}</a>`)
    .join(" ");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="valens">
<title>${escapeXml(document.title)}</title>
<style>${STYLES}</style>
</head>
<body>
<header class="top"><h1>${escapeXml(document.title)}</h1><p>${escapeXml(document.subtitle)}</p></header>
<nav class="toc">${toc}</nav>
<main>
${body.join("\n")}
</main>
<footer>Made with valens. Charts: Vega-Lite, rendered to SVG when the report was written. Every table is also exported as CSV.</footer>
</body>
</html>
`;
}

async function renderBlock(block: Block): Promise<string> {
  switch (block.kind) {
    case "text":
      return `<p class="note">${escapeXml(block.text)}</p>`;
    case "cards":
      return `<div class="cards-group"><h4>${escapeXml(block.title)}</h4><div class="cards">${block.cards
        .map(
          (c) =>
            `<div class="card"><div class="label">${escapeXml(c.label)}</div><div class="value">${escapeXml(c.value)}</div><div class="detail">${escapeXml(c.detail)}</div></div>`,
        )
        .join("")}</div></div>`;
    case "figure": {
      const svg = await renderSvg(block.spec, block.title);
      return `<figure class="chart" id="fig-${escapeXml(block.id)}">
<figcaption><h3>${escapeXml(block.title)}</h3><p>${escapeXml(block.caption)}</p></figcaption>
<div class="plot">${svg}</div>
<details><summary>Numbers behind this chart (${block.table.rows.length} rows, <code>${escapeXml(block.table.id)}.csv</code>)</summary>${renderTable(block.table)}</details>
</figure>`;
    }
    case "table": {
      const table = renderTable(block.table);
      const caption = `<p>${escapeXml(block.caption)} <code>${escapeXml(block.table.id)}.csv</code></p>`;
      return block.collapsed
        ? `<div class="table-block" id="tab-${escapeXml(block.table.id)}"><h3>${escapeXml(block.table.title)}</h3><details><summary>${escapeXml(block.caption)} (${block.table.rows.length} rows)</summary>${table}</details></div>`
        : `<div class="table-block" id="tab-${escapeXml(block.table.id)}"><h3>${escapeXml(block.table.title)}</h3>${caption}${table}</div>`;
    }
    case "examples":
      return renderExamples(block.examples, block.table);
  }
}

function renderTable(table: ReportTable): string {
  const head = table.columns.map((c) => `<th scope="col">${escapeXml(c.label)}</th>`).join("");
  const rows = table.rows
    .map(
      (row) =>
        `<tr>${table.columns
          .map((c) => {
            const cls = c.format === "text" ? "" : ' class="num"';
            return `<td${cls}>${escapeXml(formatCell(row[c.key], c.format))}</td>`;
          })
          .join("")}</tr>`,
    )
    .join("\n");
  return `<div class="table-wrap"><table><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table></div>`;
}

function renderExamples(examples: readonly Example[], table: ReportTable): string {
  if (examples.length === 0) {
    return `<div class="table-block"><h3>${escapeXml(table.title)}</h3><p class="note">No misaligned items.</p></div>`;
  }
  const cards = examples
    .map((e) => {
      const rating = e.statedMean.toFixed(2);
      return `<div class="example">
<div class="where">${escapeXml(e.country)} · ${escapeXml(e.topic)} · ${escapeXml(e.value)}</div>
<div class="stated">Stated: <strong>${e.statedStance}</strong> (mean rating ${rating} on 1 strongly agree … 4 strongly disagree); acted: <strong>${e.actedStance}</strong> (${Math.round(e.negativeShare * 100)}% negative choices)</div>
<p class="action chosen"><span class="tag">chose (${e.chosenPolarity} action)</span>${escapeXml(e.chosenAction ?? "(action text not in the run)")}</p>
<p class="action"><span class="tag">rejected (${e.chosenPolarity === "positive" ? "negative" : "positive"} action)</span>${escapeXml(e.otherAction ?? "(action text not in the run)")}</p>
</div>`;
    })
    .join("\n");
  return `<div class="table-block" id="tab-${escapeXml(table.id)}"><h3>${escapeXml(table.title)}</h3><div class="examples">${cards}</div><details><summary>As a table (<code>${escapeXml(table.id)}.csv</code>)</summary>${renderTable(table)}</details></div>`;
}
