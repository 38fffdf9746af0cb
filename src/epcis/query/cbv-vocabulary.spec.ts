import { bizStepTerm, errorReasonTerm } from './cbv-vocabulary';

describe('CBV terms in one form', () => {
  it('reads a business step written as a bare word, a GS1 web URI or a URN as the bare word', () => {
    for (const form of ['shipping', 'https://ref.gs1.org/cbv/BizStep-shipping', 'urn:epcglobal:cbv:bizstep:shipping']) {
      expect(bizStepTerm(form)).toBe('shipping');
    }
  });

  it('reads the ledger’s own steps with their prefix, expanded or not', () => {
    expect(bizStepTerm('cml:lost')).toBe('cml:lost');
    expect(bizStepTerm('urn:cml:lost')).toBe('cml:lost');
  });

  it('leaves other URIs as they are, and does not take a term of another vocabulary', () => {
    expect(bizStepTerm('https://example.org/steps/weighing')).toBe('https://example.org/steps/weighing');
    expect(bizStepTerm('https://ref.gs1.org/cbv/ER-incorrect_data')).toBe('https://ref.gs1.org/cbv/ER-incorrect_data');
  });

  it('reads error reasons the same way', () => {
    for (const form of ['incorrect_data', 'https://ref.gs1.org/cbv/ER-incorrect_data', 'urn:epcglobal:cbv:er:incorrect_data']) {
      expect(errorReasonTerm(form)).toBe('incorrect_data');
    }
  });
});
