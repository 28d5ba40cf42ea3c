export { promptHash } from "./chat-request.js";
export { loadDataset } from "./dataset-index.js";
export { mockEmbedding } from "./embeddings.js";
export {
  type FailStatus,
  type MockServerOptions,
  mockServerOptionsSchema,
  NO_FAULTS,
  type ResolvedMockOptions,
} from "./options.js";
export { loadPersonaFile, Persona, parsePersona, type Rating } from "./persona.js";
export { type PersonaFile, personaSchema } from "./persona-schema.js";
export { type RecognizedPrompt, recognizePrompt } from "./prompt-recognition.js";
export { recognizeByRules } from "./rule-recognition.js";
export { type MockServer, type MockServerDeps, startMockServer } from "./server.js";
export type { MockStats } from "./stats.js";
