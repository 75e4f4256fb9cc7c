// The companies' side of the key, from the engine: each company's region (for regional gold)
// and the lifecycle's change records (for the SCD2 dimension). Wired to the engine's world
// once it exists; until then a dataset has neither part.
import type {
  CompanyChange,
  DimensionCounts,
  DimensionRow,
} from '../../../engine/answers/company-dimension.ts';
import type { AnswerSource } from './source.ts';
import type { CompanyPlace } from './truths.ts';

export interface AnswerWorld {
  placeOf: CompanyPlace;
  changes(): CompanyChange[];
  dimension(): DimensionRow[];
  dimensionCounts(): DimensionCounts;
}

export function answerWorld(_source: AnswerSource): AnswerWorld | undefined {
  return undefined;
}
