/** Segmented tabs (本月 / 本年 / 累计): a row of big buttons, the chosen one marked for screen readers. */
export function Tabs<K extends string>(props: {
  items: readonly { key: K; label: string }[];
  value: K;
  onChange: (key: K) => void;
  label?: string;
}) {
  return (
    <div class="tabs" role="tablist" aria-label={props.label}>
      {props.items.map((it) => (
        <button
          type="button"
          role="tab"
          key={it.key}
          class={`tab${it.key === props.value ? ' tab-active' : ''}`}
          aria-selected={it.key === props.value ? 'true' : 'false'}
          onClick={() => props.onChange(it.key)}
        >
          {it.label}
        </button>
      ))}
    </div>
  );
}
