/**
 * The KurrentDB the real-server tests start and `docker-compose.yml` runs: the latest 25.1 patch,
 * named in full (the testcontainers module names none of its own). 25.1.4 is the newest 25.1 tag
 * found in public deployment files and tests at the time of writing; a newer 25.1 patch may exist:
 * bump it here and in docker-compose.yml together (docker-compose.spec.ts checks they match).
 */
export const KURRENTDB_IMAGE = 'docker.kurrent.io/kurrent-latest/kurrentdb:25.1.4';
