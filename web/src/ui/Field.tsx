import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import { ApiError } from '../api-error.js';

/** A field's error: a plain message, or the problem whose `errors[]` may name this field's `path`. */
export type FieldErrorSource = string | ApiError | null | undefined;

/** The message to show under the field at `path`, if any. */
export function errorFor(error: FieldErrorSource, path: string | undefined): string | undefined {
  if (!error) return undefined;
  if (typeof error === 'string') return error;
  return path && error instanceof ApiError ? error.fieldError(path) : undefined;
}

/**
 * Label + control + hint + error text, wired for screen readers. Use it around any control;
 * `Input` and `Select` below already use it.
 */
export function Field(props: {
  label: string;
  /** Lets a control inside pick up the ids (`useId` of the caller). */
  id: string;
  hint?: ComponentChildren;
  error?: string;
  children: ComponentChildren;
}) {
  return (
    <div class={`field${props.error ? ' field-invalid' : ''}`}>
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.hint && (
        <div class="field-hint" id={`${props.id}-hint`}>
          {props.hint}
        </div>
      )}
      {props.error && (
        <div class="field-error" id={`${props.id}-error`} role="alert">
          {props.error}
        </div>
      )}
    </div>
  );
}

const describedBy = (id: string, hint: unknown, error: unknown) =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

/**
 * A labelled text input. `error` takes a string or the `ApiError` of the last submit; with `path` the
 * field shows the problem's message for that field (`errors[].path`).
 */
export function Input(props: {
  label: string;
  value: string;
  onValue: (value: string) => void;
  path?: string;
  error?: FieldErrorSource;
  hint?: ComponentChildren;
  type?: 'text' | 'tel' | 'number' | 'search' | 'date' | 'datetime-local' | 'month';
  inputMode?: 'text' | 'numeric' | 'tel' | 'decimal' | 'search';
  autoComplete?: string;
  maxLength?: number;
  placeholder?: string;
  name?: string;
  autoFocus?: boolean;
}) {
  const id = useId();
  const error = errorFor(props.error, props.path ?? props.name);
  return (
    <Field label={props.label} id={id} hint={props.hint} error={error}>
      <input
        id={id}
        class="input"
        name={props.name ?? props.path}
        // Preact types each input type separately; all of these take a string value.
        type={(props.type ?? 'text') as 'text'}
        inputMode={props.inputMode}
        autoComplete={props.autoComplete}
        maxLength={props.maxLength}
        placeholder={props.placeholder}
        autoFocus={props.autoFocus}
        value={props.value}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.hint, error)}
        onInput={(e) => props.onValue(e.currentTarget.value)}
      />
    </Field>
  );
}

export interface SelectGroup {
  label: string;
  options: { value: string; label: string }[];
}

/** A labelled native select (large, familiar on phones), options optionally grouped. */
export function Select(props: {
  label: string;
  value: string;
  onValue: (value: string) => void;
  groups: SelectGroup[];
  placeholder?: string;
  path?: string;
  error?: FieldErrorSource;
  hint?: ComponentChildren;
  name?: string;
}) {
  const id = useId();
  const error = errorFor(props.error, props.path ?? props.name);
  return (
    <Field label={props.label} id={id} hint={props.hint} error={error}>
      <select
        id={id}
        class="input"
        name={props.name ?? props.path}
        value={props.value}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.hint, error)}
        onChange={(e) => props.onValue(e.currentTarget.value)}
      >
        {props.placeholder !== undefined && (
          <option value="" disabled>
            {props.placeholder}
          </option>
        )}
        {props.groups.map((g) =>
          g.label ? (
            <optgroup label={g.label} key={g.label}>
              {g.options.map((o) => (
                <option value={o.value} key={o.value}>
                  {o.label}
                </option>
              ))}
            </optgroup>
          ) : (
            g.options.map((o) => (
              <option value={o.value} key={o.value}>
                {o.label}
              </option>
            ))
          ),
        )}
      </select>
    </Field>
  );
}
