// The generator-answer reader lives in @valens/core, shared with the VIA import.
export { type GeneratedFields, readGeneratedAnswer, recoverFields } from "@valens/core";
