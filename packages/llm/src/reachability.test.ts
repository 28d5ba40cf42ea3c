import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { checkReachable } from "./reachability.js";

const coded = (code: string) => Object.assign(new Error(code), { code });

describe("checkReachable", () => {
  it("passes when a server accepts the connection", async () => {
    const server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    try {
      await expect(checkReachable(`http://127.0.0.1:${port}/v1`)).resolves.toBeUndefined();
    } finally {
      server.close();
    }
  });

  it("fails with a network error (exit 6) naming the address when nothing listens", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const error = await checkReachable(`http://127.0.0.1:${port}/v1`).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "network" });
    expect(String((error as Error).message)).toContain(`127.0.0.1:${port}`);
    expect(String((error as Error).message)).toContain("ECONNREFUSED");
  });

  it("uses the scheme's default port and names an unresolvable host", async () => {
    const seen: [string, number][] = [];
    const error = await checkReachable("https://api.example.invalid/v1", {
      probe: async (host, port) => {
        seen.push([host, port]);
        throw coded("ENOTFOUND");
      },
    }).catch((e: unknown) => e);
    expect(seen).toEqual([["api.example.invalid", 443]]);
    expect(String((error as Error).message)).toContain("does not resolve");
  });

  it("reports a connect timeout and leaves other errors to the client", async () => {
    const timeout = await checkReachable("http://10.0.0.1:8000/v1", {
      timeoutMs: 5000,
      probe: async () => {
        throw coded("ETIMEDOUT");
      },
    }).catch((e: unknown) => e);
    expect(String((timeout as Error).message)).toContain("within 5 s");
    await expect(
      checkReachable("http://localhost:8000/v1", {
        probe: async () => {
          throw coded("EPROTO");
        },
      }),
    ).resolves.toBeUndefined();
  });
});
