#!/usr/bin/env node
import { main } from "../dist/bundle/main.js";

// A closed pipe (`valens ... | head`) ends the command quietly instead of with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
    throw error;
  });
}

process.exitCode = await main(process.argv);
