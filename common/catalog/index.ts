// Public surface of the catalog: shapes, validators and the sample catalog.
// Everything here is pure and safe to import from the renderer.
export type * from './types';
export type { ValueResult } from './result';
export { normaliseIdNumber, validateIdNumber, birthDateOf, genderOf, maskIdNumber } from './id-number';
export { normaliseCreditCode, validateCreditCode, CREDIT_CODE_ALPHABET } from './credit-code';
export { normaliseDivisionCode, validateDivisionCode, isProvinceCode } from './division-code';
export { validateDate } from './date-value';
export { validateInteger, validateDecimal } from './number-value';
export { validatePhone } from './phone';
export { validateValue, isBlank, itemValidators } from './validators';
export { validateRecord } from './validate-record';
export { toHalfWidth, normaliseIdentifier, charLength } from './normalise';
export { isLeapYear, isRealDate, chinaToday } from './calendar';
export {
  sampleCatalog,
  findResource,
  RESOURCE_POVERTY_HOUSEHOLD,
  RESOURCE_POPULATION,
  RESOURCE_DISASTER_REPORT,
  RESOURCE_MARKET_ENTITY,
  RESOURCE_HARDSHIP_VISIT,
} from './sample-catalog';
