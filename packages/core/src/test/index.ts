export { hasSharedData, sharedDataPath, sharedDir } from "./shared-data.js";
