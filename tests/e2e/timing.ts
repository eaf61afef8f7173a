// How long the specs wait, scaled to the machine they run on: PORTICO_TIME_SCALE (a factor,
// default 1, and 2 when CI is set: CI runs on 2 cores beside the rest of the suite). Every
// explicit timeout in the specs and the config goes through `scaled`.
const factor = Number(process.env.PORTICO_TIME_SCALE ?? (process.env.CI ? 2 : 1));

if (!Number.isFinite(factor) || factor <= 0) {
  throw new Error(`PORTICO_TIME_SCALE must be a positive number, not ${process.env.PORTICO_TIME_SCALE}`);
}

/** `ms` milliseconds on this machine. */
export function scaled(ms: number): number {
  return Math.round(ms * factor);
}
