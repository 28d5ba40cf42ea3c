/** Test helpers: the OpenAI-compatible mock server. Import from "@valens/llm/test". */
export * from "../mock/index.js";
