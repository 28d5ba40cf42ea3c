export { ExitCode, exitCodeFor } from "./exit-codes.js";
export { main } from "./main.js";
export { createProgram } from "./program.js";
