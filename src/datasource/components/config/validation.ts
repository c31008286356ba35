/**
 * Inline checks of the config page. They only explain: the values are saved anyway, and the
 * backend's health check refuses bad settings, naming the field.
 */
import { IDENTIFIER_PATTERN } from '../../../shared/datasourceSettings';

export interface NumberLimits {
  min: number;
  max: number;
}

const formatNumber = (value: number) => value.toLocaleString('en-US');

/** Why a table or column name is refused, or `undefined` when it is fine or empty (the default applies). */
export function identifierError(value: string | undefined): string | undefined {
  if (value === undefined || value === '' || IDENTIFIER_PATTERN.test(value)) {
    return undefined;
  }
  if (value.length > 64) {
    return `"${value}" is longer than 64 characters.`;
  }
  return `"${value}" is not a plain identifier: use letters, digits and _, and do not start with a digit.`;
}

/** Why a number setting is refused, or `undefined` when it is fine or unset (the default applies). */
export function numberError(label: string, value: number | undefined, limits: NumberLimits): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!Number.isInteger(value) || value < limits.min || value > limits.max) {
    return `${label} must be a whole number from ${formatNumber(limits.min)} to ${formatNumber(limits.max)}; ${value} is not.`;
  }
  return undefined;
}
