import { ConfigError, loadConfig } from './ledger-config';

describe('LEDGER_BODY_LIMIT', () => {
  const bodyLimit = (value?: string) => loadConfig({ LEDGER_DATA_DIR: '/tmp/unused', ...(value === undefined ? {} : { LEDGER_BODY_LIMIT: value }) }).bodyLimit;

  it('reads sizes as they have always been written, in units of 1024, to bytes', () => {
    expect(bodyLimit()).toBe(1024 * 1024);
    expect(bodyLimit('512kb')).toBe(512 * 1024);
    expect(bodyLimit('2MB')).toBe(2 * 1024 * 1024);
    expect(bodyLimit('1.5kb')).toBe(1536);
    expect(bodyLimit('100000')).toBe(100000);
  });

  it.each(['big', '0', '-1mb', '1tb', '1 m'])('refuses %j naming the variable', (value) => {
    expect(() => bodyLimit(value)).toThrow(ConfigError);
    expect(() => bodyLimit(value)).toThrow(/LEDGER_BODY_LIMIT/);
  });
});
