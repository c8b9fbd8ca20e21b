import type { ComponentChildren } from 'preact';

/** A big number with its label (积分 1,280): for balances, hours, counts. */
export function Stat(props: { label: string; value: ComponentChildren; unit?: string; testId?: string }) {
  return (
    <div class="stat" data-testid={props.testId}>
      <div class="stat-label">{props.label}</div>
      <div class="stat-value">
        {props.value}
        {props.unit && <span class="stat-unit">{props.unit}</span>}
      </div>
    </div>
  );
}
