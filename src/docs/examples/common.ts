import { type FieldProblem, type ProblemCode, problemStatus, problemTitles } from '../../lib/api-error';
import type { ProblemBody } from '../../schemas/common';
import { ids } from './story';

/** The problem `code` answers, with its status and title, as an example; `instance` names the story's request. */
export function problemExample(code: ProblemCode, detail: string, errors?: FieldProblem[]): ProblemBody {
  return {
    type: `/docs#problem-${code}`,
    title: problemTitles[code],
    status: problemStatus[code],
    detail,
    code,
    instance: `urn:request:${ids.request}`,
    ...(errors ? { errors } : {}),
  };
}
