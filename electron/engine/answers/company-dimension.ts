// The company dimension as SCD type 2 rows, from the lifecycle's change records (the engine's,
// not read from companies.jsonl): one row per version of a company, valid from the instant its
// change takes effect until the next change of the same company (exclusive), the last one
// current.

export type CompanyChangeKind = 'onboarded' | 'deactivated' | 'reactivated';

/** A record of the companies stream with a lifecycle (docs/data-folder.md). */
export interface CompanyChange {
  company_id: string;
  geography: string;
  active: boolean;
  created_at: string;
  change: CompanyChangeKind;
  /** ISO millis with a Z. */
  effective_at: string;
}

export interface DimensionRow {
  company_id: string;
  geography: string;
  active: boolean;
  valid_from: string;
  /** The next version's valid_from; null while current. */
  valid_to: string | null;
  is_current: boolean;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The SCD2 rows of `changes` (any order; a company's changes are ordered by effective_at,
 * ties in the order given), by company_id then valid_from.
 */
export function companyDimension(changes: readonly CompanyChange[]): DimensionRow[] {
  const byCompany = new Map<string, CompanyChange[]>();
  for (const c of changes) {
    const list = byCompany.get(c.company_id);
    if (list) list.push(c);
    else byCompany.set(c.company_id, [c]);
  }
  const rows: DimensionRow[] = [];
  for (const id of [...byCompany.keys()].sort(byText)) {
    const versions = [...(byCompany.get(id) as CompanyChange[])].sort((a, b) =>
      byText(a.effective_at, b.effective_at),
    );
    versions.forEach((v, i) => {
      const next = versions[i + 1];
      rows.push({
        company_id: v.company_id,
        geography: v.geography,
        active: v.active,
        valid_from: v.effective_at,
        valid_to: next ? next.effective_at : null,
        is_current: !next,
      });
    });
  }
  return rows;
}

/** What the dimension says in numbers (for the answer key's summary). */
export interface DimensionCounts {
  companies: number;
  versions: number;
  deactivations: number;
  reactivations: number;
  /** Companies whose current version is inactive. */
  inactive_now: number;
}

export function dimensionCounts(changes: readonly CompanyChange[]): DimensionCounts {
  const rows = companyDimension(changes);
  return {
    companies: rows.filter((r) => r.is_current).length,
    versions: rows.length,
    deactivations: changes.filter((c) => c.change === 'deactivated').length,
    reactivations: changes.filter((c) => c.change === 'reactivated').length,
    inactive_now: rows.filter((r) => r.is_current && !r.active).length,
  };
}
