// Runs the valens CLI in this process, then reports its exit code and peak RSS as the last
// line on stderr: one process per measured command, so figures do not mix.
import { main } from "@valens/cli";

const code = await main(process.argv);
process.stderr.write(`\n${JSON.stringify({ code, maxRssKb: process.resourceUsage().maxRSS })}\n`);
process.exit(code);
