export {
  hasSharedData,
  hasSharedFiles,
  REQUIRE_SHARED_DATA_ENV,
  sharedDataPath,
  sharedDir,
  sharedPath,
} from "./shared-data.js";
