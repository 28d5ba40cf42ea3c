import {
  type Catalog,
  catalogFileSchema,
  defaultCatalog,
  describeZodIssue,
  InputError,
  readJsonOrYamlFile,
} from "@valens/core";

/** The study's catalog, extended by a user's catalog file when given. */
export async function loadCatalog(file: string | undefined): Promise<Catalog> {
  if (file === undefined) return defaultCatalog;
  const data = await readJsonOrYamlFile(file, "catalog file");
  const result = catalogFileSchema.safeParse(data);
  if (!result.success) {
    throw new InputError(`The catalog file is invalid: ${describeZodIssue(result.error, "(file)")}`, {
      file,
      hint: 'Expected {"values": [{"name", "category", "gloss"}], "countries": [...], "topics": [...]}',
    });
  }
  return defaultCatalog.extend(result.data, file);
}
