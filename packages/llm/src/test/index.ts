/** Test helpers: the OpenAI-compatible mock server and an in-memory fake client. Import from "@valens/llm/test". */

export { fakeClient } from "@valens/core/test";
export * from "../mock/index.js";
