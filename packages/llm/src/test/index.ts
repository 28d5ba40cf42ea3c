/** Test helpers: an in-memory fake client (core's). Import from "@valens/llm/test"; the mock server is `@valens/mock-server`. */
export { fakeClient } from "@valens/core/test";
