import { NAME_MATCH_THRESHOLD, nameSimilarity, normaliseName } from './name-matching';

const similarity = (a: string, b: string) => nameSimilarity(normaliseName(a), normaliseName(b));

describe('name matching: normalised names compared by Jaro-Winkler against a documented threshold', () => {
  it.each([
    ['Xinjiang Nonferrous Metal Industry (Group) Co., Ltd.', 'XINJIANG NONFERROUS METAL INDUSTRY GROUP'],
    ['Société Générale S.A.', 'Societe Generale'],
    ['PT Halmahera Persada Lygend', 'Halmahera Persada Lygend, PT'],
    ['Norilsk Nickel', 'Норильский никель'],
    ['Xinjiang Zhongtai Chemical Co., Ltd.', 'Xinjiang Zhongtai Chemicals'],
    ['Huayou Cobalt', 'Zhejiang Huayou Cobalt'],
    ['Minera Alpha SA', 'Minera Alfa S.A.'],
  ])('one company: %s ~ %s', (a, b) => {
    expect(similarity(a, b)).toBeGreaterThanOrEqual(NAME_MATCH_THRESHOLD);
  });

  it.each([
    ['Xinjiang Zhongtai Chemical Co., Ltd.', 'Xinjiang Tianshan Chemical'],
    ['Zijin Mining Group Co., Ltd.', 'Zijin Copper Co. Ltd.'],
    ['Ganfeng Lithium', 'Tianqi Lithium'],
    ['PT Halmahera Laterite Nickel', 'PT Halmahera Persada HPAL'],
  ])('two companies: %s ≁ %s', (a, b) => {
    expect(similarity(a, b)).toBeLessThan(NAME_MATCH_THRESHOLD);
  });

  it('leaves out case, punctuation, legal forms and generic words; a name of nothing but those matches nothing', () => {
    expect(normaliseName('Hoshine Silicon Industry Co., Ltd.').sorted).toBe('hoshine silicon');
    expect(similarity('Co., Ltd.', 'Co., Ltd.')).toBe(0);
    expect(similarity('ABC', 'ABC')).toBe(0);
  });
});
