export type {
  BusinessCalendar,
  CalendarExplanation,
  ExplanationStep,
  ExplanationStepKind,
  Interval,
} from './calendar';
export { createCalendar } from './calendar';
export type { Holiday } from './holidays';
export { CHRISTMAS_EVE_FROM_YEAR, easterSunday, polishHolidays } from './holidays';
export type { CalendarDefinition, CalendarDefinitionInput, Closure, Range, Weekday } from './schema';
export { CalendarDefinitionSchema, ClosureSchema, RangeSchema, WEEKDAYS } from './schema';
