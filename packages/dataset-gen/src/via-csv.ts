import { type ActionRecord, type Catalog, defaultCatalog, importVia } from "@valens/core";
import { recoverFields } from "./answer.js";

/** The published VIA dataset's generator and prompt variant (PROTOCOL.md). */
export const VIA_GENERATOR = "gpt-4o-2024-11-20";
export const VIA_VARIANT = 5;

/**
 * Reads the published VIA CSV with core's reader (`importVia`: names made canonical, one record
 * per item and polarity, `sourceRow` = the study's 0-based row), then recovers the fields of
 * answers whose JSON no repairer can read (marked "repaired", with a note), and tags the
 * records with the study's generator and variant.
 */
export async function readViaCsv(file: string, catalog: Catalog = defaultCatalog): Promise<ActionRecord[]> {
  const { actions } = await importVia(file, { catalog });
  return actions.map((record) => ({
    ...record,
    ...(record.parseStatus === "failed" ? (recoverFields(record.raw) ?? {}) : {}),
    variant: VIA_VARIANT,
    generator: VIA_GENERATOR,
  }));
}
