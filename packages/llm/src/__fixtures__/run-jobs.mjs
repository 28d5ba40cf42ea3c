// Child process for the kill tests: runs N jobs against a base URL and prints one line per
// committed answer, so the parent can SIGKILL it mid-run.
import { createModelClient } from "../../dist/index.js";

const [baseUrl, storePath, count, mode, pollMs] = process.argv.slice(2);
const client = createModelClient("openai:gpt-4o-mini", {
  baseUrl,
  storePath,
  apiKey: process.env.TEST_API_KEY,
  config: {},
  concurrency: 4,
  log: (line) => process.stderr.write(`${line}\n`),
  batch: { pollIntervalMs: Number(pollMs ?? 100) },
});
const jobs = Array.from({ length: Number(count) }, (_, i) => ({
  id: `job-${i}`,
  messages: [{ role: "user", content: `Kill test prompt number ${i}` }],
  params: { temperature: 0.2, seed: 7 },
  meta: i,
}));
const { summary } = await client.run(jobs, {
  batch: mode === "batch",
  onResult: (result) => process.stdout.write(`${result.ok ? "ok" : "fail"} ${result.job.id}\n`),
});
process.stdout.write(`done ${JSON.stringify(summary)}\n`);
await client.close();
