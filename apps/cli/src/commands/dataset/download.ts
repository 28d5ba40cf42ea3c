import { downloadVia } from "@valens/dataset-gen";
import { printJson, printLine } from "../../output.js";
import type { DownloadOptions } from "./options.js";

type DownloadReport = Awaited<ReturnType<typeof downloadVia>>;

export function runDownload(options: DownloadOptions): Promise<DownloadReport> {
  return downloadVia({
    to: options.to,
    ...(options.from === undefined ? {} : { from: options.from }),
    ...(options.sha256 === undefined ? {} : { sha256: options.sha256 }),
  });
}

export function printDownload(report: DownloadReport, options: DownloadOptions): void {
  const { manifest } = report;
  if (options.json) {
    printJson({ file: report.file, manifestFile: report.manifestFile, ...manifest });
    return;
  }
  printLine(
    `wrote ${report.file} (${manifest.records} records, sha256 of the source ${manifest.source.sha256})`,
  );
  printLine(
    `parse: ${manifest.parse.clean} clean, ${manifest.parse.repaired} repaired, ${manifest.parse.failed} failed`,
  );
  for (const [note, count] of Object.entries(manifest.parse.repairs))
    printLine(`  repaired: ${count} ${note}`);
  printLine(`items that cannot be paired (an answer with no action text): ${manifest.unpairable.length}`);
  for (const u of manifest.unpairable.slice(0, 10)) printLine(`  ${u.item}: ${u.reason}`);
  if (manifest.unpairable.length > 10)
    printLine(`  ... ${manifest.unpairable.length - 10} more in ${report.manifestFile}`);
}
