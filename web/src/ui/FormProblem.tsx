import { ApiError } from '../api-error.js';
import { problemMessage } from '../problems.js';
import { Notice } from './Toast.js';

/** What a form keeps of its last failed submit: the problem (fields show their own lines), or a sentence. */
export type FormError = ApiError | string | undefined;

/** The part of a form's error that fields show under themselves (never a plain sentence: that goes once, below). */
export const fieldErrors = (error: FormError): ApiError | undefined => (error instanceof ApiError ? error : undefined);

/**
 * The form-level line of a failed submit, shown once: a sentence, or the problem's field messages for fields the
 * form does not show (`placed` lists the ones it does), or the problem in words when it names no field.
 */
export function FormProblem({ error, placed }: { error: FormError; placed: string[] }) {
  if (!error) return null;
  if (typeof error === 'string') return <Notice kind="error">{error}</Notice>;
  if (error.errors.length === 0) return <Notice kind="error">{problemMessage(error)}</Notice>;
  const isPlaced = (path: string) => placed.some((p) => path === p || path.startsWith(`${p}.`));
  const rest = error.errors.filter((e) => !isPlaced(e.path)).map((e) => e.message);
  if (rest.length === 0) return null;
  return <Notice kind="error">{[...new Set(rest)].join('；')}</Notice>;
}
