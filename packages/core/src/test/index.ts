/** Test helpers for packages built on core: shared-data lookup and an in-memory ModelClient. */
export { fakeClient } from "./fake-client.js";
export {
  hasSharedData,
  hasSharedFiles,
  REQUIRE_SHARED_DATA_ENV,
  sharedDataPath,
  sharedDir,
  sharedPath,
} from "./shared-data.js";
