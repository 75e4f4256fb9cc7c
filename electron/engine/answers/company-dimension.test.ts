// SCD2 rows from change records: each version valid until the next of the same company, the
// last current; a company that leaves and comes back has three versions.
import { describe, expect, it } from 'vitest';
import { type CompanyChange, companyDimension, dimensionCounts } from './company-dimension.ts';

const change = (
  company_id: string,
  kind: CompanyChange['change'],
  effective_at: string,
): CompanyChange => ({
  company_id,
  geography: company_id === 'b' ? 'EU' : 'US',
  active: kind !== 'deactivated',
  created_at: '2024-01-01T00:00:00.000Z',
  change: kind,
  effective_at,
});

describe('the company dimension (SCD2)', () => {
  const changes = [
    change('b', 'onboarded', '2024-01-01T00:00:00.000Z'),
    change('a', 'reactivated', '2024-01-01T05:00:00.000Z'),
    change('a', 'onboarded', '2024-01-01T00:00:00.000Z'),
    change('a', 'deactivated', '2024-01-01T02:30:00.000Z'),
    change('c', 'onboarded', '2024-01-01T01:00:00.000Z'),
    change('c', 'deactivated', '2024-01-01T03:00:00.000Z'),
  ];

  it('chains each company’s versions by effective time', () => {
    expect(companyDimension(changes)).toEqual([
      {
        company_id: 'a',
        geography: 'US',
        active: true,
        valid_from: '2024-01-01T00:00:00.000Z',
        valid_to: '2024-01-01T02:30:00.000Z',
        is_current: false,
      },
      {
        company_id: 'a',
        geography: 'US',
        active: false,
        valid_from: '2024-01-01T02:30:00.000Z',
        valid_to: '2024-01-01T05:00:00.000Z',
        is_current: false,
      },
      {
        company_id: 'a',
        geography: 'US',
        active: true,
        valid_from: '2024-01-01T05:00:00.000Z',
        valid_to: null,
        is_current: true,
      },
      {
        company_id: 'b',
        geography: 'EU',
        active: true,
        valid_from: '2024-01-01T00:00:00.000Z',
        valid_to: null,
        is_current: true,
      },
      {
        company_id: 'c',
        geography: 'US',
        active: true,
        valid_from: '2024-01-01T01:00:00.000Z',
        valid_to: '2024-01-01T03:00:00.000Z',
        is_current: false,
      },
      {
        company_id: 'c',
        geography: 'US',
        active: false,
        valid_from: '2024-01-01T03:00:00.000Z',
        valid_to: null,
        is_current: true,
      },
    ]);
  });

  it('counts companies, versions and changes', () => {
    expect(dimensionCounts(changes)).toEqual({
      companies: 3,
      versions: 6,
      deactivations: 2,
      reactivations: 1,
      inactive_now: 1,
    });
  });
});
