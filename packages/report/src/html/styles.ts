/** Inline stylesheet: system fonts only, so the page never fetches anything. */
export const STYLES = `
:root { color-scheme: light; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --bg-soft: #f6f8fa; --accent: #0072B2; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: #fff; }
header.top { padding: 28px 40px 16px; border-bottom: 1px solid var(--line); background: var(--bg-soft); }
header.top h1 { margin: 0 0 4px; font-size: 26px; }
header.top p { margin: 0; color: var(--muted); }
nav.toc { padding: 10px 40px; border-bottom: 1px solid var(--line); font-size: 14px; }
nav.toc a { margin-right: 16px; color: var(--accent); text-decoration: none; white-space: nowrap; }
main { padding: 8px 40px 48px; max-width: 1500px; }
section { margin-top: 28px; }
h2 { font-size: 21px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 0 0 2px; }
h4 { margin: 16px 0 6px; font-size: 15px; }
p.note { color: var(--muted); max-width: 980px; }
.cards-group { display: inline-block; vertical-align: top; margin-right: 28px; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 6px 0 4px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; min-width: 150px; max-width: 200px; background: #fff; }
.card .label { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.card .value { font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; }
.card .detail { font-size: 12px; color: var(--muted); }
figure.chart { margin: 20px 0; padding: 14px; border: 1px solid var(--line); border-radius: 8px; }
figure.chart figcaption p { margin: 0 0 8px; color: var(--muted); font-size: 14px; }
.plot { overflow-x: auto; }
.plot svg { display: block; max-width: none; height: auto; }
details { margin-top: 8px; }
details > summary { cursor: pointer; color: var(--accent); font-size: 14px; }
.table-wrap { overflow-x: auto; margin: 8px 0; }
table { border-collapse: collapse; font-size: 13px; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: var(--bg-soft); font-weight: 600; position: sticky; top: 0; }
td.num { text-align: right; white-space: nowrap; }
.table-block { margin: 18px 0; }
.table-block p { margin: 0 0 6px; }
.examples { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 12px; }
.example { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; font-size: 14px; }
.example .where { font-weight: 600; }
.example .stated { color: var(--muted); margin: 4px 0; }
.example .action { margin: 6px 0 0; padding-left: 10px; border-left: 4px solid var(--line); }
.example .action.chosen { border-left-color: #D55E00; }
.example .tag { font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); display: block; }
footer { padding: 16px 40px; color: var(--muted); font-size: 13px; border-top: 1px solid var(--line); }
@media print { nav.toc { display: none; } figure.chart { break-inside: avoid; } }
`;
