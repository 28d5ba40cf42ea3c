import type { Command } from "commander";
import { registerCache } from "./cache.js";
import { registerMockServer } from "./mock-server.js";

/** Each command lives in its own module and adds itself to the program. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [registerCache, registerMockServer];
