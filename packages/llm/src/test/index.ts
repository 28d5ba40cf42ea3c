/** Test helpers: the OpenAI-compatible mock server and an in-memory fake client. Import from "@valens/llm/test". */
export * from "../mock/index.js";
export { fakeClient } from "./fake-client.js";
