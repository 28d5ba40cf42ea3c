export { promptHash } from "./chat-request.js";
export {
  type FailStatus,
  type MockServerOptions,
  mockServerOptionsSchema,
  type ResolvedMockOptions,
} from "./options.js";
export { type PersonaFile, personaSchema } from "./persona-schema.js";
export { type MockServer, startMockServer } from "./server.js";
export type { MockStats } from "./stats.js";
