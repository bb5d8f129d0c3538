export * from './get-kpis.js';
export { figureCtes, kpisSql, OVERALL, type FigureScope } from './figures-sql.js';
export { resolveScope } from './scope.js';
export * from './list-figure-rows.js';
export * from './figure-csv.js';
export * from './get-dashboard.js';
export { getLateNotices } from './late-notices.js';
export { getPractice, listPracticeRows } from './practice.js';
