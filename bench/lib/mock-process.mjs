// A mock server in its own process, so it does not share the measured process's CPU or memory.
// Options come as JSON in argv[2]; prints the base URL on stdout, exits when stdin closes.
import { startMockServer } from "@valens/mock-server";

const mock = await startMockServer(JSON.parse(process.argv[2] ?? "{}"));
process.stdout.write(`${mock.baseUrl}\n`);
process.stdin.resume();
process.stdin.on("end", async () => {
  await mock.close();
  process.exit(0);
});
