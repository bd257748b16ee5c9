import { useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface Tab {
  /** Its name in the address (`?tab=needs`) and in element ids. */
  key: string;
  label: ReactNode;
}

/**
 * Tabs as the WAI-ARIA authoring practices describe them: a `tablist` of `tab`s, one `tabpanel`
 * (only the chosen tab's content is rendered). The chosen tab alone is in the tab order; the arrow
 * keys move between tabs and choose (Home and End: the first and the last). The caller keeps which
 * tab is chosen (the customer 360 keeps it in the address, so that a link or a reload lands on it).
 */
export function Tabs(props: {
  label: string;
  idPrefix: string;
  tabs: Tab[];
  selected: string;
  onSelect(key: string): void;
  children: ReactNode;
}) {
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const index = Math.max(
    0,
    props.tabs.findIndex((t) => t.key === props.selected),
  );
  const selected = props.tabs[index];
  const choose = (i: number) => {
    const tab = props.tabs[(i + props.tabs.length) % props.tabs.length];
    props.onSelect(tab.key);
    refs.current[tab.key]?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: props.tabs.length - 1 };
    if (!(e.key in moves)) return;
    e.preventDefault();
    choose(moves[e.key]);
  };
  return (
    <div className="tabs">
      <div role="tablist" aria-label={props.label} className="tab-list" onKeyDown={onKeyDown}>
        {props.tabs.map((t) => {
          const active = t.key === selected.key;
          return (
            <button
              key={t.key}
              ref={(el) => {
                refs.current[t.key] = el;
              }}
              type="button"
              role="tab"
              id={`${props.idPrefix}-tab-${t.key}`}
              aria-selected={active}
              aria-controls={`${props.idPrefix}-panel-${t.key}`}
              tabIndex={active ? 0 : -1}
              className={active ? 'tab tab-active' : 'tab'}
              onClick={() => props.onSelect(t.key)}
            >
              {t.label}
            </button>
          );
        })}
      </div>
      <div
        role="tabpanel"
        id={`${props.idPrefix}-panel-${selected.key}`}
        aria-labelledby={`${props.idPrefix}-tab-${selected.key}`}
        tabIndex={0}
        className="tab-panel"
      >
        {props.children}
      </div>
    </div>
  );
}
