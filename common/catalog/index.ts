// Public surface of the catalog: its schema and types, validators, lookup and the sample catalog.
// Everything here is pure and safe to import from the renderer.
export type * from './types';
export {
  SHARING_TYPES,
  UPDATE_CYCLES,
  ITEM_TYPES,
  DIVISION_CODE_LENGTHS,
  DIVISION_SCOPES,
  sharingTypeSchema,
  updateCycleSchema,
  itemTypeSchema,
  divisionCodeLengthSchema,
  divisionScopeSchema,
  divisionEntrySchema,
  codeTableEntrySchema,
  catalogItemSchema,
  catalogResourceSchema,
  catalogSchema,
  fieldErrorSchema,
} from './schema';
export { findResource } from './lookup';
export type { ValueResult } from './result';
export { normaliseIdNumber, validateIdNumber, birthDateOf, genderOf, maskIdNumber } from './id-number';
export { normaliseCreditCode, validateCreditCode, CREDIT_CODE_ALPHABET } from './credit-code';
export { normaliseDivisionCode, validateDivisionCode, isProvinceCode } from './division-code';
export { areaPrefix, isVillageCode, findDivision, villagesIn, townshipOf, divisionFullName, type DivisionTable } from './division-table';
export { checkNodeDivision, nodeDivisionLabel, divisionExample, type DivisionContext } from './node-division';
export { validateDate } from './date-value';
export { validateInteger, validateDecimal } from './number-value';
export { validatePhone } from './phone';
export { validateValue, isBlank, itemValidators } from './validators';
export { validateRecord } from './validate-record';
export { toHalfWidth, normaliseIdentifier, charLength } from './normalise';
export { isLeapYear, isRealDate, chinaToday } from './calendar';
export {
  sampleCatalog,
  RESOURCE_POVERTY_HOUSEHOLD,
  RESOURCE_POPULATION,
  RESOURCE_DISASTER_REPORT,
  RESOURCE_MARKET_ENTITY,
  RESOURCE_HARDSHIP_VISIT,
} from './sample-catalog';
