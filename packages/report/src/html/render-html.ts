import { escapeXml as escape, renderSvg } from "../charts/render-svg.js";
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
    const parts: string[] = [`<section id="${escape(section.id)}">`, `<h2>${escape(section.title)}</h2>`];
    for (const block of section.blocks) parts.push(await renderBlock(block));
    parts.push("</section>");
    body.push(parts.join("\n"));
  }
  const toc = document.sections.map((s) => `<a href="#${escape(s.id)}">${escape(s.title)}</a>`).join(" ");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="valens">
<title>${escape(document.title)}</title>
<style>${STYLES}</style>
</head>
<body>
<header class="top"><h1>${escape(document.title)}</h1><p>${escape(document.subtitle)}</p></header>
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
      return `<p class="note">${escape(block.text)}</p>`;
    case "cards":
      return `<div class="cards-group"><h4>${escape(block.title)}</h4><div class="cards">${block.cards
        .map(
          (c) =>
            `<div class="card"><div class="label">${escape(c.label)}</div><div class="value">${escape(c.value)}</div><div class="detail">${escape(c.detail)}</div></div>`,
        )
        .join("")}</div></div>`;
    case "figure": {
      const svg = await renderSvg(block.spec, block.title);
      return `<figure class="chart" id="fig-${escape(block.id)}">
<figcaption><h3>${escape(block.title)}</h3><p>${escape(block.caption)}</p></figcaption>
<div class="plot">${svg}</div>
<details><summary>Numbers behind this chart (${block.table.rows.length} rows, <code>${escape(block.table.id)}.csv</code>)</summary>${renderTable(block.table)}</details>
</figure>`;
    }
    case "table": {
      const table = renderTable(block.table);
      const caption = `<p>${escape(block.caption)} <code>${escape(block.table.id)}.csv</code></p>`;
      return block.collapsed
        ? `<div class="table-block" id="tab-${escape(block.table.id)}"><h3>${escape(block.table.title)}</h3><details><summary>${escape(block.caption)} (${block.table.rows.length} rows)</summary>${table}</details></div>`
        : `<div class="table-block" id="tab-${escape(block.table.id)}"><h3>${escape(block.table.title)}</h3>${caption}${table}</div>`;
    }
    case "examples":
      return renderExamples(block.examples, block.table);
  }
}

export function renderTable(table: ReportTable): string {
  const head = table.columns.map((c) => `<th scope="col">${escape(c.label)}</th>`).join("");
  const rows = table.rows
    .map(
      (row) =>
        `<tr>${table.columns
          .map((c) => {
            const cls = c.format === "text" ? "" : ' class="num"';
            return `<td${cls}>${escape(formatCell(row[c.key], c.format))}</td>`;
          })
          .join("")}</tr>`,
    )
    .join("\n");
  return `<div class="table-wrap"><table><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table></div>`;
}

function renderExamples(examples: readonly Example[], table: ReportTable): string {
  if (examples.length === 0) {
    return `<div class="table-block"><h3>${escape(table.title)}</h3><p class="note">No misaligned items.</p></div>`;
  }
  const cards = examples
    .map((e) => {
      const rating = e.statedMean.toFixed(2);
      return `<div class="example">
<div class="where">${escape(e.country)} · ${escape(e.topic)} · ${escape(e.value)}</div>
<div class="stated">Stated: <strong>${e.statedStance}</strong> (mean rating ${rating} on 1 strongly agree … 4 strongly disagree); acted: <strong>${e.actedStance}</strong> (${Math.round(e.negativeShare * 100)}% negative choices)</div>
<p class="action chosen"><span class="tag">chose (${e.chosenPolarity} action)</span>${escape(e.chosenAction ?? "(action text not in the run)")}</p>
<p class="action"><span class="tag">rejected (${e.chosenPolarity === "positive" ? "negative" : "positive"} action)</span>${escape(e.otherAction ?? "(action text not in the run)")}</p>
</div>`;
    })
    .join("\n");
  return `<div class="table-block" id="tab-${escape(table.id)}"><h3>${escape(table.title)}</h3><div class="examples">${cards}</div><details><summary>As a table (<code>${escape(table.id)}.csv</code>)</summary>${renderTable(table)}</details></div>`;
}
