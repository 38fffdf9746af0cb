import { ProblemError } from '../../problems';
import { readEventQuery } from './epcis-query-parameters';

describe('the query string of an EPCIS events read', () => {
  const problemOf = (query: Record<string, string | string[]>) => {
    try {
      readEventQuery(query);
    } catch (error) {
      if (error instanceof ProblemError) return error.problem;
      throw error;
    }
    throw new Error('no problem');
  };

  it('reads lists given as a|b or by repeating the parameter, and CBV terms in any form', () => {
    const { filter } = readEventQuery({
      EQ_bizStep: ['shipping|urn:epcglobal:cbv:bizstep:receiving', 'https://ref.gs1.org/cbv/BizStep-commissioning'],
      EQ_errorReason: 'urn:epcglobal:cbv:er:did_not_occur',
      MATCH_anyEPCClass: 'urn:cml:lot:A|urn:cml:lot:B',
      MATCH_inputEPCClass: 'urn:cml:lot:C',
    });
    expect(filter.bizSteps).toEqual(['shipping', 'receiving', 'commissioning']);
    expect(filter.errorReasons).toEqual(['did_not_occur']);
    expect(filter.epcClasses).toEqual([
      { roles: ['input'], classes: ['urn:cml:lot:C'] },
      { roles: ['quantity', 'input', 'output'], classes: ['urn:cml:lot:A', 'urn:cml:lot:B'] },
    ]);
  });

  it('reads times as instants, an unencoded "+" offset included', () => {
    const { filter } = readEventQuery({ GE_eventTime: '2024-03-01T09:00:00 09:00', LT_recordTime: '2024-03-01T00:00:00Z' });
    expect(filter.eventTimeFrom).toBe(filter.recordTimeBefore);
  });

  it('defaults to 30 events a page, no token and no minPosition', () => {
    expect(readEventQuery({})).toEqual({ filter: {}, perPage: 30, nextPageToken: null, minPosition: null });
    expect(readEventQuery({ perPage: '1000', minPosition: '42', EXISTS_errorDeclaration: '' })).toMatchObject({ perPage: 1000, minPosition: 42n, filter: { withErrorDeclaration: true } });
  });

  it('names every unknown parameter, and refuses a single-valued one given twice', () => {
    expect(problemOf({ eventType: 'ObjectEvent', EQ_action: 'ADD', eventCountLimit: '5' })).toMatchObject({
      code: 'unknown-query-parameter',
      errors: [{ field: 'EQ_action' }, { field: 'eventCountLimit' }],
    });
    expect(problemOf({ perPage: ['10', '20'] })).toMatchObject({ code: 'invalid-query', errors: [{ field: 'perPage' }] });
    expect(problemOf({ EQ_eventID: 'urn:uuid:a||urn:uuid:b' })).toMatchObject({ code: 'invalid-query', errors: [{ field: 'EQ_eventID' }] });
  });
});
