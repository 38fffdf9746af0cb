'use strict';
/*
 * Preloaded into the soak's service (`node -r`) when BENCH_CPU_PROFILE=<folder> is set: profiles its
 * main thread from start to SIGTERM and writes `soak-<pid>.cpuprofile` there. `node --cpu-prof` cannot
 * serve: the service dies of the signal its shutdown hooks re-raise, and such an exit writes no profile.
 * A session on the same thread answers `post` synchronously, so the file is written before Nest's
 * own SIGTERM handler runs.
 */
const { Session } = require('node:inspector');
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const folder = process.env.BENCH_CPU_PROFILE;
if (folder) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  process.prependOnceListener('SIGTERM', () => {
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, `soak-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
