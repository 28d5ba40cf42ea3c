/** The signals a long run stops on; both keep every answer received. */
const STOP_SIGNALS = ["SIGINT", "SIGTERM"] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

let received: StopSignal | undefined;

/** The stop signal that arrived during this process, if any (SIGTERM exits 143, SIGINT 130). */
export const receivedStopSignal = (): StopSignal | undefined => received;

/** Calls `stop` once on the first SIGINT or SIGTERM; returns the function that unregisters it. */
export function onStopSignal(stop: (signal: StopSignal) => void): () => void {
  const handlers = STOP_SIGNALS.map((signal) => {
    const handler = () => {
      received = signal;
      remove();
      stop(signal);
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  const remove = () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
  return remove;
}
