// A server is brought to its steady state before a figure times it. A fresh Node process runs
// its code in V8's interpreter and compiles a function for speed only after it has run many
// times, on V8's worker threads: a server that has answered a few hundred calls spends about
// twice the CPU per call it spends once it has answered 4,000 (counting those threads' share).
// Figure 2 started timing its 1-client slices after about 250 calls per server, so its first
// repetitions measured how fast each server warms up, not how fast it answers
// (docs/performance.md, "why figure 2 at 1 client disagreed with figure 1").
import { log } from "./figure.mjs";
import { leanAgent, openLeanSession } from "./lean-http.mjs";

/**
 * Calls each HTTP server answers before a figure times it: a fresh server's finished TurboFan
 * compilations (`--trace-opt`) fell from 80–230 per 500 calls over its first 2,000 calls to 2–16
 * after 4,000, and its main thread's CPU per call by about 3× (docs/performance.md, "why figure 2
 * at 1 client disagreed with figure 1"). Made by 8 clients in fresh sessions of 125 calls, as the
 * 8-client slices open theirs. `--quick` makes 200: it checks the path, not the steady state.
 */
export const WARM_CALLS = 5_000;
export const QUICK_WARM_CALLS = 200;

/**
 * How `calls` warm-up calls are made: rounds of at most `clients` fresh sessions, each session
 * making at most `perSession` calls, every call made once. Returns one array per round, the calls
 * of each of its sessions.
 */
export function warmUpPlan(calls, clients, perSession) {
  if (!(calls >= 0 && clients >= 1 && perSession >= 1)) {
    throw new Error(`warm-up: calls ${calls}, clients ${clients}, perSession ${perSession}`);
  }
  const rounds = [];
  for (let left = calls; left > 0; ) {
    const round = Math.min(left, clients * perSession);
    const sessions = Math.ceil(round / perSession);
    rounds.push(
      Array.from(
        { length: sessions },
        (_, i) => Math.floor(round / sessions) + (i < round % sessions ? 1 : 0),
      ),
    );
    left -= round;
  }
  return rounds;
}

/**
 * Makes `calls` calls of `side.tool` on `side.url` by lean clients, in fresh sessions as the
 * figure's slices have (plan above), nothing timed. Resolves the number of calls made.
 */
export async function warmUp(side, { calls, clients, perSession }) {
  const agent = leanAgent(Math.max(clients, 16));
  let made = 0;
  try {
    for (const round of warmUpPlan(calls, clients, perSession)) {
      const sessions = await Promise.all(round.map(() => openLeanSession(side.url, agent)));
      await Promise.all(
        sessions.map(async (s, k) => {
          for (let i = 0; i < round[k]; i++) {
            const result = await s.call(side.tool, { q: `warm${k}-${i % 100}` });
            if (result.isError) throw new Error(`${side.tool}: ${result.content?.[0]?.text}`);
            made += 1;
          }
        }),
      );
      await Promise.all(sessions.map((s) => s.close()));
    }
  } finally {
    agent.destroy();
  }
  return made;
}

/**
 * Brings every side of a figure to its steady state before anything is timed: each side (`url`,
 * `tool`) answers the same number of calls, one side after the other, so that no side starts
 * warmer than another. `calls` overrides the default (a figure run alone with '{"warmCalls":0}'
 * measures cold servers, as the figures did before).
 */
export async function warmUpSides(sides, { quick, calls }) {
  const warming = { calls: calls ?? (quick ? QUICK_WARM_CALLS : WARM_CALLS), clients: 8, perSession: 125 };
  for (const [name, side] of Object.entries(sides)) {
    const t0 = performance.now();
    const made = await warmUp(side, warming);
    log(`warm-up: ${name} answered ${made} calls in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
}
