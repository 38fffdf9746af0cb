/** The service's follower thread, or null where the log is followed in process (KurrentDB). */
export const FOLLOWER_THREAD = Symbol('FOLLOWER_THREAD');
