/** Test helpers for packages built on core: shared-data lookup, an in-memory ModelClient, VIA fixtures. */
export { fakeClient } from "./fake-client.js";
export {
  hasSharedData,
  hasSharedFiles,
  REQUIRE_SHARED_DATA_ENV,
  sharedDataPath,
  sharedDir,
  sharedPath,
} from "./shared-data.js";
export { csvText, VIA_FIXTURE_ROWS, viaAnswer, viaCsv } from "./via-fixtures.js";
