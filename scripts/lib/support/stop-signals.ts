// The signals that stop a long-running command (Ctrl-C's SIGINT, and SIGTERM): `aios serve`, `aios mcp`
// and `aios usage --watch` listen for both the same way, and stop listening once they have stopped.

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Call `onStop` with the signal each time SIGINT or SIGTERM arrives; returns the function that stops
 * listening (call it once stopped, so a later signal gets the default behaviour again).
 *
 * @example const release = onStopSignal(() => controller.abort()); try { await loop(); } finally { release(); }
 */
export function onStopSignal(onStop: (signal: NodeJS.Signals) => void): () => void {
  const handler = (signal: NodeJS.Signals) => onStop(signal);
  for (const signal of STOP_SIGNALS) process.on(signal, handler);
  return () => {
    for (const signal of STOP_SIGNALS) process.off(signal, handler);
  };
}

/** Resolve with the first SIGINT or SIGTERM, and stop listening for both. */
export function untilStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const release = onStopSignal((signal) => {
      release();
      resolve(signal);
    });
  });
}
