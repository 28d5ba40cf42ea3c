// The generator-answer reader lives in @valens/core, shared with the VIA import.
export { type GeneratedFields, readGeneratedAnswer } from "@valens/core";
