import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

/**
 * With BENCH_CPU_PROFILE=<folder>, the CPU profile of this process (the service's main thread)
 * while `work` runs, written as `<name>.cpuprofile` there: the measured load only, not start-up or
 * TypeScript compiling, which `node --cpu-prof` would mix in. Summarise it with
 * `bench/cpu-profile-summary.ts`. Without the variable, `work` runs alone.
 */
export async function profileLoadWindow<T>(name: string, work: () => Promise<T>): Promise<T> {
  const folder = process.env.BENCH_CPU_PROFILE;
  if (!folder) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `${name}.cpuprofile`), JSON.stringify(profile));
  }
}
