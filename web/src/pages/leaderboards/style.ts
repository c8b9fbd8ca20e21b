/** The page's own styles (kept in its chunk, so other pages do not load them). Large, high-contrast text. */
export const LB_STYLE = `
.lb-pickers .tabs { margin-bottom: 10px; }
.lb-note { margin: 0 0 12px; }
.lb-chart { display: block; }
.lb-chart-label { fill: var(--ink); font-size: 18px; }
.lb-chart-value { fill: var(--ink); font-size: 17px; font-weight: 700; }
.lb-bar { fill: var(--red); }
.lb-bar-mine { fill: var(--gold); }
.lb-list { margin: 0; padding: 0; list-style: none; }
.lb-row { display: flex; align-items: center; gap: 12px; min-height: 56px; padding: 6px 8px;
  border-bottom: 1px solid var(--line); font-size: 1.15rem; }
.lb-row:last-child { border-bottom: 0; }
.lb-row-mine { border-radius: 10px; background: #fff4d6; outline: 2px solid var(--gold); font-weight: 700; }
.lb-rank { flex: 0 0 2.4em; height: 2.4em; border-radius: 50%; background: #ece9e4; color: var(--ink);
  font-weight: 800; line-height: 2.4em; text-align: center; }
.lb-rank-1 { background: #f6c945; } .lb-rank-2 { background: #d9d9d9; } .lb-rank-3 { background: #e7b48a; }
.lb-name { flex: 1; min-width: 0; overflow-wrap: anywhere; }
.lb-tag { margin-left: 8px; padding: 2px 8px; border-radius: 8px; background: var(--gold); color: #fff;
  font-size: 0.85rem; }
.lb-value { color: var(--red-dark); font-weight: 800; white-space: nowrap; }
.lb-me-row { display: flex; justify-content: space-between; align-items: baseline; gap: 12px; padding: 4px 0; }
.lb-me-label { color: var(--muted); }
.lb-me-rank, .lb-me-value { color: var(--red-dark); font-size: 1.5rem; font-weight: 800; }
`;
