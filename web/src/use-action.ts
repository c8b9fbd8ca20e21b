import { useState } from 'preact/hooks';
import { formError } from './problems.js';
import type { FormError } from './ui/index.js';

/**
 * A form's submit: `busy` while it runs, its failure kept as a FormError (a validation problem stays whole so
 * fields show their own lines; anything else becomes one sentence — the page's own for a slug in `words`, e.g.
 * `{ 'invalid-code': … }`). `run` answers whether it succeeded.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FormError>();
  const run = async (fn: () => Promise<unknown>, words?: Partial<Record<string, string>>): Promise<boolean> => {
    setBusy(true);
    setError(undefined);
    try {
      await fn();
      return true;
    } catch (e) {
      setError(formError(e, words));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}
