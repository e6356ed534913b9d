import type { operations } from '../../../generated/v3.ts';
import type { HandlerTable } from '../handlers.ts';
import { notYetServed } from '../not-yet-served.ts';

export const schoolsHandlers = {
  listSchools: notYetServed('listSchools'),
  getSchool: notYetServed('getSchool'),
} satisfies Pick<HandlerTable<operations>, 'listSchools' | 'getSchool'>;
